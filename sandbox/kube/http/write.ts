/**
 * create, update and patch on a resource (not its subresources): body
 * checks, defaulting, validation, optimistic concurrency, status kept apart
 * for kinds with a status subresource, and finalization.
 */
import type { ResourceType } from '../resources';
import { deepEqual, rfc3339, type KubeObject, type NewObject } from '../store';
import { StatusError, statusErrors } from '../status';
import { attributesOf } from '../request-info';
import { isDryRun, type ApiContext } from './context';
import { fromVersion, toVersion } from './conversion';
import { eventsV1CreateErrors, eventsV1UpdateErrors } from './event-validation';
import { foldStringData, prepareForCreate } from './defaults';
import { allocateServiceAddresses } from './allocators';
import { goValue, unknownFields } from './fields';
import { goQuote } from '@/lib/k8s/label-selector';
import { applyPatch, PATCH_CONTENT_TYPES, type PatchType } from './patch';
import { isRecord, readBody, readObject, writeJson } from './respond';
import { validateObject, validateUpdate, type FieldError } from './validation';
import { RbacAuthorizer } from '../rbac/authorizer';
import { confirmNoEscalation, type RbacKind } from '../rbac/escalation';
import { RBAC_GROUP } from '../rbac/types';
import { defaultRbacObject, rbacFieldErrors, type RbacKindName } from '../rbac/validation';
import { parse as parseYaml } from 'yaml';
import { loadFieldTypes } from '../schema/field-types';
import { rootSchema } from '../ssa/schema';
import { typedPatchErrors, typedPatchMessage } from '../ssa/typed';
import { admitExtension, undeclaredFields } from '../crd/admission';
import { applyToLive, recordCreate, recordUpdate } from '../ssa/request';
import { mutatePod, validatePod } from '../admission/pod';
import type { ManagedFieldsEntry } from '../ssa/managed';

