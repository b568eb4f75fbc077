import 'server-only';
/**
 * What an object page shows beside the object: its events, owner chain, children and the objects
 * related to it by kind (Service → EndpointSlices and pods, Ingress → Services, PVC → pods and PV,
 * ConfigMap or Secret → pods, ServiceAccount → bindings). Each section is read on its own, as the
 * caller (server/k8s/section.ts), so one the caller may not read carries its own error, a 403 with the
 * API server's Forbidden from which the page reads the missing permission, and the rest still shows.
 */
import { labelSelectorString, fromLabelSelector } from '@/lib/k8s/label-selector';
import type { KubeClient, ResourceRef } from './client';
import type { ServedResource } from './discovery';
import { eventsFor, type EventRow } from './events';
import { ConsoleError } from '../errors';
import { listAll } from './list-all';
import { ownerChain, type OwnerLink } from './owners';
import { section, type Section } from './section';
import type { ObjectMeta } from './pods';

/** Another object, named so a page can link to it. */
export interface RelatedObject {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespace: string;
  name: string;
  /** Why it is related, when the section alone does not say ("volume config, env of app"), in English. */
  note?: string;
  /** The same reason for the page to say in its language: how a pod uses a ConfigMap or Secret, or a backend that does not exist. */
  uses?: PodUse[];
  notFound?: true;
}

/** A volume or a container (through env or envFrom) of a pod that names a ConfigMap or Secret. */
export interface PodUse {
  via: 'volume' | 'env';
  name: string;
}

/** The sections named by a phrase rather than a kind; the page says the phrase by its key. */
export type RelatedTitleKey = 'podsSelected' | 'podsUsingIt' | 'backendServices';

export interface RelatedSection {
  title: string;
  titleKey?: RelatedTitleKey;
  result: Section<RelatedObject[]>;
}

const TITLES: Record<RelatedTitleKey, string> = { podsSelected: 'Pods selected', podsUsingIt: 'Pods using it', backendServices: 'Backend Services' };

const titled =
  (titleKey: RelatedTitleKey) =>
  (result: Section<RelatedObject[]>): RelatedSection => ({ title: TITLES[titleKey], titleKey, result });

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

const core = (resource: string, kind: string) => ({ group: 'core', version: 'v1', resource, kind });
const POD = core('pods', 'Pod');

function toRef(r: { group: string; version: string; resource: string }, namespace?: string): ResourceRef {
  return { group: r.group === 'core' ? '' : r.group, version: r.version, resource: r.resource, ...(namespace !== undefined ? { namespace } : {}) };
}

interface PodSpecLike {
  volumes?: {
    name: string;
    configMap?: { name?: string };
    secret?: { secretName?: string };
    persistentVolumeClaim?: { claimName?: string };
    projected?: { sources?: { configMap?: { name?: string }; secret?: { name?: string } }[] };
  }[];
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  ephemeralContainers?: ContainerLike[];
}

interface ContainerLike {
  name: string;
  env?: { name: string; valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } } }[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
}

interface PodLike {
  metadata?: ObjectMeta;
  spec?: PodSpecLike;
}

/** How a pod uses a ConfigMap or Secret: each volume and container that names it. */
export function podReferences(pod: PodLike, kind: 'ConfigMap' | 'Secret', name: string): PodUse[] {
  const spec = pod.spec ?? {};
  const uses: PodUse[] = [];
  for (const v of spec.volumes ?? []) {
    const direct = kind === 'ConfigMap' ? v.configMap?.name : v.secret?.secretName;
    const projected = (v.projected?.sources ?? []).some((s) => (kind === 'ConfigMap' ? s.configMap?.name : s.secret?.name) === name);
    if (direct === name || projected) uses.push({ via: 'volume', name: v.name });
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    const env = (c.env ?? []).some((e) => (kind === 'ConfigMap' ? e.valueFrom?.configMapKeyRef?.name : e.valueFrom?.secretKeyRef?.name) === name);
    const envFrom = (c.envFrom ?? []).some((e) => (kind === 'ConfigMap' ? e.configMapRef?.name : e.secretRef?.name) === name);
    if (env || envFrom) uses.push({ via: 'env', name: c.name });
  }
  return uses;
}

const useNote = (use: PodUse) => (use.via === 'volume' ? `volume ${use.name}` : `env of ${use.name}`);

