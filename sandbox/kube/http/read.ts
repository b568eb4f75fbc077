/**
 * get, list and watch, and the representations a client may ask for in
 * Accept: the object itself, a meta.k8s.io Table (what kubectl get prints),
 * or PartialObjectMetadata.
 */
import { listObjects, type KubeList, type ListQuery } from '../list';
import type { KubeObject } from '../store';
import { toTable } from '../table';
import { serveWatch } from '../watch';
import { isTrue } from '../request-info';
import { statusErrors } from '../status';
import { intParam, type ApiContext } from './context';
import { needsConversion, toVersion } from './conversion';
import { encodePod, encodePodList, writesProtobuf } from './protobuf';
import { writeJson, writeProtobuf } from './respond';
import { PROTOBUF } from '@/lib/k8s/protobuf';

type Representation = { as: 'object'; protobuf?: true } | { as: 'Table'; version: 'v1' | 'v1beta1' } | { as: 'PartialObjectMetadata'; version: 'v1' | 'v1beta1' };

/**
 * The first representation in Accept the server can give (kubectl lists Table first, then plain JSON;
 * client-go's typed clients protobuf, then JSON). `protobuf` false passes over protobuf, for an object
 * the server cannot write that way.
 */
export function representation(accept: string | undefined, protobuf = true): Representation {
  for (const part of (accept ?? '').split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    const as = params.get('as');
    if (!as) {
      const media = part.split(';')[0].trim();
      if (media === PROTOBUF && protobuf) return { as: 'object', protobuf: true };
      if (media === 'application/json' || media === '*/*' || media === 'application/*' || media === 'application/yaml') return { as: 'object' };
      continue;
    }
    if (params.get('g') !== 'meta.k8s.io') continue;
    const version = params.get('v') === 'v1beta1' ? 'v1beta1' : 'v1';
    if (as === 'Table') return { as: 'Table', version };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'PartialObjectMetadata', version };
  }
  return { as: 'object' };
}

function includeObject(url: URL): 'None' | 'Metadata' | 'Object' {
  const v = url.searchParams.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function partial(obj: KubeObject, version: string) {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

function table(ctx: ApiContext, objects: KubeObject[], listMeta: KubeList['metadata'] | undefined, version: string) {
  const t = toTable(ctx.type, objects, listMeta, {
    includeObject: includeObject(ctx.url),
    now: ctx.world.now(),
    version: ctx.version,
    toVersion: (obj) => toVersion(ctx.type, obj, ctx.version),
  }) as Record<string, unknown>;
  return version === 'v1' ? t : { ...t, apiVersion: `meta.k8s.io/${version}` };
}

export function listQuery(url: URL): ListQuery {
  const p = url.searchParams;
  return {
    labelSelector: p.get('labelSelector') ?? undefined,
    fieldSelector: p.get('fieldSelector') ?? undefined,
    limit: intParam(url, 'limit'),
    continue: p.get('continue') ?? undefined,
    resourceVersion: p.get('resourceVersion') ?? undefined,
    resourceVersionMatch: p.get('resourceVersionMatch') ?? undefined,
  };
}

export function getObject(ctx: ApiContext): void {
  const obj = ctx.store.mustGet(ctx.resource, ctx.namespace, ctx.info.name);
  const rep = representation(ctx.req.headers.accept);
  if (rep.as === 'Table') return writeJson(ctx.res, 200, table(ctx, [obj], undefined, rep.version));
  if (rep.as === 'PartialObjectMetadata') return writeJson(ctx.res, 200, partial(obj, rep.version));
  if (rep.protobuf && writesProtobuf(ctx.info) && writeProtobuf(ctx.res, () => encodePod(obj))) return;
  writeJson(ctx.res, 200, toVersion(ctx.type, obj, ctx.version));
}

function withoutTypeMeta({ apiVersion: _apiVersion, kind: _kind, ...rest }: KubeObject): Omit<KubeObject, 'apiVersion' | 'kind'> {
  return rest;
}

export function listHandler(ctx: ApiContext): void {
  const list = listObjects(ctx.store, ctx.type, ctx.namespace, listQuery(ctx.url));
  const rep = representation(ctx.req.headers.accept);
  if (rep.as === 'Table') return writeJson(ctx.res, 200, table(ctx, list.items, list.metadata, rep.version));
  if (rep.as === 'PartialObjectMetadata') {
    return writeJson(ctx.res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${rep.version}`, metadata: list.metadata, items: list.items.map((o) => partial(o, rep.version)) });
  }
  if (rep.protobuf && writesProtobuf(ctx.info) && writeProtobuf(ctx.res, () => encodePodList(list))) return;
  const items = needsConversion(ctx.type, ctx.version) ? list.items.map((o) => toVersion(ctx.type, o, ctx.version)) : list.items;
  writeJson(ctx.res, 200, {
    ...list,
    apiVersion: ctx.type.group ? `${ctx.type.group}/${ctx.version}` : ctx.version,
    // A built-in kind's items come without their own apiVersion and kind, as upstream writes them (kubernetes/kubernetes#3030);
    // a custom resource's keep theirs, as the API server stores them whole.
    items: ctx.type.crd ? items : items.map(withoutTypeMeta),
  });
}

export function watchHandler(ctx: ApiContext): void {
  const url = ctx.url;
  const timeoutSeconds = intParam(url, 'timeoutSeconds');
  const rep = representation(ctx.req.headers.accept);
  const encode =
    rep.as === 'Table'
      ? (obj: KubeObject) => table(ctx, [obj], undefined, rep.version)
      : rep.as === 'PartialObjectMetadata'
        ? (obj: KubeObject) => partial(obj, rep.version)
        : (obj: KubeObject) => toVersion(ctx.type, obj, ctx.version);
  if (ctx.info.name && !url.searchParams.get('fieldSelector')) {
    // GET .../watch/pods/NAME watches one object: a metadata.name field selector, as upstream.
    url.searchParams.set('fieldSelector', `metadata.name=${ctx.info.name}`);
  }
  serveWatch(
    ctx.store,
    ctx.type,
    ctx.namespace,
    {
      ...listQuery(url),
      allowWatchBookmarks: isTrue(url.searchParams.get('allowWatchBookmarks')),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(url.searchParams.has('sendInitialEvents') ? { sendInitialEvents: isTrue(url.searchParams.get('sendInitialEvents')) } : {}),
    },
    ctx.req,
    ctx.res,
    encode,
  );
}

export function requireName(ctx: ApiContext): string {
  if (!ctx.info.name) throw statusErrors.badRequest('resource name may not be empty');
  return ctx.info.name;
}
