/**
 * /openapi/v2 and /openapi/v3, as kube-apiserver serves them: the schemas of
 * every kind served (definitions.json, generated from upstream's spec) and,
 * in v3, the PATCH operations kubectl reads before apply/create/replace. Its
 * field validation check looks for a PATCH operation tagged with the kind's
 * x-kubernetes-group-version-kind that takes `fieldValidation`; finding one,
 * it leaves validation to the server. Neither version lists strategic merge
 * patch for a kind (v2 lists no operations at all): the definitions lack
 * upstream's x-kubernetes-patch-strategy keys, so kubectl must keep computing
 * apply patches from its built-in types rather than from these schemas.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { customDefinitions } from '../crd/openapi';
import { encodeDocument } from '../openapi/proto';
import { registryRevision, servedResourceTypes } from '../registry';
import { RESOURCE_TYPES, type ResourceType } from '../resources';
import type { Store } from '../store';
import { SERVER_VERSION } from './discovery';

type Schema = { [key: string]: unknown };

// kube-openapi answers both spellings with the second: Go's mime parser refuses the '@' of the first in a Content-Type.
const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const V2_PROTOBUF_ALIASES = ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', V2_PROTOBUF];
const INFO = { title: 'Kubernetes', version: SERVER_VERSION.gitVersion };

let loaded: Record<string, Schema> | undefined;
/** Read on first use so that starting the sandbox does not parse half a megabyte it may never serve. */
export function definitions(): Record<string, Schema> {
  loaded ??= (JSON.parse(readFileSync(new URL('../openapi/definitions.json', import.meta.url), 'utf8')) as { definitions: Record<string, Schema> }).definitions;
  return loaded;
}

function groupVersions(types: ResourceType[]): { path: string; group: string; version: string }[] {
  const seen = new Map<string, { path: string; group: string; version: string }>();
  for (const t of types) {
    for (const version of t.versions) {
      const path = t.group ? `apis/${t.group}/${version}` : `api/${version}`;
      if (!seen.has(path)) seen.set(path, { path, group: t.group, version });
    }
  }
  return [...seen.values()];
}

const etag = (body: Buffer | string) => createHash('sha512').update(body).digest('hex').toUpperCase();

const queryParameter = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });

