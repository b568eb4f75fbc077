/**
 * The patch types the API server accepts: JSON merge patch (RFC 7386),
 * strategic merge patch (lists merged by their patchMergeKey, with the
 * $patch, $retainKeys, $setElementOrder and $deleteFromPrimitiveList
 * directives kubectl sends), and JSON patch (RFC 6902).
 */
import { StatusError, statusErrors } from '../status';
import { isRecord } from './respond';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

/** RFC 7386: objects merge, null deletes, everything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** patchMergeKey of the list fields strategic merge patch merges by key. */
export function mergeKeyFor(field: string, path: string[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'ports':
      return path.some((p) => p === 'containers' || p === 'initContainers' || p === 'ephemeralContainers') ? 'containerPort' : 'port';
    case 'ownerReferences':
      return 'uid';
    case 'conditions':
      return 'type';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    default:
      return undefined;
  }
}

/** Primitive lists with patchStrategy merge: union instead of replace. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

export function strategicMergePatch(target: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  const retainKeys = Array.isArray(patch.$retainKeys) ? (patch.$retainKeys as string[]) : undefined;

  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const remove = new Set((value as Json[]).map((v) => JSON.stringify(v)));
      if (Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((v) => !remove.has(JSON.stringify(v)));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const childPath = [...path, key];
    if (Array.isArray(value)) {
      out[key] = mergeList(key, out[key], value, childPath);
    } else if (isRecord(value)) {
      const merged = strategicMergePatch(out[key], value, childPath);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = value;
    }
  }

  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith('$setElementOrder/') || !Array.isArray(order)) continue;
    const field = key.slice('$setElementOrder/'.length);
    if (Array.isArray(out[field])) out[field] = applyOrder(field, out[field] as Json[], order, path);
  }
  if (retainKeys) for (const key of Object.keys(out)) if (!retainKeys.includes(key)) delete out[key];
  return out;
}

function mergeList(field: string, current: unknown, patch: Json[], path: string[]): Json[] {
  const existing = Array.isArray(current) ? (current as Json[]) : [];
  if (patch.some((item) => isRecord(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isRecord(item) && item.$patch === 'replace')).map((i) => structuredClone(i));
  }
  const key = mergeKeyFor(field, path);
  if (key && patch.every((item) => isRecord(item))) {
    const out = existing.map((i) => i);
    for (const item of patch as JsonObject[]) {
      const index = out.findIndex((e) => isRecord(e) && e[key] === item[key]);
      if (item.$patch === 'delete') {
        if (index >= 0) out.splice(index, 1);
        continue;
      }
      if (index >= 0) out[index] = strategicMergePatch(out[index], item, path) as Json;
      else out.push(strategicMergePatch(undefined, item, path) as Json);
    }
    return out;
  }
  if (MERGED_PRIMITIVE_LISTS.has(field)) {
    const out = [...existing];
    for (const item of patch) if (!out.some((e) => JSON.stringify(e) === JSON.stringify(item))) out.push(item);
    return out;
  }
  return patch.map((i) => structuredClone(i));
}

function applyOrder(field: string, list: Json[], order: Json[], path: string[]): Json[] {
  const key = mergeKeyFor(field, [...path, field]);
  const identity = (item: Json) => (key && isRecord(item) ? JSON.stringify(item[key]) : JSON.stringify(item));
  const rank = new Map(order.map((o, i) => [identity(o), i]));
  return [...list].sort((a, b) => (rank.get(identity(a)) ?? Infinity) - (rank.get(identity(b)) ?? Infinity));
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw patchError(`JSON pointer "${path}" must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function patchError(message: string): StatusError {
  return statusErrors.badRequest(message);
}

function parentOf(doc: Json, tokens: string[], path: string): { parent: Json; last: string } {
  let node = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(t)];
    else if (isRecord(node)) node = (node as JsonObject)[t];
    else node = undefined as unknown as Json;
    if (node === undefined) throw unprocessable(`doc is missing path: "${path}": missing value`);
  }
  return { parent: node, last: tokens[tokens.length - 1] };
}

/** What the API server answers for any failed JSON patch operation (the operation's own error is not passed on). */
function unprocessable(_operationError: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: {},
    code: 422,
  });
}

function getAt(doc: Json, path: string): Json {
  let node = doc;
  for (const t of pointer(path)) {
    if (Array.isArray(node)) node = node[Number(t)];
    else if (isRecord(node)) node = (node as JsonObject)[t];
    else throw unprocessable(`doc is missing path: "${path}": missing value`);
    if (node === undefined) throw unprocessable(`doc is missing path: "${path}": missing value`);
  }
  return node;
}

function removeAt(doc: Json, path: string): Json {
  const tokens = pointer(path);
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) throw unprocessable(`unable to remove nonexistent key: ${last}: missing value`);
    return parent.splice(i, 1)[0];
  }
  if (!isRecord(parent) || !(last in parent)) throw unprocessable(`unable to remove nonexistent key: ${last}: missing value`);
  const value = (parent as JsonObject)[last];
  delete (parent as JsonObject)[last];
  return value;
}

function addAt(doc: Json, path: string, value: Json, replace = false): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (replace && i >= parent.length)) {
      throw unprocessable(`unable to ${replace ? 'replace' : 'add'} at index ${last}: index out of bounds`);
    }
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isRecord(parent)) {
    if (replace && !(last in parent)) throw unprocessable(`doc is missing key: ${path}: missing value`);
    (parent as JsonObject)[last] = value;
  } else {
    throw unprocessable(`doc is missing path: "${path}": missing value`);
  }
  return doc;
}

/** RFC 6902 JSON patch. */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw patchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target) as Json;
  for (const op of operations as Operation[]) {
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, structuredClone(op.value as Json));
        break;
      case 'remove':
        removeAt(doc, op.path);
        break;
      case 'replace':
        doc = addAt(doc, op.path, structuredClone(op.value as Json), true);
        break;
      case 'move': {
        const value = removeAt(doc, op.from ?? '');
        doc = addAt(doc, op.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, op.path, structuredClone(getAt(doc, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(canonical(getAt(doc, op.path))) !== JSON.stringify(canonical(op.value ?? null))) {
          throw unprocessable(`testing value ${op.path} failed: test failed`);
        }
        break;
      default:
        throw patchError(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (isRecord(value)) {
    const out: JsonObject = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical((value as JsonObject)[k]);
    return out;
  }
  return value;
}

export function applyPatch(type: PatchType, target: unknown, patch: unknown): unknown {
  switch (type) {
    case 'json':
      return jsonPatch(target, patch);
    case 'merge':
      if (!isRecord(patch)) throw patchError('json: cannot unmarshal array into Go value of type map[string]interface {}');
      return mergePatch(target, patch);
    case 'strategic':
    case 'apply':
      if (!isRecord(patch)) throw patchError('json: cannot unmarshal array into Go value of type map[string]interface {}');
      return strategicMergePatch(target, patch);
  }
}
