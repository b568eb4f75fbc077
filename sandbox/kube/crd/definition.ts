/**
 * A CustomResourceDefinition read as the API server serves it: the resource
 * type it defines, each version's schema, subresources and printer columns,
 * and whether its Established condition lets the kind be served.
 */
import type { ResourceType } from '../resources';
import type { KubeObject } from '../store';

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_RESOURCE = `${CRD_GROUP}/customresourcedefinitions`;
/** The finalizer the API server puts on every CRD so that its instances go before it does. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

export interface JsonSchema {
  type?: string;
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [extension: string]: unknown;
}

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: Record<string, never>; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
}

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdSpec {
  group: string;
  scope: string;
  names: CrdNames;
  versions: CrdVersion[];
}

export const specOf = (crd: KubeObject) => (crd.spec ?? {}) as CrdSpec;

export function versionOf(crd: KubeObject, version: string): CrdVersion | undefined {
  return (specOf(crd).versions ?? []).find((v) => v.name === version);
}

export function isEstablished(crd: KubeObject): boolean {
  return ((crd.status?.conditions ?? []) as { type: string; status: string }[]).some((c) => c.type === 'Established' && c.status === 'True');
}

const VERSION_RE = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** version.CompareKubeAwareVersionStrings: GA before beta before alpha, higher first, then anything else by name. */
export function compareKubeVersions(a: string, b: string): number {
  const ma = VERSION_RE.exec(a);
  const mb = VERSION_RE.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  const stability = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (stability(ma) !== stability(mb)) return stability(mb) - stability(ma);
  if (ma[1] !== mb[1]) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

/** The resource type an Established CRD serves: its served versions, most preferred first, and the subresources any version declares. */
export function crdResourceType(crd: KubeObject): ResourceType | undefined {
  const spec = specOf(crd);
  const served = (spec.versions ?? []).filter((v) => v.served).map((v) => v.name);
  if (served.length === 0) return undefined;
  const names = (crd.status?.acceptedNames ?? spec.names) as CrdNames;
  const subresources = new Set<string>();
  for (const v of spec.versions) {
    if (v.subresources?.status) subresources.add('status');
    if (v.subresources?.scale) subresources.add('scale');
  }
  return {
    group: spec.group,
    versions: served.sort(compareKubeVersions),
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    kind: names.kind,
    namespaced: spec.scope === 'Namespaced',
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
    // Status before scale, as the discovery controller appends them.
    ...(subresources.size > 0 ? { subresources: ['status', 'scale'].filter((r) => subresources.has(r)) } : {}),
    crd,
  };
}
