import 'server-only';
/** The authorization.k8s.io reviews the Access pages ask the API server for, as the caller. */
import type { KubeClient } from './client';
import type { RequestAttributes, ResourceRule, UserInfo } from '@/lib/k8s/rbac/types';

const AUTHZ = { group: 'authorization.k8s.io', version: 'v1' };

export interface ReviewStatus {
  allowed: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

/** SubjectAccessReview's spec.resourceAttributes / nonResourceAttributes. */
function attributesSpec(a: RequestAttributes) {
  if (!a.resourceRequest) return { nonResourceAttributes: { path: a.path, verb: a.verb } };
  return {
    resourceAttributes: {
      verb: a.verb,
      group: a.apiGroup,
      resource: a.resource,
      ...(a.subresource ? { subresource: a.subresource } : {}),
      ...(a.namespace ? { namespace: a.namespace } : {}),
      ...(a.name ? { name: a.name } : {}),
    },
  };
}

function statusOf(review: { status?: Partial<ReviewStatus> }): ReviewStatus {
  const s = review.status ?? {};
  return {
    allowed: s.allowed === true,
    ...(s.denied ? { denied: true } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.evaluationError ? { evaluationError: s.evaluationError } : {}),
  };
}

/** The attributes of a request on a resource; group, subresource, namespace and name default to none. */
export function resourceAttributes(a: { verb: string; resource: string; group?: string; subresource?: string; namespace?: string; name?: string }): RequestAttributes {
  return { verb: a.verb, resourceRequest: true, path: '', apiGroup: a.group ?? '', resource: a.resource, subresource: a.subresource ?? '', namespace: a.namespace ?? '', name: a.name ?? '' };
}

/** Whether the API server allows the caller this, as `kubectl auth can-i` answers yes or no. */
export async function canI(client: KubeClient, attributes: Parameters<typeof resourceAttributes>[0]): Promise<boolean> {
  return (await selfAccessReview(client, resourceAttributes(attributes))).allowed;
}

/** May the caller do this? (SelfSubjectAccessReview, as `kubectl auth can-i VERB RESOURCE`.) */
export async function selfAccessReview(client: KubeClient, attributes: RequestAttributes): Promise<ReviewStatus> {
  const review = await client.create<{ status?: Partial<ReviewStatus> }>(
    { ...AUTHZ, resource: 'selfsubjectaccessreviews' },
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: attributesSpec(attributes) },
  );
  return statusOf(review);
}

/** May this user or these groups do it? (SubjectAccessReview; the caller must be allowed to create them.) */
export async function subjectAccessReview(client: KubeClient, subject: UserInfo, attributes: RequestAttributes): Promise<ReviewStatus> {
  const review = await client.create<{ status?: Partial<ReviewStatus> }>(
    { ...AUTHZ, resource: 'subjectaccessreviews' },
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { ...attributesSpec(attributes), ...(subject.username ? { user: subject.username } : {}), ...(subject.groups.length ? { groups: subject.groups } : {}) },
    },
  );
  return statusOf(review);
}

export interface RulesReview {
  resourceRules: ResourceRule[];
  nonResourceRules: { verbs: string[]; nonResourceURLs?: string[] }[];
  incomplete: boolean;
  evaluationError?: string;
}

/** Every rule that applies to the caller in a namespace (SelfSubjectRulesReview, as `kubectl auth can-i --list`). */
export async function selfRulesReview(client: KubeClient, namespace: string): Promise<RulesReview> {
  const review = await client.create<{ status?: Partial<RulesReview> }>(
    { ...AUTHZ, resource: 'selfsubjectrulesreviews' },
    { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  );
  const s = review.status ?? {};
  return {
    resourceRules: s.resourceRules ?? [],
    nonResourceRules: s.nonResourceRules ?? [],
    incomplete: s.incomplete === true,
    ...(s.evaluationError ? { evaluationError: s.evaluationError } : {}),
  };
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order. */
export async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
