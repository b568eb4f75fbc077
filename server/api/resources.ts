import 'server-only';
/** Any resource the cluster serves: discovery, its Table list (paged, streamed, watched) and one object with what relates to it. */
import { z } from 'zod';
import { fieldSelectorProblem, labelSelectorProblem, type SelectorProblem } from '@/lib/k8s/selector-problem';
import { ruleAllows } from '@/lib/k8s/rbac/rules';
import { consoleErrors, LIVE_LIST_VERBS, needing } from '../errors';
import { inPool, resourceAttributes, selfRulesReview } from '../k8s/access-reviews';
import { identityKey, rememberedAnswer, reviewCheck, type CanCheck } from '../k8s/can';
import type { StreamingKubeClient } from '../k8s/client';
import { discoveryTimings, findResource, refGroup, servedResources, type ResourceName, type ServedResource } from '../k8s/discovery';
import { objectYaml } from '../k8s/pod-detail';
import { openRowWatch } from '../k8s/pod-watch';
import { children, events, owners, relatedSections, type KubeObject } from '../k8s/related';
import { listTable, listTablePages, TABLE_ACCEPT, TABLE_QUERY, tableRows, type KubeTable, type ResourceRow, type ResourceTable } from '../k8s/table';
import { callerClient } from './cluster-client';
import { ndjsonPages } from './ndjson';
import { namespaceOrAll, podListQuery, podWatchQuery } from './pod-query';
import { relayWatch } from './pod-watch';

const segment = (what: string, pattern: RegExp, hint: string) =>
  z
    .string()
    .max(253, `${what} has at most 253 characters`)
    .regex(pattern, hint)
    .refine((v) => !v.includes('..'), `${what} may not hold ".."`);

/** The path that names a resource: `core` or an API group, a version, a plural resource name. */
export const resourcePathParams = z.object({
  group: segment('a group', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a group is "core" or a DNS subdomain'),
  version: segment('a version', /^v[0-9]+((alpha|beta)[0-9]+)?$/, 'a version is v1, v1beta1, v2alpha1…'),
  resource: segment('a resource', /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a resource is a lower-case plural name'),
});

/** An object name as a path segment: what names of any kind may hold (RBAC's hold colons), never "/" or "..". */
export const anyObjectName = segment('a name', /^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?$/, 'a name is letters, digits, "-", "_", "." and ":"');

function checkedSelector(problemOf: (text: string) => SelectorProblem | undefined, what: string) {
  return z
    .string()
    .max(4096, `a ${what} has at most 4096 characters`)
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      const problem = problemOf(text)?.detail;
      if (problem === undefined) return text;
      // The issue path already names the parameter (labelSelector, fieldSelector).
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    });
}

const selectors = {
  namespace: namespaceOrAll,
  labelSelector: checkedSelector(labelSelectorProblem, 'label selector'),
  fieldSelector: checkedSelector(fieldSelectorProblem, 'field selector'),
};

export const resourceListQuery = podListQuery.extend(selectors);

export const resourceWatchQuery = podWatchQuery.extend(selectors);

export const resourceObjectQuery = z.object({ namespace: namespaceOrAll });

/** Whether the caller may list a resource where the page looks, and if not, the permission that is missing. */
export interface ListAccess {
  allowed: boolean;
  missing?: { verb: 'list'; resource: string; group: string; namespace: string };
}

export type ResourceEntry = ServedResource & { list: ListAccess };

const REVIEWS_AT_ONCE = 8;

/**
 * May the caller list each resource: namespaced ones in `namespace` from one SelfSubjectRulesReview
 * (a SelfSubjectAccessReview each when the review is incomplete), cluster-scoped ones, and every one
 * without a namespace, by SelfSubjectAccessReviews a few at a time. Each answer is the one the
 * action checks remember (server/k8s/can.ts), so neither asks again what the other just asked.
 */
async function listAccess(client: StreamingKubeClient, key: string, resources: ServedResource[], namespace: string | undefined): Promise<ListAccess[]> {
  let rules: ReturnType<typeof selfRulesReview> | undefined;
  const fromRules = async (check: CanCheck): Promise<boolean> => {
    rules ??= selfRulesReview(client, namespace!);
    const review = await rules;
    if (review.resourceRules.some((rule) => ruleAllows(resourceAttributes(check), rule))) return true;
    return review.incomplete ? reviewCheck(client, check) : false;
  };
  return inPool(resources, REVIEWS_AT_ONCE, async (r) => {
    const check: CanCheck = { verb: 'list', resource: r.resource, group: refGroup(r.group), namespace: r.namespaced ? (namespace ?? '') : '' };
    const allowed = await rememberedAnswer(key, check, () => (r.namespaced && namespace ? fromRules(check) : reviewCheck(client, check)));
    return allowed ? { allowed } : { allowed, missing: { verb: 'list', resource: check.resource, group: check.group, namespace: check.namespace! } };
  });
}

/** Every resource the cluster serves (subresources left out), with whether the caller may list it in `namespace`. */
export async function clusterResources(request: Request, cluster: string, namespace: string | undefined): Promise<{ resources: ResourceEntry[] }> {
  const { caller, client } = await callerClient(request, cluster);
  // The navigation's list: read again once minRefreshMs old, so a CustomResourceDefinition's kind comes and goes with the page's next poll.
  const served = await servedResources(client, caller.identity, Date.now(), discoveryTimings.minRefreshMs);
  const resources = served.filter((r) => r.verbs.includes('list'));
  const access = await listAccess(client, identityKey(cluster, caller.identity), resources, namespace);
  return { resources: resources.map((r, i) => ({ ...r, list: access[i] })) };
}

