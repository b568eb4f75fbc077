/**
 * The review kinds of authorization.k8s.io/v1 and authentication.k8s.io/v1,
 * answered as k8s.io/kubernetes/pkg/registry/authorization/* and
 * authentication/selfsubjectreview answer them: the request's spec echoed
 * (as decoded, so unknown and empty fields drop out) with a status.
 */
import type { Attributes, UserInfo } from '../auth/types';
import { rfc3339, type KubeObject } from '../store';
import { StatusError, statusErrors } from '../status';
import { goQuote } from '@/lib/k8s/label-selector';
import type { RbacAuthorizer } from './authorizer';

export type ReviewKind = 'SelfSubjectAccessReview' | 'SelfSubjectRulesReview' | 'SubjectAccessReview' | 'LocalSubjectAccessReview' | 'SelfSubjectReview';

export interface ReviewContext {
  user: UserInfo;
  /** The namespace in the URL (LocalSubjectAccessReview only). */
  namespace?: string;
  authorizer: RbacAuthorizer;
  /** The version the request was made in: "authorization.k8s.io/v1" or "v1". */
  apiVersion: string;
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  fieldSelector?: unknown;
  labelSelector?: unknown;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: NonResourceAttributes;
  user?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  uid?: string;
}

interface FieldError {
  field: string;
  /** Already formatted as field.Error's ErrorBody formats the bad value. */
  value: string;
  detail: string;
}

const GROUP_OF: Record<ReviewKind, string> = {
  SelfSubjectAccessReview: 'authorization.k8s.io',
  SelfSubjectRulesReview: 'authorization.k8s.io',
  SubjectAccessReview: 'authorization.k8s.io',
  LocalSubjectAccessReview: 'authorization.k8s.io',
  SelfSubjectReview: 'authentication.k8s.io',
};

export function createReview(kind: ReviewKind, body: unknown, context: ReviewContext): KubeObject {
  const group = GROUP_OF[kind];
  const apiVersion = context.apiVersion.includes('/') ? context.apiVersion : `${group}/${context.apiVersion}`;
  const input = asObject(body);
  switch (kind) {
    case 'SelfSubjectReview':
      return selfSubjectReview(apiVersion, context);
    case 'SelfSubjectRulesReview':
      return selfSubjectRulesReview(apiVersion, asObject(input.spec), context);
    case 'SelfSubjectAccessReview': {
      const spec = accessReviewSpec(asObject(input.spec), false);
      check(kind, attributesErrors(spec));
      const attributes = attributesFor(context.user, spec);
      return accessReview(kind, apiVersion, { creationTimestamp: null }, spec, context.authorizer.authorize(attributes));
    }
    case 'SubjectAccessReview': {
      const spec = accessReviewSpec(asObject(input.spec), true);
      check(kind, [...attributesErrors(spec), ...subjectErrors(spec)]);
      return accessReview(kind, apiVersion, { creationTimestamp: null }, spec, context.authorizer.authorize(attributesFor(subjectOf(spec), spec)));
    }
    case 'LocalSubjectAccessReview':
      return localSubjectAccessReview(apiVersion, input, context);
  }
}

function selfSubjectReview(apiVersion: string, context: ReviewContext): KubeObject {
  const { user } = context;
  const extra = user.extra && Object.keys(user.extra).length > 0 ? sortedRecord(user.extra) : undefined;
  return {
    kind: 'SelfSubjectReview',
    apiVersion,
    metadata: { creationTimestamp: rfc3339(context.authorizer.store.now()) },
    status: {
      userInfo: {
        ...(user.username ? { username: user.username } : {}),
        ...(user.uid ? { uid: user.uid } : {}),
        ...(user.groups.length > 0 ? { groups: [...user.groups] } : {}),
        ...(extra ? { extra } : {}),
      },
    },
  } as unknown as KubeObject;
}

function selfSubjectRulesReview(apiVersion: string, spec: Record<string, unknown>, context: ReviewContext): KubeObject {
  const namespace = str(spec.namespace);
  if (!namespace) throw statusErrors.badRequest('no namespace on request');
  const rules = context.authorizer.rulesFor(context.user, namespace);
  return {
    kind: 'SelfSubjectRulesReview',
    apiVersion,
    // The API server answers with a fresh object: the spec is not echoed.
    metadata: { creationTimestamp: null },
    spec: {},
    status: {
      resourceRules: rules.resourceRules,
      nonResourceRules: rules.nonResourceRules,
      incomplete: rules.incomplete,
      ...(rules.evaluationError ? { evaluationError: rules.evaluationError } : {}),
    },
  } as unknown as KubeObject;
}

