import 'server-only';
/** The Can-I matrix and single checks, for the caller or (through SubjectAccessReview) for another subject. */
import { inPool, resourceAttributes, selfAccessReview, selfRulesReview, subjectAccessReview, type ReviewStatus } from './access-reviews';
import { readRbac, type Unreadable } from './access-rbac';
import type { KubeClient } from './client';
import { CLUSTER_RESOURCES, MATRIX_VERBS, NAMESPACED_RESOURCES, resourceLabel, type MatrixResource } from '@/lib/k8s/rbac/catalog';
import { describeRules, type DescribeRow } from '@/lib/k8s/rbac/compact';
import { whoCan, type WhoCanEntry } from '@/lib/k8s/rbac/resolve';
import { apiGroupMatches, resourceMatches, ruleAllows, verbMatches } from '@/lib/k8s/rbac/rules';
import { appliesToUser } from '@/lib/k8s/rbac/subjects';
import type { PolicyRule, RequestAttributes, ResourceRule, UserInfo } from '@/lib/k8s/rbac/types';
import { whoami } from './whoami';

const REVIEW_CONCURRENCY = 8;

export interface MatrixCell {
  allowed: boolean;
  /** "rules": read off the SelfSubjectRulesReview; "review": an access review answered for this cell. */
  via: 'rules' | 'review';
  /** Allowed only on these objects (a rule with resourceNames). */
  resourceNames?: string[];
  reason?: string;
}

export interface MatrixRow {
  /** `deployments.apps/scale`. */
  label: string;
  group: string;
  resource: string;
  subresource?: string;
  cells: Record<string, MatrixCell>;
}

export interface AccessMatrix {
  /** "" at the cluster scope. */
  namespace: string;
  subject: { user: string; groups: string[]; self: boolean };
  verbs: string[];
  rows: MatrixRow[];
  /** The caller's rules in the namespace, as `kubectl auth can-i --list` prints them. */
  rules?: DescribeRow[];
  /** The rules review said it could not see every rule; those cells were asked one by one. */
  incomplete?: boolean;
  evaluationError?: string;
}

function attributesOf(item: MatrixResource, verb: string, namespace: string): RequestAttributes {
  return resourceAttributes({ verb, group: item.group, resource: item.resource, subresource: item.subresource, namespace });
}

/** The names a rule with resourceNames allows the verb on (such rules never allow the verb without a name). */
function namedOnly(rules: ResourceRule[], a: RequestAttributes): string[] {
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const names = rules
    .filter((r) => (r.resourceNames?.length ?? 0) > 0 && verbMatches(r, a.verb) && apiGroupMatches(r, a.apiGroup) && resourceMatches(r, combined, a.subresource))
    .flatMap((r) => r.resourceNames ?? []);
  return [...new Set(names)].sort();
}

function cellFromReview(status: ReviewStatus): MatrixCell {
  return { allowed: status.allowed, via: 'review', ...(status.reason ? { reason: status.reason } : {}), ...(status.evaluationError ? { reason: status.evaluationError } : {}) };
}

/**
 * The caller's matrix: in a namespace from one SelfSubjectRulesReview, asking
 * SelfSubjectAccessReviews only where the rules are incomplete; at the cluster scope (which a
 * rules review cannot isolate) one SelfSubjectAccessReview per cell.
 */
