/**
 * The OpenAPI definitions the API server publishes for a custom resource
 * (apiextensions-apiserver pkg/controller/openapi/builder): the version's
 * schema named by the reversed group, with apiVersion, kind and metadata as
 * every kind has them, and the list kind beside it, so that `kubectl explain`
 * describes a custom kind as it does a built-in one.
 */
import type { ResourceType } from '../resources';
import { versionOf, type JsonSchema } from './definition';

type Schema = Record<string, unknown>;

const KEPT = new Set(['type', 'description', 'format', 'required', 'enum', 'default', 'nullable', 'minimum', 'maximum', 'pattern', 'maxLength', 'minLength', 'maxItems', 'minItems']);
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const API_VERSION_DOC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** The schema keywords OpenAPI publishes, recursively; vendor extensions kept. */
function published(s: JsonSchema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (KEPT.has(key) || key.startsWith('x-kubernetes-')) out[key] = value;
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, published(v)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) out[key] = published(value as JsonSchema);
  }
  return out;
}

/** "cert-manager.io" -> "io.cert-manager" */
export function definitionPrefix(group: string): string {
  return group.split('.').reverse().join('.');
}

/** The v2 definitions (refs under #/definitions/) of one served version of a custom kind. */
export function customDefinitions(type: ResourceType, version: string): Record<string, Schema> {
  const schema = type.crd ? versionOf(type.crd, version)?.schema?.openAPIV3Schema : undefined;
  if (!schema) return {};
  const name = `${definitionPrefix(type.group)}.${version}.${type.kind}`;
  const root = published(schema);
  const properties = (root.properties ?? {}) as Record<string, Schema>;
  root.type = 'object';
  root.properties = {
    ...properties,
    apiVersion: { description: API_VERSION_DOC, type: 'string' },
    kind: { description: KIND_DOC, type: 'string' },
    metadata: { description: METADATA_DOC, $ref: `#/definitions/${META}.ObjectMeta` },
  };
  root['x-kubernetes-group-version-kind'] = [{ group: type.group, kind: type.kind, version }];
  const list: Schema = {
    description: `${type.kind}List is a list of ${type.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: API_VERSION_DOC, type: 'string' },
      items: { description: `List of ${type.plural}. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md`, type: 'array', items: { $ref: `#/definitions/${name}` } },
      kind: { description: KIND_DOC, type: 'string' },
      metadata: {
        description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
        $ref: `#/definitions/${META}.ListMeta`,
      },
    },
    'x-kubernetes-group-version-kind': [{ group: type.group, kind: `${type.kind}List`, version }],
  };
  return { [name]: root, [`${name}List`]: list };
}
