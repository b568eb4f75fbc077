/**
 * How server-side apply sees each field of a kind: a struct (its fields are
 * tracked one by one), a granular map (each key, and the map itself), an
 * associative list (items by their list-map keys), a set (items by value),
 * or an atomic value owned whole. Structs and maps come from the OpenAPI
 * definitions the sandbox serves; list types and atomic structs from the
 * x-kubernetes-list-type / list-map-keys / map-type markers of the kinds served,
 * which the client models the definitions are generated from do not carry.
 */
import { definitions } from '../http/openapi';
import { mergeKeyFor } from '../http/patch';

export type Schema = { [key: string]: unknown };

export type Shape =
  | { kind: 'scalar' }
  | { kind: 'struct'; fields: Record<string, Schema> }
  | { kind: 'map'; values: Schema }
  | { kind: 'associative'; keys: string[]; items: Schema }
  | { kind: 'set' }
  | { kind: 'atomic' };

/** Structs and maps marked x-kubernetes-map-type: atomic upstream. */
const ATOMIC_DEFINITIONS = new Set([
  'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
  'io.k8s.api.core.v1.NodeSelector',
  'io.k8s.api.core.v1.ObjectReference',
  'io.k8s.api.core.v1.LocalObjectReference',
  'io.k8s.api.core.v1.ConfigMapKeySelector',
  'io.k8s.api.core.v1.SecretKeySelector',
  'io.k8s.api.core.v1.ObjectFieldSelector',
  'io.k8s.api.core.v1.ResourceFieldSelector',
  'io.k8s.api.core.v1.TypedLocalObjectReference',
]);

/**
 * x-kubernetes-list-map-keys of the associative lists in the kinds served: the patch merge key,
 * with the protocol beside a port and whenUnsatisfiable beside a topology key.
 */
function listMapKeys(field: string, owner: string | undefined): string[] | undefined {
  if (field === 'ports' && owner !== 'io.k8s.api.core.v1.Container' && owner !== 'io.k8s.api.core.v1.ServiceSpec') return undefined;
  const key = mergeKeyFor(field, owner === 'io.k8s.api.core.v1.Container' ? ['containers'] : []);
  if (!key) return undefined;
  if (field === 'ports') return [key, 'protocol'];
  if (field === 'topologySpreadConstraints') return [key, 'whenUnsatisfiable'];
  return [key];
}

/** x-kubernetes-list-type: set. */
const SET_LISTS = new Set(['finalizers']);

/** A key field the server defaults when an item omits it, as the apply merge fills it in. */
export const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

let byGvk: Map<string, string> | undefined;

function refName(schema: Schema): string | undefined {
  return typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : undefined;
}

/** The definition of a served kind. */
export function rootSchema(group: string, version: string, kind: string): Schema | undefined {
  if (!byGvk) {
    byGvk = new Map();
    for (const [name, def] of Object.entries(definitions())) {
      for (const gvk of (def['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined) ?? []) {
        byGvk.set(`${gvk.group}/${gvk.version}/${gvk.kind}`, name);
      }
    }
  }
  const name = byGvk.get(`${group}/${version}/${kind}`);
  return name ? { $ref: `#/definitions/${name}` } : undefined;
}

/** The shape of a value whose schema is `schema`, found as field `field` of definition `owner`. */
export function shapeOf(schema: Schema | undefined, field?: string, owner?: string): Shape {
  if (!schema) return { kind: 'atomic' };
  const name = refName(schema);
  if (name && ATOMIC_DEFINITIONS.has(name)) return { kind: 'atomic' };
  const resolved = name ? definitions()[name] : schema;
  if (!resolved) return { kind: 'atomic' };
  if (resolved.type === 'array') {
    const keys = field ? listMapKeys(field, owner) : undefined;
    if (keys) return { kind: 'associative', keys, items: resolved.items as Schema };
    if (field && SET_LISTS.has(field)) return { kind: 'set' };
    return { kind: 'atomic' };
  }
  if (resolved.properties) return { kind: 'struct', fields: resolved.properties as Record<string, Schema> };
  if (resolved.additionalProperties) return { kind: 'map', values: resolved.additionalProperties as Schema };
  return { kind: 'scalar' };
}

/** The definition name a struct's fields belong to, for list-map keys that differ by owner. */
export function definitionOf(schema: Schema | undefined): string | undefined {
  return schema ? refName(schema) : undefined;
}

/** Service selectors are maps owned whole (mapType=atomic). */
export function isAtomicMapField(owner: string | undefined, field: string): boolean {
  return owner === 'io.k8s.api.core.v1.ServiceSpec' && field === 'selector';
}

/** The element that names an associative list's item: k:{"name":"app"}, keys in order. */
export function keyElement(item: Record<string, unknown>, keys: string[]): string {
  const key: Record<string, unknown> = {};
  for (const k of [...keys].sort()) {
    const v = item[k] ?? KEY_DEFAULTS[k];
    if (v !== undefined) key[k] = v;
  }
  return `k:${JSON.stringify(key)}`;
}