const PATCH_PARAMETERS = [
  queryParameter('dryRun', 'When present, indicates that modifications should not be persisted.'),
  queryParameter('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  queryParameter('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.'),
  { name: 'force', in: 'query', description: 'Force is going to "force" Apply requests.', schema: { type: 'boolean', uniqueItems: true } },
];

const PATCH_BODY = {
  content: Object.fromEntries(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'].map((c) => [c, { schema: { type: 'object' } }])),
  required: true,
};

function patchPath(t: ResourceType, group: string, version: string) {
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const path = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}/{name}` : `${prefix}/${t.plural}/{name}`;
  return [
    path,
    {
      patch: {
        description: `partially update the specified ${t.kind}`,
        operationId: `patch${t.namespaced ? 'Namespaced' : ''}${t.kind}`,
        parameters: PATCH_PARAMETERS,
        requestBody: PATCH_BODY,
        responses: { '200': { description: 'OK' }, '201': { description: 'Created' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
      },
    },
  ] as const;
}

const REF_V2 = '#/definitions/';
const REF_V3 = '#/components/schemas/';

/** A v2 schema as v3 writes it: refs under components, and a ref with siblings wrapped in allOf (a v3.0 $ref ignores its siblings). */
function toV3(s: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === '$ref') out.$ref = (value as string).replace(REF_V2, REF_V3);
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, toV3(v)]));
    else if (key === 'items' || key === 'additionalProperties') out[key] = toV3(value as Schema);
    else out[key] = value;
  }
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

/** The named definitions and every definition they reach through $ref. */
function reachable(names: string[]): string[] {
  const all = definitions();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !all[name]) return;
    seen.add(name);
    JSON.stringify(all[name], (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') visit(value.slice(REF_V2.length));
      return value;
    });
  };
  names.forEach(visit);
  return [...seen].sort();
}

const SUBRESOURCE_KINDS: Record<string, { group: string; version: string; kind: string }> = {
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  eviction: { group: 'policy', version: 'v1', kind: 'Eviction' },
  binding: { group: '', version: 'v1', kind: 'Binding' },
  token: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
};

/** Definitions whose x-kubernetes-group-version-kind names one of the given kinds. */
function definitionsOf(gvks: { group: string; version: string; kind: string }[]): string[] {
  return Object.entries(definitions())
    .filter(([, s]) =>
      ((s['x-kubernetes-group-version-kind'] ?? []) as { group: string; version: string; kind: string }[]).some((g) =>
        gvks.some((k) => k.group === g.group && k.version === g.version && (k.kind === g.kind || `${k.kind}List` === g.kind)),
      ),
    )
    .map(([name]) => name);
}

interface Served {
  body: Buffer;
  etag: string;
  contentType: string;
}

function served(body: Buffer | string, contentType: string): Served {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return { body: b, etag: etag(b), contentType };
}

const cache = new Map<string, Served>();
const memo = (key: string, make: () => Served) => {
  // Keys carry the served CRDs' revision; a long-lived sandbox with CRDs coming and going sheds old ones.
  if (!cache.has(key) && cache.size >= 256) cache.clear();
  return cache.get(key) ?? cache.set(key, make()).get(key)!;
};

function v2Document(types: ResourceType[]) {
  const custom = types.flatMap((t) => (t.crd ? t.versions.map((v) => customDefinitions(t, v)) : []));
  return { swagger: '2.0', info: INFO, paths: {}, definitions: Object.assign({}, definitions(), ...custom) as Record<string, Schema> };
}

/** The collection's list (or, for create-only kinds, create) operation: kubectl explain finds a resource's kind by the operations on its path. */
function collectionPath(t: ResourceType, group: string, version: string) {
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const path = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}` : `${prefix}/${t.plural}`;
  const scope = t.namespaced ? 'Namespaced' : '';
  const list = t.verbs.includes('list');
  const op = {
    description: list ? `list or watch objects of kind ${t.kind}` : `create a ${t.kind}`,
    operationId: list ? `list${scope}${t.kind}` : `create${scope}${t.kind}`,
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': list ? 'list' : 'post',
    'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
  };
  return [path, list ? { get: op } : { post: op }] as const;
}

/** The v3 document of one group version ("api/v1", "apis/apps/v1"), or undefined. */
export function openApiV3Document(path: string, all: ResourceType[] = RESOURCE_TYPES) {
  const gv = groupVersions(all).find((g) => g.path === path);
  if (!gv) return undefined;
  const types = all.filter((t) => t.group === gv.group && t.versions.includes(gv.version));
  const kinds = types.filter((t) => !t.crd).map((t) => ({ group: gv.group, version: gv.version, kind: t.kind }));
  const subresourceKinds = types.flatMap((t) => (t.subresources ?? []).flatMap((s) => (SUBRESOURCE_KINDS[s] ? [SUBRESOURCE_KINDS[s]] : [])));
  const custom: Record<string, Schema> = Object.assign({}, ...types.filter((t) => t.crd).map((t) => customDefinitions(t, gv.version)));
  const refs = Object.keys(custom).length > 0 ? ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'] : [];
  const names = reachable([...definitionsOf([...kinds, ...subresourceKinds]), ...refs, 'io.k8s.apimachinery.pkg.apis.meta.v1.Status']);
  const schemas = { ...Object.fromEntries(names.map((n) => [n, definitions()[n]])), ...custom };
  return {
    openapi: '3.0.0',
    info: INFO,
    paths: Object.fromEntries([...types.map((t) => collectionPath(t, gv.group, gv.version)), ...types.filter((t) => t.verbs.includes('patch')).map((t) => patchPath(t, gv.group, gv.version))]),
    components: {
      schemas: Object.fromEntries(
        Object.keys(schemas)
          .sort()
          .map((n) => [n, toV3(schemas[n])]),
      ),
    },
  };
}

/** Documents are cached per set of served custom kinds: a CRD coming or going changes them, as upstream's hashes change. */
function v3Served(store: Store, path: string): Served | undefined {
  const types = servedResourceTypes(store);
  if (!groupVersions(types).some((g) => g.path === path)) return undefined;
  return memo(`v3:${path}:${registryRevision(store)}`, () => served(JSON.stringify(openApiV3Document(path, types)), 'application/json'));
}

export function openApiV3Index(store: Store) {
  return { paths: Object.fromEntries(groupVersions(servedResourceTypes(store)).map((gv) => [gv.path, { serverRelativeURL: `/openapi/v3/${gv.path}?hash=${v3Served(store, gv.path)!.etag}` }])) };
}

/** The media types an Accept header lists, most preferred first, without parameters. */
function accepted(accept: string | undefined): string[] {
  return (accept || '*/*')
    .split(',')
    .map((part) => {
      const [type, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { type: type.trim().toLowerCase(), q: q ? Number(q[1]) : 1 };
    })
    .filter((a) => a.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((a) => a.type);
}

function write(req: IncomingMessage, res: ServerResponse, s: Served, headers: Record<string, string> = {}): void {
  const tag = `"${s.etag}"`;
  if (req.headers['if-none-match'] === tag) {
    res.writeHead(304, { ETag: tag, ...headers });
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': s.contentType, 'Content-Length': s.body.length, ETag: tag, ...headers });
  res.end(req.method === 'HEAD' ? undefined : s.body);
}

function notAcceptable(res: ServerResponse): void {
  res.writeHead(406, { 'Content-Length': 0 });
  res.end();
}

/** Serves /openapi/v2, /openapi/v3 and /openapi/v3/<group version>; false for any other path. */
export function serveOpenApi(store: Store, req: IncomingMessage, res: ServerResponse, path: string, url: URL): boolean {
  if (path === '/openapi/v2') {
    const revision = registryRevision(store);
    for (const type of accepted(req.headers.accept)) {
      if (V2_PROTOBUF_ALIASES.includes(type)) {
        write(
          req,
          res,
          memo(`v2:pb:${revision}`, () => served(encodeDocument(v2Document(servedResourceTypes(store))), V2_PROTOBUF)),
          { Vary: 'Accept' },
        );
        return true;
      }
      if (type === 'application/json' || type === 'application/*' || type === '*/*') {
        write(
          req,
          res,
          memo(`v2:json:${revision}`, () => served(JSON.stringify(v2Document(servedResourceTypes(store))), 'application/json')),
          { Vary: 'Accept' },
        );
        return true;
      }
    }
    notAcceptable(res);
    return true;
  }
  if (path === '/openapi/v3') {
    write(req, res, served(JSON.stringify(openApiV3Index(store)), 'application/json'));
    return true;
  }
  if (!path.startsWith('/openapi/v3/')) return false;
  const gvPath = path.slice('/openapi/v3/'.length);
  const doc = v3Served(store, gvPath);
  if (!doc) return false;
  if (!accepted(req.headers.accept).some((t) => t === 'application/json' || t === 'application/*' || t === '*/*')) {
    notAcceptable(res);
    return true;
  }
  const hash = url.searchParams.get('hash');
  if (hash && hash !== doc.etag) {
    res.writeHead(301, { Location: `/openapi/v3/${gvPath}?hash=${doc.etag}`, 'Content-Length': 0 });
    res.end();
    return true;
  }
  // As kube-openapi's handler3: a document named by its hash never changes.
  const immutable: Record<string, string> = hash ? { Vary: 'Accept', 'Cache-Control': 'public, immutable', Expires: new Date(Date.now() + 365 * 86_400_000).toUTCString() } : {};
  write(req, res, doc, immutable);
  return true;
}
