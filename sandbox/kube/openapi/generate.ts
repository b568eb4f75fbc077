/**
 * Writes definitions.json beside this file: the OpenAPI v2 definitions of
 * every kind the sandbox serves and each type they reach, named as upstream
 * names them. The source is @kubernetes/client-node's models, generated from
 * upstream's OpenAPI spec (v1.34.0): descriptions and required fields from
 * each model's .d.ts, types and formats from its attributeTypeMap. The
 * metrics API, which client-node does not model, is in metrics-definitions.ts.
 * client-node drops the description of a field that names another type (a bare
 * $ref); those come from kubernetes-models' declarations, generated from
 * upstream's swagger.json of a close release.
 * Re-run after upgrading client-node: `npx tsx sandbox/kube/openapi/generate.ts`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RESOURCE_TYPES } from '../resources';
import { METRICS_DEFINITIONS } from './metrics-definitions';
import { definitionName, groupPackage, META_CLASSES, parseClassName, PRIMITIVES, SUBRESOURCE_KIND_PACKAGES } from './names';

export type Schema = { [key: string]: unknown };
interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
interface ParsedModel {
  description?: string;
  fields: Map<string, { description?: string; optional: boolean }>;
}

const root = join(dirname(createRequire(import.meta.url).resolve('@kubernetes/client-node')), 'gen');

/** Fields client-node types as plain strings whose upstream type is resource.Quantity (k8s.io/api's types.go). */
export const QUANTITY_FIELDS: Record<string, { map?: string[]; scalar?: string[] }> = {
  V1ResourceRequirements: { map: ['limits', 'requests'] },
  V1VolumeResourceRequirements: { map: ['limits', 'requests'] },
  V1NodeStatus: { map: ['allocatable', 'capacity'] },
  V1PersistentVolumeClaimStatus: { map: ['allocatedResources', 'capacity'] },
  V1ContainerStatus: { map: ['allocatedResources'] },
  V1PodSpec: { map: ['overhead'] },
  V1EmptyDirVolumeSource: { scalar: ['sizeLimit'] },
  V1ResourceFieldSelector: { scalar: ['divisor'] },
  V2MetricTarget: { scalar: ['averageValue', 'value'] },
  V2MetricValueStatus: { scalar: ['averageValue', 'value'] },
  V2HPAScalingRules: { scalar: ['tolerance'] },
};