/** Checks the body's kind and apiVersion against the URL, as the decoder does. */
function checkKind(ctx: ApiContext, body: unknown): KubeObject {
  if (!isRecord(body))
    throw statusErrors.badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  const gv = ctx.type.group ? `${ctx.type.group}/${ctx.version}` : ctx.version;
  const kind = body.kind;
  const apiVersion = body.apiVersion;
  if (kind !== undefined && kind !== ctx.type.kind) {
    throw statusErrors.badRequest(
      `${String(kind)} in version "${String(apiVersion ?? ctx.version)}" cannot be handled as a ${ctx.type.kind}: no kind "${String(kind)}" is registered for version "${gv}"`,
    );
  }
  if (apiVersion !== undefined && apiVersion !== gv) {
    throw statusErrors.badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${gv})`);
  }
  const obj = { ...body, apiVersion: gv, kind: ctx.type.kind } as KubeObject;
  obj.metadata = isRecord(body.metadata) ? ({ ...body.metadata } as unknown as KubeObject['metadata']) : ({} as KubeObject['metadata']);
  return obj;
}

/** The URL's namespace wins when the body has none; a different one is a 400. */
function checkNamespace(ctx: ApiContext, obj: KubeObject): void {
  if (!ctx.type.namespaced) {
    delete (obj.metadata as Partial<KubeObject['metadata']>).namespace;
    return;
  }
  if (obj.metadata.namespace && obj.metadata.namespace !== ctx.namespace) {
    throw statusErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = ctx.namespace;
}

function requireNamespace(ctx: ApiContext, name: string): void {
  if (!ctx.type.namespaced || !ctx.namespace) return;
  const ns = ctx.store.get('namespaces', undefined, ctx.namespace);
  if (!ns) throw statusErrors.notFound({ group: '', plural: 'namespaces' }, ctx.namespace);
  if (ns.metadata.deletionTimestamp) {
    throw statusErrors.forbidden(`${qualified(ctx.type)} "${name}" is forbidden: unable to create new content in namespace ${ctx.namespace} because it is being terminated`, ctx.type, name);
  }
}

const qualified = (t: ResourceType) => (t.group ? `${t.plural}.${t.group}` : t.plural);

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generatedName(ctx: ApiContext, prefix: string): string {
  const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(ctx.world.random() * NAME_ALPHABET.length)];
    if (!ctx.store.get(ctx.resource, ctx.namespace, base + suffix)) return base + suffix;
  }
}

/**
 * The RBAC kinds' own admission: defaults, escalation prevention (403 before
 * validation, as the policy-based storage checks first) and field errors.
 */
function admitRbac(ctx: ApiContext, obj: KubeObject, current?: KubeObject): FieldError[] {
  if (ctx.type.group !== RBAC_GROUP) return [];
  const kind = ctx.type.kind as RbacKindName;
  defaultRbacObject(kind, obj);
  if (ctx.authorizer instanceof RbacAuthorizer) {
    confirmNoEscalation(ctx.authorizer, ctx.user, ctx.type.plural as RbacKind, ctx.namespace ?? '', obj);
  }
  return rbacFieldErrors(kind, obj, current);
}

/** Creates `obj` (client version) in the store; shared by POST and server-side apply (`applied`: the configuration). */
export function createObject(ctx: ApiContext, input: KubeObject, applied?: KubeObject): KubeObject {
  const obj = fromVersion(ctx.type, structuredClone(input), ctx.version);
  checkNamespace(ctx, obj);
  const meta = obj.metadata as Partial<KubeObject['metadata']>;
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) delete meta[field];
  if (!meta.name && meta.generateName) meta.name = generatedName(ctx, meta.generateName);
  prepareForCreate(ctx.type, obj);
  if (ctx.type.kind === 'Pod' && ctx.type.group === '') mutatePod(ctx.store, obj);
  foldStringData(obj);
  if (ctx.type.kind === 'Service') allocateServiceAddresses(ctx, obj);
  validateObject(ctx.type, obj, [...admitRbac(ctx, obj), ...admitExtension(ctx.type, ctx.version, obj), ...(ctx.type.group === 'events.k8s.io' ? eventsV1CreateErrors(obj) : [])]);
  requireNamespace(ctx, obj.metadata.name);
  if (ctx.store.get(ctx.resource, ctx.namespace, obj.metadata.name)) throw statusErrors.alreadyExists(ctx.type, obj.metadata.name);
  if (ctx.type.kind === 'Pod' && ctx.type.group === '') validatePod(ctx.store, obj);
  recordCreate(ctx, obj, applied);
  if (isDryRun(ctx.url)) {
    return { ...obj, metadata: { ...obj.metadata, uid: crypto.randomUUID(), creationTimestamp: rfc3339(ctx.world.now()) } };
  }
  return ctx.store.create(ctx.resource, obj as NewObject);
}

function warnUnknown(ctx: ApiContext, unknown: string[]): void {
  ctx.res.setHeader(
    'Warning',
    unknown.map((f) => `299 - "unknown field \\"${f}\\""`),
  );
}

/**
 * fieldValidation: Strict refuses unknown fields with the decoder's 400,
 * Warn (the default) answers with Warning headers, Ignore says nothing.
 */
function checkFields(ctx: ApiContext, body: unknown): void {
  const directive = ctx.url.searchParams.get('fieldValidation') ?? 'Warn';
  const drop = directive !== 'Strict';
  const unknown = ctx.type.crd ? undeclaredFields(ctx.type, ctx.version, body, drop) : unknownFields(ctx.type.kind, body, { drop });
  if (unknown.length === 0 || directive === 'Ignore') return;
  if (directive === 'Strict') {
    const kind = ctx.type.kind;
    throw statusErrors.badRequest(`${kind} in version "${ctx.version}" cannot be handled as a ${kind}: strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  warnUnknown(ctx, unknown);
}

