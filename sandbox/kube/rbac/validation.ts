/**
 * Defaulting and validation of the RBAC kinds as k8s.io/kubernetes
 * pkg/apis/rbac/v1 defaults and pkg/apis/rbac/validation give them; the
 * metadata checks stay with the API server's generic validation.
 */
import { fromLabelSelector, goQuote, isQualifiedName, isValidLabelValue, LabelSelectorError, type LabelSelector } from '@/lib/k8s/label-selector';
import { isDns1123Subdomain, isPathSegmentName, type FieldError } from '../http/validation';
import type { KubeObject } from '../store';
import { RBAC_GROUP, type PolicyRule, type RoleRef, type Subject } from './types';

export type RbacKindName = 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';

/** SetDefaults_RoleRef and SetDefaults_Subject, on a draft about to be stored. */
export function defaultRbacObject(kind: RbacKindName, obj: KubeObject): void {
  if (kind !== 'RoleBinding' && kind !== 'ClusterRoleBinding') return;
  if (obj.roleRef && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = RBAC_GROUP;
  for (const subject of (obj.subjects ?? []) as Subject[]) {
    if (!subject.apiGroup && (subject.kind === 'User' || subject.kind === 'Group')) subject.apiGroup = RBAC_GROUP;
  }
}

/** The field errors of an RBAC object (and, on update, of its change from `current`). */
export function rbacFieldErrors(kind: RbacKindName, obj: KubeObject, current?: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  if (kind === 'Role' || kind === 'ClusterRole') {
    ((obj.rules ?? []) as PolicyRule[]).forEach((rule, i) => errors.push(...policyRuleErrors(rule, kind === 'Role', `rules[${i}]`)));
    if (kind === 'ClusterRole' && obj.aggregationRule) errors.push(...aggregationRuleErrors(obj.aggregationRule));
    return errors;
  }
  const namespaced = kind === 'RoleBinding';
  const roleRef = (obj.roleRef ?? {}) as Partial<RoleRef>;
  if (roleRef.apiGroup !== RBAC_GROUP) errors.push(notSupported('roleRef.apiGroup', roleRef.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef.kind ?? '')) errors.push(notSupported('roleRef.kind', roleRef.kind ?? '', kinds));
  if (!roleRef.name) errors.push(required('roleRef.name'));
  else for (const msg of isPathSegmentName(roleRef.name)) errors.push(invalid('roleRef.name', goQuote(roleRef.name), msg));
  ((obj.subjects ?? []) as Subject[]).forEach((subject, i) => errors.push(...subjectErrors(subject, namespaced, `subjects[${i}]`)));
  if (current && !sameRoleRef(current.roleRef, obj.roleRef)) {
    errors.push(invalid('roleRef', goRoleRef(roleRef), 'cannot change roleRef'));
  }
  return errors;
}

function policyRuleErrors(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!rule.verbs?.length) errors.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  if (rule.nonResourceURLs?.length) {
    const urls = goStringSlice(rule.nonResourceURLs);
    if (namespaced) errors.push(invalid(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errors.push(invalid(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errors;
  }
  if (!rule.apiGroups?.length) errors.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule.resources?.length) errors.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errors;
}

function aggregationRuleErrors(rule: { clusterRoleSelectors?: LabelSelector[] }): FieldError[] {
  const selectors = rule.clusterRoleSelectors ?? [];
  if (selectors.length === 0) return [required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil')];
  return selectors.flatMap((selector, i) => labelSelectorErrors(selector, `aggregationRule.clusterRoleSelectors[${i}]`));
}

/** unversionedvalidation.ValidateLabelSelector, then the conversion check ClusterRole validation adds. */
function labelSelectorErrors(selector: LabelSelector, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    for (const msg of isQualifiedName(key)) errors.push(invalid(`${path}.matchLabels`, goQuote(key), msg));
    for (const msg of isValidLabelValue(value)) errors.push(invalid(`${path}.matchLabels`, goQuote(value), msg));
  }
  (selector.matchExpressions ?? []).forEach((expr, j) => {
    const at = `${path}.matchExpressions[${j}]`;
    const hasValues = (expr.values ?? []).length > 0;
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (!hasValues) errors.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (hasValues) errors.push({ reason: 'FieldValueForbidden', message: "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", field: `${at}.values` });
    } else {
      errors.push(invalid(`${at}.operator`, goQuote(String(expr.operator ?? '')), 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(expr.key ?? '')) errors.push(invalid(`${at}.key`, goQuote(expr.key ?? ''), msg));
  });
  try {
    fromLabelSelector(selector);
  } catch (err) {
    if (!(err instanceof LabelSelectorError)) throw err;
    errors.push(invalid(path, '"null"', 'invalid label selector.'));
  }
  return errors;
}

function subjectErrors(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!subject.name) errors.push(required(`${path}.name`));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (subject.name) for (const msg of isDns1123Subdomain(subject.name)) errors.push(invalid(`${path}.name`, goQuote(subject.name), msg));
      if (subject.apiGroup) errors.push(notSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
      if (!namespaced && !subject.namespace) errors.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (subject.apiGroup !== RBAC_GROUP) errors.push(notSupported(`${path}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
      break;
    default:
      errors.push(notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errors;
}

function sameRoleRef(a: Partial<RoleRef> | undefined, b: Partial<RoleRef> | undefined): boolean {
  return (a?.apiGroup ?? '') === (b?.apiGroup ?? '') && (a?.kind ?? '') === (b?.kind ?? '') && (a?.name ?? '') === (b?.name ?? '');
}

function required(field: string, detail = ''): FieldError {
  return { reason: 'FieldValueRequired', message: detail ? `Required value: ${detail}` : 'Required value', field };
}

/** `value` is already printed the way field.Invalid prints it. */
function invalid(field: string, value: string, detail: string): FieldError {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${detail}`, field };
}

function notSupported(field: string, value: string, supported: string[]): FieldError {
  return { reason: 'FieldValueNotSupported', message: `Unsupported value: ${goQuote(value)}: supported values: ${supported.map(goQuote).join(', ')}`, field };
}

function goStringSlice(values: string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

function goRoleRef(ref: Partial<RoleRef>): string {
  return `rbac.RoleRef{APIGroup:${goQuote(ref.apiGroup ?? '')}, Kind:${goQuote(ref.kind ?? '')}, Name:${goQuote(ref.name ?? '')}}`;
}
