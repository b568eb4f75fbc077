/**
 * Validation on create and update, with the API server's field errors
 * (k8s.io/apimachinery/pkg/util/validation messages, word for word).
 */
import type { ResourceType } from '../resources';
import { deepEqual, type KubeObject } from '../store';
import { statusErrors } from '../status';
import { isQualifiedName, isValidLabelValue } from '@/lib/k8s/label-selector';

export interface FieldError {
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueTooLong' | 'FieldValueTypeInvalid';
  message: string;
  field: string;
}

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_RE = new RegExp(`^${DNS1123_LABEL}$`);
const SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const DNS1035_RE = new RegExp(`^${DNS1035_LABEL}$`);

function regexError(message: string, format: string, ...examples: string[]): string {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  // Go's RegexError joins "'a', " and "'b', " with " or ", leaving two spaces before "or".
  return `${message} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${format}')`;
}

const maxLenError = (n: number) => `must be no more than ${n} characters`;

export function isDns1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!LABEL_RE.test(value)) {
    if (SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else
      errs.push(
        regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL, 'my-name', '123-abc'),
      );
  }
  return errs;
}

export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

export function isDns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_RE.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** path.IsValidPathSegmentName, the rule for RBAC object names. */
export function isPathSegmentName(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  if (value.includes('/')) errs.push("may not contain '/'");
  if (value.includes('%')) errs.push("may not contain '%'");
  return errs;
}

type NameRule = (name: string) => string[];

function nameRule(type: ResourceType): NameRule {
  if (type.group === '' && type.plural === 'namespaces') return isDns1123Label;
  if (type.group === '' && type.plural === 'services') return isDns1035Label;
  if (type.group === 'rbac.authorization.k8s.io') return isPathSegmentName;
  return isDns1123Subdomain;
}

/** A Go-quoted value as field errors print it. */
function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify((value as Record<string, unknown>)[k])}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return String(value);
}

export const fieldErrors = {
  required(field: string, detail = ''): FieldError {
    return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
  },
  invalid(field: string, value: unknown, detail: string): FieldError {
    return { reason: 'FieldValueInvalid', message: `Invalid value: ${quote(value)}: ${detail}`, field };
  },
  forbidden(field: string, detail: string): FieldError {
    return { reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field };
  },
};

/** Metadata checks of ValidateObjectMeta for a new object (name already generated from generateName). */
function validateMetadata(type: ResourceType, obj: KubeObject, errors: FieldError[]): void {
  const rule = nameRule(type);
  const meta = obj.metadata ?? {};
  if (meta.generateName) {
    for (const msg of rule(meta.generateName.replace(/-$/, 'a'))) errors.push(fieldErrors.invalid('metadata.generateName', meta.generateName, msg));
  }
  if (!meta.name) errors.push(fieldErrors.required('metadata.name', 'name or generateName is required'));
  else for (const msg of rule(meta.name)) errors.push(fieldErrors.invalid('metadata.name', meta.name, msg));
  if (type.kind === 'CronJob' && meta.name && meta.name.length > 52) {
    errors.push(fieldErrors.invalid('metadata.name', meta.name, maxLenError(52)));
  }
  const labels = meta.labels ?? {};
  for (const key of Object.keys(labels).sort()) {
    for (const msg of isQualifiedName(key)) errors.push(fieldErrors.invalid('metadata.labels', key, msg));
    for (const msg of isValidLabelValue(String(labels[key]))) errors.push(fieldErrors.invalid('metadata.labels', labels[key], msg));
  }
  const annotations = meta.annotations ?? {};
  let annotationBytes = 0;
  for (const key of Object.keys(annotations).sort()) {
    for (const msg of isQualifiedName(key.toLowerCase())) errors.push(fieldErrors.invalid('metadata.annotations', key, msg));
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(String(annotations[key]));
  }
  if (annotationBytes > MAX_ANNOTATION_BYTES) {
    errors.push({ reason: 'FieldValueTooLong', message: `Too long: must have at most ${MAX_ANNOTATION_BYTES} bytes`, field: 'metadata.annotations' });
  }
}

const MAX_ANNOTATION_BYTES = 256 * 1024;

function validatePodSpec(spec: unknown, path: string, errors: FieldError[]): void {
  const s = (spec ?? {}) as { containers?: { name?: string; image?: string }[] };
  if (!Array.isArray(s.containers) || s.containers.length === 0) {
    errors.push(fieldErrors.required(`${path}.containers`));
    return;
  }
  const seen = new Set<string>();
  s.containers.forEach((c, i) => {
    const p = `${path}.containers[${i}]`;
    if (!c.name) errors.push(fieldErrors.required(`${p}.name`));
    else {
      for (const msg of isDns1123Label(c.name)) errors.push(fieldErrors.invalid(`${p}.name`, c.name, msg));
      if (seen.has(c.name)) errors.push({ reason: 'FieldValueInvalid', message: `Duplicate value: ${quote(c.name)}`, field: `${p}.name` });
      seen.add(c.name);
    }
    if (!c.image) errors.push(fieldErrors.required(`${p}.image`));
  });
}