/** The patcher's 422 when the patched object does not decode: errors.NewInvalid of field.Invalid("patch", value, detail). */
function invalidPatch(value: string, detail: string): StatusError {
  const message = `Invalid value: ${goQuote(value)}: ${detail}`;
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: ` "" is invalid: patch: ${message}`,
    reason: 'Invalid',
    details: { causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] },
    code: 422,
  });
}

/** A strategic merge patch adding unknown fields: Strict answers as strategicPatchObject does, Warn warns. */
function checkPatchedFields(ctx: ApiContext, patch: unknown, patched: unknown): void {
  const directive = ctx.url.searchParams.get('fieldValidation') ?? 'Warn';
  const unknown = unknownFields(ctx.type.kind, patched, { drop: directive !== 'Strict' });
  if (unknown.length === 0 || directive === 'Ignore') return;
  const summary = unknown.map((f) => `unknown field "${f}"`).join(', ');
  if (directive === 'Strict') throw invalidPatch(goValue(patch), `strict decoding error: ${summary}`);
  warnUnknown(ctx, unknown);
}

/**
 * Decodes a request body into the kind's typed object: a wrongly typed field
 * is the decoder's 400 as transformDecodeError words it; empty maps are
 * dropped, as the typed object does not keep them.
 */
async function decodeBody(ctx: ApiContext, body: unknown): Promise<void> {
  if (!isRecord(body) || ctx.type.crd) return;
  const error = (await loadFieldTypes()).decode(ctx.type.group, ctx.version, ctx.type.kind, body);
  const kind = ctx.type.kind;
  if (error) throw statusErrors.badRequest(`${kind} in version "${ctx.version}" cannot be handled as a ${kind}: ${error}`);
}

/** Sorted keys, as Go's json.Marshal writes a map. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * Decodes a patched object as the patcher does: JSON and merge patches
 * decode the patched JSON (the value named in the 422), strategic merge
 * patches convert the patched map with the unstructured converter (the
 * patch named in the 422).
 */
async function decodePatched(ctx: ApiContext, type: PatchType, patch: unknown, patched: Record<string, unknown>): Promise<void> {
  if (type === 'apply') return;
  const types = await loadFieldTypes();
  const named = type === 'strategic' ? goValue(patch) : sortedJson(patched);
  const error = types.decode(ctx.type.group, ctx.version, ctx.type.kind, patched, type === 'strategic' ? 'unstructured' : 'json');
  if (error) throw invalidPatch(named, error);
}

export async function createHandler(ctx: ApiContext): Promise<void> {
  const body = await readObject(ctx.req, ctx.type.kind);
  checkKind(ctx, body);
  await decodeBody(ctx, body);
  checkFields(ctx, body);
  const obj = checkKind(ctx, body);
  const created = createObject(ctx, obj);
  writeJson(ctx.res, 201, toVersion(ctx.type, created, ctx.version));
}

/**
 * Replaces `current` with `next` (storage version). Status stays as stored
 * unless `statusOnly`, in which case only status changes.
 */