const podLink = (pod: PodLike, uses: PodUse[] = []): RelatedObject => ({
  ...POD,
  namespace: pod.metadata?.namespace ?? '',
  name: pod.metadata?.name ?? '',
  ...(uses.length ? { note: uses.map(useNote).join(', '), uses } : {}),
});

const byName = (a: RelatedObject, b: RelatedObject) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);

/** The resources in discovery that objects commonly point at, found by kind so a cluster without one simply has no such section. */
function served(resources: ServedResource[], group: string, resource: string): ServedResource | undefined {
  return resources.find((r) => r.group === group && r.resource === resource);
}

async function podsInNamespace(client: KubeClient, namespace: string, labelSelector?: string): Promise<PodLike[]> {
  return listAll<PodLike>(client, toRef(POD, namespace), labelSelector !== undefined ? { labelSelector } : {});
}

function serviceSections(client: KubeClient, resources: ServedResource[], object: KubeObject, namespace: string, name: string): Promise<RelatedSection>[] {
  const slices = served(resources, 'discovery.k8s.io', 'endpointslices');
  const endpoints = slices
    ? section(async () => {
        const items = await listAll<KubeObject>(client, toRef(slices, namespace), { labelSelector: `kubernetes.io/service-name=${name}` });
        return items.map((s) => ({ group: slices.group, version: slices.version, resource: slices.resource, kind: slices.kind, namespace, name: s.metadata?.name ?? '' })).sort(byName);
      }).then((result) => ({ title: 'EndpointSlices', result }))
    : section(async () => {
        await client.get<KubeObject>({ ...toRef(core('endpoints', 'Endpoints'), namespace), name });
        return [{ ...core('endpoints', 'Endpoints'), namespace, name }];
      }).then((result) => ({ title: 'Endpoints', result }));
  const selector = object.spec?.selector as Record<string, string> | undefined;
  const pods = section(async () => {
    // A Service without a selector selects no pods; its endpoints are managed by hand.
    if (!selector || Object.keys(selector).length === 0) return [];
    const text = labelSelectorString(fromLabelSelector({ matchLabels: selector }) ?? []);
    return (await podsInNamespace(client, namespace, text)).map((p) => podLink(p)).sort(byName);
  }).then(titled('podsSelected'));
  return [endpoints, pods];
}

interface IngressSpec {
  defaultBackend?: { service?: { name?: string } };
  rules?: { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
}

export function ingressServices(spec: IngressSpec | undefined): string[] {
  const names = new Set<string>();
  if (spec?.defaultBackend?.service?.name) names.add(spec.defaultBackend.service.name);
  for (const rule of spec?.rules ?? []) for (const path of rule.http?.paths ?? []) if (path.backend?.service?.name) names.add(path.backend.service.name);
  return [...names].sort();
}

function ingressSections(client: KubeClient, object: KubeObject, namespace: string): Promise<RelatedSection>[] {
  const service = core('services', 'Service');
  return [
    section(() =>
      Promise.all(
        ingressServices(object.spec as IngressSpec).map(async (name) => {
          try {
            await client.get<KubeObject>({ ...toRef(service, namespace), name });
            return { ...service, namespace, name };
          } catch (err) {
            // A backend that does not exist is still a backend: the ingress names it, and it answers 503.
            if (err instanceof ConsoleError && err.httpStatus === 404) return { ...service, namespace, name, note: 'not found', notFound: true as const };
            throw err;
          }
        }),
      ),
    ).then(titled('backendServices')),
  ];
}

function claimSections(client: KubeClient, object: KubeObject, namespace: string, name: string): Promise<RelatedSection>[] {
  const volumeName = object.spec?.volumeName as string | undefined;
  const pv = core('persistentvolumes', 'PersistentVolume');
  return [
    section(async () =>
      (await podsInNamespace(client, namespace))
        .filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === name))
        .map((p) => podLink(p))
        .sort(byName),
    ).then(titled('podsUsingIt')),
    section(async () => {
      if (!volumeName) return [];
      await client.get<KubeObject>({ ...toRef(pv), name: volumeName });
      return [{ ...pv, namespace: '', name: volumeName }];
    }).then((result) => ({ title: 'PersistentVolume', result })),
  ];
}