function localSubjectAccessReview(apiVersion: string, input: Record<string, unknown>, context: ReviewContext): KubeObject {
  const kind = 'LocalSubjectAccessReview';
  const requestNamespace = context.namespace ?? '';
  let namespace = str(asObject(input.metadata).namespace);
  // As the create handler does before the review sees the object.
  if (!namespace) namespace = requestNamespace;
  else if (requestNamespace && namespace !== requestNamespace) {
    throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const spec = accessReviewSpec(asObject(input.spec), true);
  const errors = [...attributesErrors(spec), ...subjectErrors(spec)];
  if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== namespace) {
    errors.push({ field: 'spec.resourceAttributes.namespace', value: goQuote(spec.resourceAttributes.namespace ?? ''), detail: 'must match metadata.namespace' });
  }
  if (spec.nonResourceAttributes) {
    errors.push({ field: 'spec.nonResourceAttributes', value: goNonResourceAttributes(spec.nonResourceAttributes), detail: 'disallowed on this kind of request' });
  }
  check(kind, errors);
  if (!requestNamespace) throw statusErrors.badRequest('namespace is required on this type: ');
  if (requestNamespace !== namespace) throw statusErrors.badRequest(`spec.resourceAttributes.namespace must match namespace: ${requestNamespace}`);
  const result = context.authorizer.authorize(attributesFor(subjectOf(spec), spec));
  return accessReview(kind, apiVersion, { namespace, creationTimestamp: null }, spec, result);
}

function accessReview(kind: ReviewKind, apiVersion: string, metadata: Record<string, unknown>, spec: AccessReviewSpec, result: { decision: string; reason: string }): KubeObject {
  return {
    kind,
    apiVersion,
    metadata,
    spec,
    status: {
      allowed: result.decision === 'allow',
      ...(result.decision === 'deny' ? { denied: true } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
    },
  } as unknown as KubeObject;
}

/** The spec as the API server decodes it: known fields only, empty strings and lists dropped, in the Go struct's order. */
function accessReviewSpec(raw: Record<string, unknown>, withSubject: boolean): AccessReviewSpec {
  const spec: AccessReviewSpec = {};
  if (isObject(raw.resourceAttributes)) {
    const r = raw.resourceAttributes;
    const attrs: ResourceAttributes = {};
    for (const key of ['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const) {
      const value = str(r[key]);
      if (value) attrs[key] = value;
    }
    if (isObject(r.fieldSelector)) attrs.fieldSelector = r.fieldSelector;
    if (isObject(r.labelSelector)) attrs.labelSelector = r.labelSelector;
    spec.resourceAttributes = attrs;
  }
  if (isObject(raw.nonResourceAttributes)) {
    const n = raw.nonResourceAttributes;
    const attrs: NonResourceAttributes = {};
    if (str(n.path)) attrs.path = str(n.path);
    if (str(n.verb)) attrs.verb = str(n.verb);
    spec.nonResourceAttributes = attrs;
  }
  if (!withSubject) return spec;
  if (str(raw.user)) spec.user = str(raw.user);
  const groups = Array.isArray(raw.groups) ? raw.groups.map(str) : [];
  if (groups.length > 0) spec.groups = groups;
  if (isObject(raw.extra)) {
    const extra: Record<string, string[]> = {};
    for (const [key, values] of Object.entries(raw.extra)) extra[key] = Array.isArray(values) ? values.map(str) : [];
    if (Object.keys(extra).length > 0) spec.extra = sortedRecord(extra);
  }
  if (str(raw.uid)) spec.uid = str(raw.uid);
  return spec;
}

function attributesErrors(spec: AccessReviewSpec): FieldError[] {
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    return [{ field: 'spec.nonResourceAttributes', value: goNonResourceAttributes(spec.nonResourceAttributes), detail: 'cannot be specified in combination with resourceAttributes' }];
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    return [{ field: 'spec.resourceAttributes', value: '"null"', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' }];
  }
  return [];
}

function subjectErrors(spec: AccessReviewSpec): FieldError[] {
  if (spec.user || spec.groups) return [];
  return [{ field: 'spec.user', value: '""', detail: 'at least one of user or group must be specified' }];
}

/** The internal type printed with %#v, as field.Invalid shows a struct value. */
function goNonResourceAttributes(n: NonResourceAttributes): string {
  return `authorization.NonResourceAttributes{Path:${goQuote(n.path ?? '')}, Verb:${goQuote(n.verb ?? '')}}`;
}

/**
 * 422 Invalid as apimachinery's errors.NewInvalid words it. The review REST
 * handlers name the kind from the decoded internal object, whose kind is
 * empty, hence `.authorization.k8s.io "" is invalid`.
 */
function check(kind: ReviewKind, errors: FieldError[]): void {
  if (errors.length === 0) return;
  const causes = errors.map((e) => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${e.value}: ${e.detail}`, field: e.field }));
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = list.length === 1 ? list[0] : `[${[...new Set(list)].join(', ')}]`;
  const group = GROUP_OF[kind];
  throw new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `.${group} "" is invalid: ${summary}`,
    reason: 'Invalid',
    details: { group, causes },
    code: 422,
  });
}

function subjectOf(spec: AccessReviewSpec): UserInfo {
  return { username: spec.user ?? '', groups: spec.groups ?? [], ...(spec.uid ? { uid: spec.uid } : {}), ...(spec.extra ? { extra: spec.extra } : {}) };
}

/** authorizationutil.ResourceAttributesFrom / NonResourceAttributesFrom. */
function attributesFor(user: UserInfo, spec: AccessReviewSpec): Attributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user,
      verb: r.verb ?? '',
      resourceRequest: true,
      path: '',
      apiGroup: r.group ?? '',
      apiVersion: r.version || '*',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      namespace: r.namespace ?? '',
      name: r.name ?? '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { user, verb: n.verb ?? '', resourceRequest: false, path: n.path ?? '', apiGroup: '', apiVersion: '', resource: '', subresource: '', namespace: '', name: '' };
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