/** Upstream's own definitions of the primitives client-node inlines (k8s.io/apimachinery). */
const PRIMITIVE_DEFINITIONS: Record<string, Schema> = {
  [PRIMITIVES.Time]: {
    description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.',
    type: 'string',
    format: 'date-time',
  },
  [PRIMITIVES.MicroTime]: { description: 'MicroTime is version of Time with microsecond level precision.', type: 'string', format: 'date-time' },
  [PRIMITIVES.FieldsV1]: {
    description:
      "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
    type: 'object',
  },
  [PRIMITIVES.IntOrString]: {
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    type: 'string',
    format: 'int-or-string',
  },
  [PRIMITIVES.Quantity]: {
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```\n\nNo matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.\n\nWhen a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.\n\nBefore serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"\n\nNote that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.\n\nNon-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don\'t diff.)\n\nThis format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
    type: 'string',
  },
};

const unescape = (s: string) => s.replace(/\\(["'\\])/g, '$1');

/** Descriptions and optionality from a model's declaration file. */
export function parseDeclaration(source: string, className: string): ParsedModel {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`export declare class ${className} `));
  if (start < 0) throw new Error(`class ${className} not declared`);
  const docBefore = (i: number): string | undefined => {
    if (!/^\s*\*\/$/.test(lines[i - 1] ?? '')) return undefined;
    const body: string[] = [];
    for (let j = i - 2; j >= 0 && !/^\s*\/\*\*$/.test(lines[j]); j--) body.unshift(lines[j].replace(/^\s*\* ?/, ''));
    return unescape(body.join('\n'));
  };
  const fields = new Map<string, { description?: string; optional: boolean }>();
  for (let i = start + 1; i < lines.length && !/^\}/.test(lines[i]); i++) {
    const m = /^ {4}'([^']+)'(\?)?: /.exec(lines[i]);
    if (m) fields.set(m[1], { description: docBefore(i), optional: m[2] === '?' });
  }
  return { description: docBefore(start), fields };
}

/** "io.k8s.api.apps.v1.Deployment" → "IoK8sApiAppsV1Deployment" ("apiextensions-apiserver" → "ApiextensionsApiserver"), as kubernetes-models names its interfaces. */
export const pascalName = (definition: string) =>
  definition
    .split(/[.-]/)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** Field descriptions of one kubernetes-models declaration file: its full interface name and each documented field. */
export function parseModelsDeclaration(source: string): { name: string; fields: Map<string, string> } | undefined {
  const alias = /export type \{ I(\w+) as I(IoK8s\w+)/.exec(source);
  if (!alias) return undefined;
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`export interface I${alias[1]} `));
  const fields = new Map<string, string>();
  for (let i = start + 1; start >= 0 && i < lines.length && !/^\}/.test(lines[i]); i++) {
    const m = /^ {4}"([^"]+)"\??: /.exec(lines[i]);
    if (!m || !/^\s*\*\/$/.test(lines[i - 1] ?? '')) continue;
    const body: string[] = [];
    for (let j = i - 2; j > start && !/^\s*\/\*\*$/.test(lines[j]); j--) body.unshift(lines[j].replace(/^\s*\* ?/, ''));
    fields.set(m[1], body.join('\n').replace(/\*\\\//g, '*/'));
  }
  return { name: alias[2], fields };
}

/** Every kubernetes-models field description, by interface name. */
function modelsDescriptions(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const require = createRequire(import.meta.url);
  const roots = ['kubernetes-models', '@kubernetes-models/apimachinery'].map((p) => dirname(require.resolve(`${p}/package.json`)));
  for (const dir of roots) {
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.d.ts') || file.startsWith('_schemas')) continue;
      const parsed = parseModelsDeclaration(readFileSync(join(dir, file), 'utf8'));
      if (parsed) out.set(parsed.name, parsed.fields);
    }
  }
  return out;
}

/** The class names a client-node type expression refers to ("Array<V1Container>" → V1Container). */
export function referencedClasses(type: string): string[] {
  return [...type.matchAll(/\b([A-Z][A-Za-z]*V\d+(?:alpha\d+|beta\d+)?[A-Z]\w*|V\d+(?:alpha\d+|beta\d+)?[A-Z]\w*)\b/g)].map((m) => m[1]);
}

const readModel = (className: string) => readFileSync(join(root, 'models', `${className}.d.ts`), 'utf8');

async function attributes(className: string): Promise<Attribute[]> {
  const mod = (await import(pathToFileURL(join(root, 'models', `${className}.js`)).href)) as Record<string, { attributeTypeMap: Attribute[] }>;
  return mod[className].attributeTypeMap;
}

/** Every model class an API class's declaration names, with the classes they reach. */
async function closure(starts: string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length) {
    const c = queue.pop()!;
    if (seen.has(c) || !existsSync(join(root, 'models', `${c}.js`))) continue;
    seen.add(c);
    for (const a of await attributes(c)) queue.push(...referencedClasses(a.type));
  }
  return seen;
}

export function fieldSchema(className: string, a: Attribute, description: string | undefined, nameOf: (c: string) => string): Schema {
  const quantity = QUANTITY_FIELDS[className];
  const withDescription = (s: Schema): Schema => (description ? { description, ...s } : s);
  const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });
  if (quantity?.map?.includes(a.baseName)) return withDescription({ type: 'object', additionalProperties: ref(PRIMITIVES.Quantity) });
  if (quantity?.scalar?.includes(a.baseName)) return withDescription(ref(PRIMITIVES.Quantity));
  if (a.baseName === 'fieldsV1') return withDescription(ref(PRIMITIVES.FieldsV1));
  const of = (type: string, format: string): Schema => {
    const array = /^Array<(.+)>$/.exec(type);
    if (array) return { type: 'array', items: of(array[1], '') };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { type: 'object', additionalProperties: of(map[1], '') };
    if (type === 'string') return format ? { type: 'string', format } : { type: 'string' };
    if (type === 'boolean') return { type: 'boolean' };
    if (type === 'number') return format === 'double' ? { type: 'number', format } : { type: 'integer', format };
    if (type === 'Date' || type === 'V1MicroTime') return ref(format === 'date-time-micro' ? PRIMITIVES.MicroTime : PRIMITIVES.Time);
    if (type === 'IntOrString') return ref(PRIMITIVES.IntOrString);
    if (type === 'any') return { type: 'object' };
    return ref(nameOf(type));
  };
  const s = of(a.type, a.format);
  // client-node gives these fields their type's description, which upstream keeps on the type alone.
  return a.type === 'IntOrString' || a.type === 'V1MicroTime' ? s : withDescription(s);
}

/** Served kinds (with their lists) and subresource kinds, as client-node class names with their group/version/kind. */
function servedKinds(): { className: string; group: string; version: string; kind: string }[] {
  const out: { className: string; group: string; version: string; kind: string }[] = [];
  const classFor = (group: string, version: string, kind: string) => {
    const v = version[0].toUpperCase() + version.slice(1);
    const plain = `${v}${kind}`;
    const prefixed = `${groupPackage(group)[0].toUpperCase()}${groupPackage(group).slice(1)}${v}${kind}`;
    for (const c of [plain, prefixed]) {
      try {
        readModel(c);
        if (parseClassName(c) && (c === plain ? !Object.keys(SUBRESOURCE_KIND_PACKAGES).includes(c) || SUBRESOURCE_KIND_PACKAGES[c] === groupPackage(group) : true)) return c;
      } catch {
        // not this spelling
      }
    }
    return undefined;
  };
  for (const t of RESOURCE_TYPES) {
    for (const version of t.versions) {
      for (const kind of [t.kind, `${t.kind}List`]) {
        const c = classFor(t.group, version, kind);
        if (c) out.push({ className: c, group: t.group, version, kind });
      }
    }
  }
  out.push(
    { className: 'V1Scale', group: 'autoscaling', version: 'v1', kind: 'Scale' },
    { className: 'V1Eviction', group: 'policy', version: 'v1', kind: 'Eviction' },
    { className: 'V1Binding', group: '', version: 'v1', kind: 'Binding' },
    { className: 'AuthenticationV1TokenRequest', group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
    { className: 'V1Status', group: '', version: 'v1', kind: 'Status' },
  );
  return out;
}

export async function generate(): Promise<Record<string, Schema>> {
  const kinds = servedKinds();
  const apiClasses = (api: string) => referencedClasses(readFileSync(join(root, 'apis', `${api}.d.ts`), 'utf8'));
  const notCore = new Set([...META_CLASSES, ...Object.keys(SUBRESOURCE_KIND_PACKAGES)]);
  // core/v1 types reference only core/v1 and apimachinery, so whatever core's API reaches is core's.
  const core = await closure(apiClasses('CoreV1Api').filter((c) => !notCore.has(c)));
  const packages = new Map<string, string>();
  for (const k of kinds) {
    const pkg = groupPackage(k.group);
    for (const c of await closure([k.className])) {
      if (notCore.has(c) || core.has(c) || parseClassName(c)?.prefix) continue;
      const known = packages.get(c);
      if (known && known !== pkg) throw new Error(`${c} is reached from both ${known} and ${pkg}`);
      packages.set(c, pkg);
    }
  }
  const nameOf = (c: string) => definitionName(c, core.has(c) ? 'core' : packages.get(c));
  const definitions: Record<string, Schema> = { ...PRIMITIVE_DEFINITIONS, ...METRICS_DEFINITIONS };
  for (const c of await closure(kinds.map((k) => k.className))) {
    const model = parseDeclaration(readModel(c), c);
    const properties: Record<string, Schema> = {};
    for (const a of await attributes(c)) properties[a.baseName] = fieldSchema(c, a, model.fields.get(a.name)?.description, nameOf);
    const required = [...model.fields].filter(([, f]) => !f.optional).map(([name]) => name);
    const gvks = kinds.filter((k) => k.className === c).map((k) => ({ group: k.group, kind: k.kind, version: k.version }));
    definitions[nameOf(c)] = {
      ...(model.description ? { description: model.description } : {}),
      type: 'object',
      ...(required.length ? { required } : {}),
      properties,
      ...(gvks.length ? { 'x-kubernetes-group-version-kind': gvks } : {}),
    };
  }
  const described = modelsDescriptions();
  for (const [name, d] of Object.entries(definitions)) {
    const fields = described.get(pascalName(name));
    for (const [field, schema] of Object.entries((d.properties ?? {}) as Record<string, Schema>)) {
      const description = fields?.get(field);
      if (schema.$ref && !schema.description && description) (d.properties as Record<string, Schema>)[field] = { description, ...schema };
    }
  }
  for (const [c, f] of Object.entries(QUANTITY_FIELDS)) {
    const d = definitions[nameOf(c)] as { properties?: Record<string, unknown> } | undefined;
    for (const field of [...(f.map ?? []), ...(f.scalar ?? [])]) if (!d?.properties?.[field]) throw new Error(`${c}.${field} is not a served field`);
  }
  return Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => (a < b ? -1 : 1)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const definitions = await generate();
  const out = {
    $comment: 'Generated by sandbox/kube/openapi/generate.ts from @kubernetes/client-node models (upstream OpenAPI spec v1.34.0) and kubernetes-models field descriptions; do not edit.',
    definitions,
  };
  writeFileSync(new URL('./definitions.json', import.meta.url), `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${Object.keys(definitions).length} definitions`);
}