function referencingPods(client: KubeClient, kind: 'ConfigMap' | 'Secret', namespace: string, name: string): Promise<RelatedSection>[] {
  return [
    section(async () =>
      (await podsInNamespace(client, namespace))
        .flatMap((p) => {
          const uses = podReferences(p, kind, name);
          return uses.length ? [podLink(p, uses)] : [];
        })
        .sort(byName),
    ).then(titled('podsUsingIt')),
  ];
}

interface Binding {
  metadata?: ObjectMeta;
  subjects?: { kind?: string; name?: string; namespace?: string }[] | null;
}

function accountSections(client: KubeClient, namespace: string, name: string): Promise<RelatedSection>[] {
  const names = (b: Binding) => (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === name && s.namespace === namespace);
  const rbac = (resource: string, kind: string) => ({ group: 'rbac.authorization.k8s.io', version: 'v1', resource, kind });
  const read = (resource: string, kind: string, scope?: string) =>
    section(async () =>
      (await listAll<Binding>(client, toRef(rbac(resource, kind), scope)))
        .filter(names)
        .map((b) => ({ ...rbac(resource, kind), namespace: b.metadata?.namespace ?? '', name: b.metadata?.name ?? '' }))
        .sort(byName),
    );
  return [
    read('rolebindings', 'RoleBinding', namespace).then((result) => ({ title: 'RoleBindings', result })),
    read('clusterrolebindings', 'ClusterRoleBinding').then((result) => ({ title: 'ClusterRoleBindings', result })),
  ];
}

/** The related sections for an object of a kind that has any; none for other kinds. */
export function relatedSections(client: KubeClient, resources: ServedResource[], kind: ServedResource, object: KubeObject, namespace: string): Promise<RelatedSection[]> {
  const name = object.metadata?.name ?? '';
  const key = `${kind.group}/${kind.resource}`;
  const sections =
    key === 'core/services'
      ? serviceSections(client, resources, object, namespace, name)
      : key === 'networking.k8s.io/ingresses'
        ? ingressSections(client, object, namespace)
        : key === 'core/persistentvolumeclaims'
          ? claimSections(client, object, namespace, name)
          : key === 'core/configmaps'
            ? referencingPods(client, 'ConfigMap', namespace, name)
            : key === 'core/secrets'
              ? referencingPods(client, 'Secret', namespace, name)
              : key === 'core/serviceaccounts'
                ? accountSections(client, namespace, name)
                : [];
  return Promise.all(sections);
}

/** The collections whose objects commonly have owners: where an object's children are looked for. */
const CHILD_COLLECTIONS: [string, string][] = [
  ['core', 'pods'],
  ['apps', 'replicasets'],
  ['apps', 'controllerrevisions'],
  ['batch', 'jobs'],
  ['discovery.k8s.io', 'endpointslices'],
];

/** Objects in the object's namespace whose ownerReferences name it, from the child collections the server serves. */
export function children(client: KubeClient, resources: ServedResource[], uid: string, namespace: string): Promise<Section<RelatedObject[]>> {
  return section(async () => {
    const found = await Promise.all(
      CHILD_COLLECTIONS.flatMap(([group, resource]) => {
        const r = served(resources, group, resource);
        if (!r || !r.namespaced || !r.verbs.includes('list')) return [];
        return [
          listAll<KubeObject>(client, toRef(r, namespace)).then((items) =>
            items
              .filter((o) => (o.metadata?.ownerReferences ?? []).some((ref) => ref.uid === uid))
              .map((o) => ({ group: r.group, version: r.version, resource: r.resource, kind: r.kind, namespace, name: o.metadata?.name ?? '' })),
          ),
        ];
      }),
    );
    return found.flat().sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  });
}

export function events(client: KubeClient, kind: string, object: KubeObject): Promise<Section<EventRow[]>> {
  const meta = object.metadata ?? {};
  return section(() => eventsFor(client, { kind, name: meta.name ?? '', ...(meta.namespace ? { namespace: meta.namespace } : {}), ...(meta.uid ? { uid: meta.uid } : {}) }));
}

export function owners(client: KubeClient, object: KubeObject): Promise<Section<OwnerLink[]>> {
  return section(() => ownerChain(client, object.metadata?.namespace ?? '', object.metadata));
}
