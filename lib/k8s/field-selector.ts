/**
 * Field selectors as k8s.io/apimachinery/pkg/fields parses them, and the
 * fields each kind lets a selector match, as the API server's per-kind
 * field label conversions and ToSelectableFields define them.
 * Pure: shared by the sandbox API server, the console server and the UI.
 */
import { goQuote } from './label-selector';

export type FieldOperator = '=' | '==' | '!=';

export interface FieldRequirement {
  field: string;
  operator: FieldOperator;
  value: string;
}

/** Whether the text does not split into terms, a value's escaping is wrong, or the kind does not support a field. */
export type FieldSelectorErrorKind = 'syntax' | 'escape' | 'unsupported';

export class FieldSelectorError extends Error {
  constructor(
    message: string,
    readonly kind: FieldSelectorErrorKind = 'syntax',
  ) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

/** Splits on commas that are not escaped with a backslash (fields.splitTerms). */
function splitTerms(text: string): string[] {
  if (text.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

const TERM_OPERATORS: FieldOperator[] = ['!=', '==', '='];

function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** fields.UnescapeValue: "\\", "\," and "\=" are the only escapes; bare "," and "=" are errors. */
function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`, 'escape');
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    // Go prints the rune with %v, i.e. its code point.
    else if (c === ',' || c === '=') throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`, 'escape');
    else out += c;
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\', 'escape');
  return out;
}

/** fields.EscapeValue, for building selectors from arbitrary values. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * fields.ParseSelector: '' gives [] (everything). Terms come back sorted as
 * upstream sorts them. Throws FieldSelectorError with the API server's text.
 */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const parts = splitTerms(text).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${text}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    reqs.push({ field, operator, value: unescapeValue(raw) });
  }
  return reqs;
}

/** Every requirement holds; a field the object does not have reads as "". */
export function matchesFields(requirements: FieldRequirement[], fields: Record<string, string>): boolean {
  for (const r of requirements) {
    const actual = Object.prototype.hasOwnProperty.call(fields, r.field) ? fields[r.field] : '';
    if (r.operator === '!=' ? actual === r.value : actual !== r.value) return false;
  }
  return true;
}

/** fields.Selector.String() of parsed requirements. */
export function fieldSelectorString(requirements: FieldRequirement[]): string {
  return requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
}

// ---------------------------------------------------------------------------
// Per-kind field labels