export function replaceObject(ctx: ApiContext, current: KubeObject, next: KubeObject, options: { statusOnly?: boolean; managedFields?: ManagedFieldsEntry[] } = {}): KubeObject {
  const expected = next.metadata.resourceVersion;
  if (expected && expected !== current.metadata.resourceVersion) throw statusErrors.conflict(ctx.type, current.metadata.name);
  let result: KubeObject;
  if (options.statusOnly) {
    result = { ...current, status: next.status };
  } else {
    result = { ...next, metadata: { ...next.metadata } };
    if (ctx.type.subresources?.includes('status')) {
      if (current.status === undefined) delete result.status;
      else result.status = current.status;
    }
    result.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
    result.metadata.deletionGracePeriodSeconds = current.metadata.deletionGracePeriodSeconds;
    if (result.metadata.deletionTimestamp === undefined) delete result.metadata.deletionTimestamp;
    if (result.metadata.deletionGracePeriodSeconds === undefined) delete result.metadata.deletionGracePeriodSeconds;
    if (current.metadata.generateName && !result.metadata.generateName) result.metadata.generateName = current.metadata.generateName;
    foldStringData(result);
    validateObject(ctx.type, result, [
      ...admitRbac(ctx, result, current),
      ...admitExtension(ctx.type, ctx.version, result, current),
      ...(ctx.type.group === 'events.k8s.io' ? eventsV1UpdateErrors(result, current) : []),
    ]);
    validateUpdate(ctx.type, result, current);
  }
  result.metadata.name = current.metadata.name;
  if (ctx.type.namespaced) result.metadata.namespace = current.metadata.namespace;
  if (options.managedFields) result.metadata = { ...result.metadata, managedFields: options.managedFields } as KubeObject['metadata'];
  else recordUpdate(ctx, current, result);
  if (isDryRun(ctx.url)) return result;
  const stored = ctx.store.update(ctx.resource, result, { expectResourceVersion: current.metadata.resourceVersion });
  finalizeIfDone(ctx, stored);
  return stored;
}

/** An object being deleted goes once its last finalizer is removed. */
export function finalizeIfDone(ctx: ApiContext, obj: KubeObject): void {
  if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers?.length ?? 0) > 0) return;
  // Pods in their grace period are removed by the kubelet; namespaces by their own finalizer.
  if (ctx.type.kind === 'Pod' && (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0) return;
  if (ctx.type.kind === 'Namespace' && (obj.spec?.finalizers?.length ?? 0) > 0) return;
  ctx.store.delete(ctx.resource, obj.metadata.namespace, obj.metadata.name);
}