const WORKLOADS_WITH_SELECTOR = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

function validateWorkload(obj: KubeObject, errors: FieldError[]): void {
  const spec = obj.spec ?? {};
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    errors.push(fieldErrors.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec.selector as { matchLabels?: Record<string, string> } | undefined;
  if (!selector) errors.push(fieldErrors.required('spec.selector'));
  const labels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
  const matchLabels = selector?.matchLabels ?? {};
  if (selector && Object.entries(matchLabels).some(([k, v]) => labels[k] !== v)) {
    errors.push(fieldErrors.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  validatePodSpec(spec.template?.spec, 'spec.template.spec', errors);
}

/** Throws 422 Invalid with every field error of `obj`. */
export function validateObject(type: ResourceType, obj: KubeObject, kindErrors: FieldError[] = []): void {
  const errors: FieldError[] = [];
  validateMetadata(type, obj, errors);
  if (type.kind === 'Pod') validatePodSpec(obj.spec, 'spec', errors);
  if (WORKLOADS_WITH_SELECTOR.has(type.kind)) validateWorkload(obj, errors);
  if (type.kind === 'Job') validatePodSpec(obj.spec?.template?.spec, 'spec.template.spec', errors);
  if (type.kind === 'CronJob') {
    if (!obj.spec?.schedule) errors.push(fieldErrors.required('spec.schedule'));
    validatePodSpec(obj.spec?.jobTemplate?.spec?.template?.spec, 'spec.jobTemplate.spec.template.spec', errors);
  }
  errors.push(...kindErrors);
  if (errors.length > 0) throw statusErrors.invalid(type, obj.metadata?.name ?? '', errors);
}

/** Checks that an update leaves the fields the API server keeps immutable alone. */
export function validateUpdate(type: ResourceType, next: KubeObject, current: KubeObject): void {
  const errors: FieldError[] = [];
  if (WORKLOADS_WITH_SELECTOR.has(type.kind) && type.kind !== 'ReplicaSet') {
    if (JSON.stringify(next.spec?.selector) !== JSON.stringify(current.spec?.selector)) {
      errors.push({ ...fieldErrors.invalid('spec.selector', next.spec?.selector, 'field is immutable'), message: `Invalid value: ${labelSelectorText(next.spec?.selector)}: field is immutable` });
    }
  }
  if (type.kind === 'Pod' && JSON.stringify(stripMutablePodFields(next.spec)) !== JSON.stringify(stripMutablePodFields(current.spec))) {
    errors.push(
      fieldErrors.forbidden(
        'spec',
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      ),
    );
  }
  if (type.kind === 'ConfigMap' || type.kind === 'Secret') immutableDataErrors(type.kind, next, current, errors);
  if (errors.length > 0) throw statusErrors.invalid(type, next.metadata.name, errors);
}

/** ValidateConfigMapUpdate / ValidateSecretUpdate: nothing changes once `immutable` is set; a secret's type never does. */
function immutableDataErrors(kind: string, next: KubeObject, current: KubeObject, errors: FieldError[]): void {
  if (kind === 'Secret' && (next.type ?? 'Opaque') !== (current.type ?? 'Opaque')) errors.push(fieldErrors.invalid('type', next.type ?? '', 'field is immutable'));
  if (current.immutable !== true) return;
  const locked = 'field is immutable when `immutable` is set';
  if (next.immutable !== true) errors.push(fieldErrors.forbidden('immutable', locked));
  if (!deepEqual(next.data ?? {}, current.data ?? {})) errors.push(fieldErrors.forbidden('data', locked));
  if (kind === 'ConfigMap' && !deepEqual(next.binaryData ?? {}, current.binaryData ?? {})) errors.push(fieldErrors.forbidden('binaryData', locked));
}

function stripMutablePodFields(spec: unknown): unknown {
  const s = structuredClone((spec ?? {}) as Record<string, unknown>);
  for (const key of ['containers', 'initContainers'] as const) {
    const list = s[key] as { image?: string }[] | undefined;
    if (Array.isArray(list)) for (const c of list) delete c.image;
  }
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return s;
}

function labelSelectorText(selector: unknown): string {
  const s = (selector ?? {}) as { matchLabels?: Record<string, string> };
  const labels = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `"${k}":"${v}"`);
  return `v1.LabelSelector{MatchLabels:map[string]string{${labels.join(', ')}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`;
}