interface ObjectLike {
  metadata?: { name?: string; namespace?: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON
  [field: string]: any;
}

interface FieldRules {
  /** Accepted labels, mapped to the label they are matched as (pods' spec.host is spec.nodeName). */
  accepted: Record<string, string>;
  reject: (label: string) => string;
}

const notSupported = (label: string) => `field label not supported: ${label}`;

function rules(labels: string[], reject: (label: string) => string = notSupported, aliases: Record<string, string> = {}): FieldRules {
  const accepted: Record<string, string> = { ...aliases };
  for (const l of labels) accepted[l] = l;
  return { accepted, reject };
}

const META = ['metadata.name', 'metadata.namespace'];

/** Kinds with their own conversion func (pkg/apis/<group>/<version>/conversion.go); others take only the metadata fields. */
const KIND_RULES: Record<string, FieldRules> = {
  pods: rules(
    [...META, 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName'],
    notSupported,
    { 'spec.host': 'spec.nodeName' },
  ),
  events: rules([
    ...META,
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ]),
  // pkg/apis/events/v1 AddFieldLabelConversionsForEvent: matched against the stored core Event's fields.
  'events.k8s.io/events': rules([...META, 'reason', 'source', 'type'], notSupported, {
    'regarding.kind': 'involvedObject.kind',
    'regarding.namespace': 'involvedObject.namespace',
    'regarding.name': 'involvedObject.name',
    'regarding.uid': 'involvedObject.uid',
    'regarding.apiVersion': 'involvedObject.apiVersion',
    'regarding.resourceVersion': 'involvedObject.resourceVersion',
    'regarding.fieldPath': 'involvedObject.fieldPath',
    reportingController: 'reportingComponent',
  }),
  nodes: rules(['metadata.name', 'spec.unschedulable']),
  namespaces: rules(['metadata.name', 'status.phase']),
  secrets: rules([...META, 'type']),
  services: rules([...META, 'spec.clusterIP', 'spec.type']),
  'batch/jobs': rules([...META, 'status.successful'], (label) => `field label ${goQuote(label)} not supported for batchv1.Job`),
};

const DEFAULT_RULES = rules(META, (label) => `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`);

function kindKey(resource: { group: string; plural: string }): string {
  return resource.group ? `${resource.group}/${resource.plural}` : resource.plural;
}

/**
 * Checks every field against what the kind supports, as the API server does
 * before listing or watching; returns the requirements with aliases resolved.
 * Throws FieldSelectorError with the 400 message for an unsupported field.
 */
export function validateFieldSelector(resource: { group: string; plural: string }, requirements: FieldRequirement[]): FieldRequirement[] {
  const r = KIND_RULES[kindKey(resource)] ?? DEFAULT_RULES;
  return requirements.map((req) => {
    const field = Object.prototype.hasOwnProperty.call(r.accepted, req.field) ? r.accepted[req.field] : undefined;
    if (field === undefined) throw new FieldSelectorError(r.reject(req.field), 'unsupported');
    return field === req.field ? req : { ...req, field };
  });
}

function str(value: unknown): string {
  return value == null ? '' : String(value);
}

/** generic.ObjectMetaFieldsSet */
export function objectFields(obj: ObjectLike, namespaced = obj.metadata?.namespace !== undefined): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': str(obj.metadata?.name) };
  if (namespaced) fields['metadata.namespace'] = str(obj.metadata?.namespace);
  return fields;
}

/** pod.ToSelectableFields */
export function podFields(pod: ObjectLike): Record<string, string> {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const podIPs: { ip?: string }[] = status.podIPs ?? [];
  return {
    ...objectFields(pod, true),
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': spec.hostNetwork ? 'true' : 'false',
    'status.phase': str(status.phase),
    'status.podIP': str(podIPs[0]?.ip ?? status.podIP),
    'status.nominatedNodeName': str(status.nominatedNodeName),
  };
}

/** event.ToSelectableFields (core/v1 Events). */
export function eventFields(event: ObjectLike): Record<string, string> {
  const io = event.involvedObject ?? {};
  return {
    ...objectFields(event, true),
    'involvedObject.kind': str(io.kind),
    'involvedObject.namespace': str(io.namespace),
    'involvedObject.name': str(io.name),
    'involvedObject.uid': str(io.uid),
    'involvedObject.apiVersion': str(io.apiVersion),
    'involvedObject.resourceVersion': str(io.resourceVersion),
    'involvedObject.fieldPath': str(io.fieldPath),
    reason: str(event.reason),
    reportingComponent: str(event.reportingComponent),
    source: str(event.source?.component || event.reportingComponent),
    type: str(event.type),
  };
}

/** The field set a selector is matched against for an object of this kind. */
export function selectableFields(resource: { group: string; plural: string; namespaced: boolean }, obj: ObjectLike): Record<string, string> {
  switch (kindKey(resource)) {
    case 'pods':
      return podFields(obj);
    case 'events':
    case 'events.k8s.io/events':
      return eventFields(obj);
    case 'nodes':
      return { ...objectFields(obj, false), 'spec.unschedulable': obj.spec?.unschedulable ? 'true' : 'false' };
    case 'namespaces':
      return { ...objectFields(obj, false), 'status.phase': str(obj.status?.phase) };
    case 'secrets':
      return { ...objectFields(obj, true), type: str(obj.type) };
    case 'services':
      return { ...objectFields(obj, true), 'spec.clusterIP': str(obj.spec?.clusterIP), 'spec.type': str(obj.spec?.type) };
    case 'batch/jobs':
      return { ...objectFields(obj, true), 'status.successful': String(obj.status?.succeeded ?? 0) };
    default:
      return objectFields(obj, resource.namespaced);
  }
}