function checkName(ctx: ApiContext, obj: KubeObject): void {
  if (!obj.metadata.name) obj.metadata.name = ctx.info.name;
  if (obj.metadata.name !== ctx.info.name) {
    throw statusErrors.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${ctx.info.name})`);
  }
}

export async function updateHandler(ctx: ApiContext): Promise<void> {
  const raw = await readObject(ctx.req, ctx.type.kind);
  checkKind(ctx, raw);
  await decodeBody(ctx, raw);
  checkFields(ctx, raw);
  const body = checkKind(ctx, raw);
  checkName(ctx, body);
  checkNamespace(ctx, body);
  const current = ctx.store.mustGet(ctx.resource, ctx.namespace, ctx.info.name);
  const next = fromVersion(ctx.type, body, ctx.version);
  const stored = replaceObject(ctx, current, next, { statusOnly: ctx.info.subresource === 'status' });
  writeJson(ctx.res, 200, toVersion(ctx.type, stored, ctx.version));
}

/** PUT namespaces/NAME/finalize: only spec.finalizers changes; with none left a terminating namespace goes. */
export async function finalizeHandler(ctx: ApiContext): Promise<void> {
  const body = checkKind(ctx, await readObject(ctx.req, ctx.type.kind));
  checkName(ctx, body);
  const current = ctx.store.mustGet(ctx.resource, undefined, ctx.info.name);
  const expected = body.metadata.resourceVersion;
  if (expected && expected !== current.metadata.resourceVersion) throw statusErrors.conflict(ctx.type, current.metadata.name);
  const finalizers = (body.spec?.finalizers ?? []) as string[];
  const next = { ...current, spec: { ...(current.spec ?? {}), finalizers } };
  const stored = isDryRun(ctx.url) ? next : ctx.store.update(ctx.resource, next, { expectResourceVersion: current.metadata.resourceVersion });
  if (!isDryRun(ctx.url)) finalizeIfDone(ctx, stored);
  writeJson(ctx.res, 200, stored);
}

export function patchTypeOf(ctx: ApiContext): PatchType {
  const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim();
  const type = PATCH_CONTENT_TYPES[contentType];
  // Custom resources have no Go struct to take strategic merge keys from.
  const accepted = ctx.type.crd ? Object.keys(PATCH_CONTENT_TYPES).filter((t) => PATCH_CONTENT_TYPES[t] !== 'strategic') : Object.keys(PATCH_CONTENT_TYPES);
  if (!type || !accepted.includes(contentType)) {
    throw new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  }
  return type;
}

export async function readPatch(ctx: ApiContext, type: PatchType): Promise<unknown> {
  const raw = (await readBody(ctx.req)).toString('utf8');
  try {
    return type === 'apply' ? parseYaml(raw) : JSON.parse(raw);
  } catch (err) {
    throw statusErrors.badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/** An applied configuration that does not convert to the kind's typed object fails the apply, as a plain error (500, no reason) upstream. */
function checkTypedPatch(ctx: ApiContext, config: KubeObject): void {
  if (ctx.type.crd) return;
  const errors = typedPatchErrors(config, rootSchema(ctx.type.group, ctx.version, ctx.type.kind));
  if (errors.length === 0) return;
  const meta = config.metadata as { namespace?: string; name?: string };
  const message = typedPatchMessage(errors, { namespace: meta.namespace, name: meta.name, apiVersion: config.apiVersion, kind: config.kind });
  throw new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });
}

/**
 * An apply that creates the object is authorized again as create on its name (handlers/patch.go
 * withAuthorization); the refusal is NewForbidden with the authorizer's reason, which RBAC leaves
 * empty when no rule matched, so it names no permission.
 */
function authorizeCreateOnPatch(ctx: ApiContext): void {
  const result = ctx.authorizer.authorize({ ...attributesOf(ctx.info, ctx.user), verb: 'create' });
  if (result.decision !== 'allow') throw statusErrors.forbidden(`${qualified(ctx.type)} "${ctx.info.name}" is forbidden: ${result.reason}`, ctx.type, ctx.info.name);
}

export async function patchHandler(ctx: ApiContext): Promise<void> {
  const type = patchTypeOf(ctx);
  const patch = await readPatch(ctx, type);
  if (type === 'apply' && !ctx.url.searchParams.get('fieldManager')) {
    throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
  }
  if (type === 'apply') checkTypedPatch(ctx, checkKind(ctx, patch));
  const current = ctx.store.get(ctx.resource, ctx.namespace, ctx.info.name);
  if (!current) {
    if (type !== 'apply') throw statusErrors.notFound(ctx.type, ctx.info.name);
    const obj = checkKind(ctx, patch);
    checkName(ctx, obj);
    authorizeCreateOnPatch(ctx);
    const created = createObject(ctx, obj, obj);
    return writeJson(ctx.res, 201, toVersion(ctx.type, created, ctx.version));
  }
  const statusOnly = ctx.info.subresource === 'status';
  const before = toVersion(ctx.type, current, ctx.version);
  const applied = type === 'apply' ? applyToLive(ctx, before, patch) : undefined;
  const patched = applied ? applied.object : applyPatch(type, before, patch);
  if (!isRecord(patched)) throw statusErrors.badRequest('the patch did not produce an object');
  await decodePatched(ctx, type, patch, patched);
  if (type === 'strategic' && !statusOnly) checkPatchedFields(ctx, patch, patched);
  const next = checkKind(ctx, patched);
  checkName(ctx, next);
  checkNamespace(ctx, next);
  // An apply that changes nothing writes nothing, as storage skips an identical update.
  if (applied && deepEqual({ ...next, metadata: { ...next.metadata, managedFields: applied.managedFields } }, before)) return writeJson(ctx.res, 200, before);
  const stored = replaceObject(ctx, current, fromVersion(ctx.type, next, ctx.version), { statusOnly, managedFields: applied?.managedFields });
  writeJson(ctx.res, 200, toVersion(ctx.type, stored, ctx.version));
}