export async function selfMatrix(client: KubeClient, namespace: string): Promise<AccessMatrix> {
  const items = namespace ? NAMESPACED_RESOURCES : CLUSTER_RESOURCES;
  const cells = items.flatMap((item) => MATRIX_VERBS.map((verb) => ({ item, verb, attributes: attributesOf(item, verb, namespace) })));
  // Who the caller is and what they may do are asked together: neither answer needs the other.
  const [me, review] = await Promise.all([whoami(client), namespace ? selfRulesReview(client, namespace) : undefined]);
  const subject = { user: me.username, groups: me.groups, self: true };
  if (!review) {
    const answers = await inPool(cells, REVIEW_CONCURRENCY, (c) => selfAccessReview(client, c.attributes));
    return {
      namespace,
      subject,
      verbs: [...MATRIX_VERBS],
      rows: toRows(
        items,
        cells.map((c, i) => ({ ...c, cell: cellFromReview(answers[i]) })),
      ),
    };
  }
  const rules: PolicyRule[] = [...review.resourceRules, ...review.nonResourceRules];
  const answered = await inPool(cells, REVIEW_CONCURRENCY, async (c) => {
    if (review.resourceRules.some((rule) => ruleAllows(c.attributes, rule))) return { ...c, cell: { allowed: true, via: 'rules' } as MatrixCell };
    if (review.incomplete) return { ...c, cell: cellFromReview(await selfAccessReview(client, c.attributes)) };
    const names = namedOnly(review.resourceRules, c.attributes);
    return { ...c, cell: { allowed: false, via: 'rules', ...(names.length ? { resourceNames: names } : {}) } as MatrixCell };
  });
  return {
    namespace,
    subject,
    verbs: [...MATRIX_VERBS],
    rows: toRows(items, answered),
    rules: describeRules(rules),
    ...(review.incomplete ? { incomplete: true } : {}),
    ...(review.evaluationError ? { evaluationError: review.evaluationError } : {}),
  };
}

/** Another user's, group's or service account's matrix: one SubjectAccessReview per cell. */
export async function subjectMatrix(client: KubeClient, subject: UserInfo, namespace: string): Promise<AccessMatrix> {
  const items = namespace ? NAMESPACED_RESOURCES : CLUSTER_RESOURCES;
  const cells = items.flatMap((item) => MATRIX_VERBS.map((verb) => ({ item, verb, attributes: attributesOf(item, verb, namespace) })));
  const answers = await inPool(cells, REVIEW_CONCURRENCY, (c) => subjectAccessReview(client, subject, c.attributes));
  return {
    namespace,
    subject: { user: subject.username, groups: subject.groups, self: false },
    verbs: [...MATRIX_VERBS],
    rows: toRows(
      items,
      cells.map((c, i) => ({ ...c, cell: cellFromReview(answers[i]) })),
    ),
  };
}

function toRows(items: MatrixResource[], answered: { item: MatrixResource; verb: string; cell: MatrixCell }[]): MatrixRow[] {
  return items.map((item) => ({
    label: resourceLabel(item),
    group: item.group,
    resource: item.resource,
    ...(item.subresource ? { subresource: item.subresource } : {}),
    cells: Object.fromEntries(answered.filter((a) => a.item === item).map((a) => [a.verb, a.cell])),
  }));
}

export interface CheckResult extends ReviewStatus {
  subject: { user: string; groups: string[]; self: boolean };
  /** The bindings (and the roles they bind) that grant it to the subject, from the RBAC objects the caller can read. */
  grantedBy: WhoCanEntry[];
  unreadable: Unreadable[];
}

/** One permission, for the caller (SelfSubjectAccessReview) or another subject (SubjectAccessReview), with the bindings behind a yes. */
export async function checkAccess(client: KubeClient, attributes: RequestAttributes, other: UserInfo | undefined): Promise<CheckResult> {
  const [status, who, { objects, unreadable }] = await Promise.all([
    other ? subjectAccessReview(client, other, attributes) : selfAccessReview(client, attributes),
    other ?? whoami(client).then((w): UserInfo => ({ username: w.username, groups: w.groups })),
    readRbac(client, attributes.resourceRequest ? attributes.namespace : ''),
  ]);
  const grantedBy = status.allowed ? whoCan(attributes, objects).entries.filter((e) => appliesToUser(who, e.subject, e.binding.namespace ?? '')) : [];
  return { ...status, subject: { user: who.username, groups: who.groups, self: !other }, grantedBy, unreadable };
}
