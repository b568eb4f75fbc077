/**
 * Upstream OpenAPI definition names for @kubernetes/client-node's model
 * classes. The generated classes drop the Go package: `V1Deployment` is
 * io.k8s.api.apps.v1.Deployment, `V1ObjectMeta` is apimachinery's
 * meta/v1 ObjectMeta, and only names that collide keep a group prefix
 * (`CoreV1Event`, `EventsV1Event`).
 */

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** Classes of apimachinery's meta/v1 package (k8s.io/apimachinery/pkg/apis/meta/v1). */
export const META_CLASSES = [
  'V1APIGroup',
  'V1APIGroupList',
  'V1APIResource',
  'V1APIResourceList',
  'V1APIVersions',
  'V1Condition',
  'V1DeleteOptions',
  'V1FieldSelectorRequirement',
  'V1GroupVersionForDiscovery',
  'V1LabelSelector',
  'V1LabelSelectorRequirement',
  'V1ListMeta',
  'V1ManagedFieldsEntry',
  'V1ObjectMeta',
  'V1OwnerReference',
  'V1Preconditions',
  'V1ServerAddressByClientCIDR',
  'V1Status',
  'V1StatusCause',
  'V1StatusDetails',
  'V1WatchEvent',
];

/** Kinds served as a subresource of another group's resource; their package is where they are declared. */
export const SUBRESOURCE_KIND_PACKAGES: Record<string, string> = {
  V1Scale: 'autoscaling',
  V1Eviction: 'policy',
  AuthenticationV1TokenRequest: 'authentication',
};

export interface ClassName {
  /** The collision prefix's package ("core" for CoreV1Event), if any. */
  prefix?: string;
  version: string;
  name: string;
}

/** Splits a model class name into its optional package prefix, version and type name. */
export function parseClassName(className: string): ClassName | undefined {
  const m = /^([A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(className);
  if (!m) return undefined;
  return { prefix: m[1]?.toLowerCase(), version: m[2].toLowerCase(), name: m[3] };
}

/** The Go package (last path element of k8s.io/api/<pkg>) of an API group: "" is core, "rbac.authorization.k8s.io" is rbac. */
export function groupPackage(group: string): string {
  return group === '' ? 'core' : group.split('.')[0];
}

/**
 * The upstream definition name of a model class, given the package of a
 * non-meta class (found by which API group's types reach it).
 */
export function definitionName(className: string, pkg: string | undefined): string {
  const parsed = parseClassName(className);
  if (!parsed) throw new Error(`not a versioned model class: ${className}`);
  if (META_CLASSES.includes(className)) return `${META}.${parsed.name}`;
  const p = parsed.prefix ?? SUBRESOURCE_KIND_PACKAGES[className] ?? pkg;
  if (!p) throw new Error(`no package known for ${className}`);
  // CustomResourceDefinitions live in the apiextensions-apiserver module, not k8s.io/api.
  if (p === 'apiextensions') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${parsed.version}.${parsed.name}`;
  return `io.k8s.api.${p}.${parsed.version}.${parsed.name}`;
}

/** Primitive upstream definitions that client-node inlines as strings, Dates or `any`. */
export const PRIMITIVES = {
  Time: `${META}.Time`,
  MicroTime: `${META}.MicroTime`,
  FieldsV1: `${META}.FieldsV1`,
  Quantity: 'io.k8s.apimachinery.pkg.api.resource.Quantity',
  IntOrString: 'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
} as const;