async function resolve(request: Request, cluster: string, name: ResourceName) {
  const { caller, client } = await callerClient(request, cluster);
  const served = await findResource(client, caller.identity, name);
  if (!served.verbs.includes('list')) throw consoleErrors.notFound(`"${served.resource}" cannot be listed`);
  return { caller, client, served, ref: { group: refGroup(served.group), version: served.version, resource: served.resource, namespaced: served.namespaced } };
}

type ListQuery = z.infer<typeof resourceListQuery>;

export async function clusterResourceTable(request: Request, cluster: string, name: ResourceName, query: ListQuery): Promise<ResourceTable> {
  const { client, ref } = await resolve(request, cluster, name);
  return listTable(client, ref, query);
}

/** As for pods: a small first page so the first rows show at once, then larger ones. */
const FIRST_PAGE = 500;
const NEXT_PAGES = 5_000;

/** Every row of the list as NDJSON, one line per page: `columns`, `rows`, `resourceVersion`, `omitted`. */
export async function clusterResourceStream(request: Request, cluster: string, name: ResourceName, { limit = NEXT_PAGES, ...query }: ListQuery): Promise<Response> {
  const { client, ref } = await resolve(request, cluster, name);
  const pages = listTablePages(
    client,
    ref,
    { namespace: query.namespace, labelSelector: query.labelSelector, fieldSelector: query.fieldSelector },
    { first: Math.min(FIRST_PAGE, limit), next: limit },
  );
  return needing(LIVE_LIST_VERBS, () => ndjsonPages(request, cluster, 'resources', pages, ({ continue: _next, ...rest }: ResourceTable) => rest));
}

/** The list's changes as Server-Sent Events of rows, as the pods watch sends them; each event is watched as a one-row Table. */
export async function clusterResourceWatch(request: Request, cluster: string, name: ResourceName, query: z.infer<typeof resourceWatchQuery>): Promise<Response> {
  const { served, ref } = await resolve(request, cluster, name);
  if (!served.verbs.includes('watch')) throw consoleErrors.notFound(`"${served.resource}" cannot be watched`);
  const { namespaced, ...collection } = ref;
  const source = { ref: collection, accept: TABLE_ACCEPT, extra: TABLE_QUERY, rows: (table: KubeTable) => tableRows(table) };
  return relayWatch<ResourceRow>(request, cluster, { ...query, namespace: namespaced ? query.namespace : undefined }, (c, q, signal) => openRowWatch(c, source, q, signal));
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A Secret without its values: each key's value replaced by its size; the last-applied annotation, which repeats them, dropped. */
export function redactSecret(object: KubeObject): KubeObject {
  const hidden = (values: unknown, decode: boolean) =>
    values && typeof values === 'object'
      ? Object.fromEntries(
          Object.entries(values as Record<string, string>).map(([key, value]) => [key, `(hidden: ${decode ? Buffer.from(String(value), 'base64').length : Buffer.byteLength(String(value))} bytes)`]),
        )
      : values;
  const { [LAST_APPLIED]: _copy, ...annotations } = object.metadata?.annotations ?? {};
  return {
    ...object,
    metadata: { ...object.metadata, ...(object.metadata?.annotations ? { annotations } : {}) },
    ...('data' in object ? { data: hidden(object.data, true) } : {}),
    ...('stringData' in object ? { stringData: hidden(object.stringData, false) } : {}),
  };
}

export interface ResourceObject {
  resource: ServedResource;
  object: KubeObject;
  /** The object as `kubectl get -o yaml` prints it (without managedFields). */
  yaml: string;
  events: Awaited<ReturnType<typeof events>>;
  owners: Awaited<ReturnType<typeof owners>>;
  children: Awaited<ReturnType<typeof children>>;
  related: Awaited<ReturnType<typeof relatedSections>>;
}

/** One object (managedFields left out, as kubectl prints it; a Secret without values), its events, owners, children and related objects. */
export async function clusterResourceObject(request: Request, cluster: string, name: ResourceName, objectName: string, namespace: string | undefined): Promise<ResourceObject> {
  const { caller, client } = await callerClient(request, cluster);
  const served = await findResource(client, caller.identity, name);
  if (!served.verbs.includes('get')) throw consoleErrors.notFound(`"${served.resource}" cannot be read one by one`);
  if (served.namespaced && !namespace) throw consoleErrors.badRequest(`"${served.resource}" is namespaced: name the namespace`);
  const scope = served.namespaced ? namespace : undefined;
  const raw = await client.get<KubeObject>({ group: refGroup(served.group), version: served.version, resource: served.resource, namespace: scope, name: objectName });
  const { managedFields: _fields, ...metadata } = raw.metadata ?? {};
  const secret = served.group === 'core' && served.resource === 'secrets';
  const object = secret ? redactSecret({ ...raw, metadata }) : { ...raw, metadata };
  const all = await servedResources(client, caller.identity);
  const [eventRows, ownerLinks, childObjects, related] = await Promise.all([
    events(client, served.kind, object),
    owners(client, object),
    scope ? children(client, all, metadata.uid ?? '', scope) : Promise.resolve({ data: [] }),
    relatedSections(client, all, served, object, scope ?? ''),
  ]);
  return { resource: served, object, yaml: objectYaml(object), events: eventRows, owners: ownerLinks, children: childObjects, related };
}
