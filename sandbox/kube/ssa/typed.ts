/**
 * The typed conversion server-side apply makes of an applied configuration
 * before merging it (structured-merge-diff's ObjectToTyped): a value of the
 * wrong type, or a field the kind does not declare, fails the apply. Upstream
 * returns that failure as a plain error, so the client gets a 500 with the
 * message alone (kubernetes/kubernetes#122480, #139253), e.g.
 * `failed to create typed patch object (ns/name; /v1, Kind=ConfigMap): .data.a: expected string, got &value.valueUnstructured{Value:1}`.
 * Messages and path spelling from sigs.k8s.io/structured-merge-diff typed/validate.go and fieldpath.
 */
import { definitions } from '../http/openapi';
import { definitionOf, shapeOf, type Schema } from './schema';

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Definitions schemaconv turns into untyped scalars: strings with a format, and Quantity, which decodes a number too. */
const UNTYPED = new Set(['io.k8s.apimachinery.pkg.api.resource.Quantity', 'io.k8s.apimachinery.pkg.util.intstr.IntOrString']);

/** Go's %#v of a value decoded into interface{} (JSON numbers are float64, printed without a trailing .0). */
function goSyntax(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  const o = v as JsonObject;
  return `map[string]interface {}{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goSyntax(o[k])}`)
    .join(', ')}}`;
}

/** Go's %v of a value decoded into interface{}. */
function goValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  const o = v as JsonObject;
  return `map[${Object.keys(o)
    .sort()
    .map((k) => `${k}:${goValue(o[k])}`)
    .join(' ')}]`;
}

/** %#v and %v of the value.Value wrapping it. */
const wrappedSyntax = (v: unknown) => `&value.valueUnstructured{Value:${goSyntax(v)}}`;
const wrappedValue = (v: unknown) => `&{${goValue(v)}}`;

/** %T of the unstructured value. */
function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** value.ToString of a list-map key's value, as fieldpath prints a key element. */
const keyValue = (v: unknown) => JSON.stringify(v);

function resolve(schema: Schema): { name?: string; def: Schema | undefined } {
  const name = definitionOf(schema);
  return { name, def: name ? definitions()[name] : schema };
}

function walk(value: unknown, schema: Schema | undefined, path: string, field: string | undefined, owner: string | undefined, out: string[]): void {
  if (value === null || value === undefined || !schema) return;
  const { name, def } = resolve(schema);
  if (!def) return;
  const at = (message: string) => out.push(`${path}: ${message}`);
  if (name && UNTYPED.has(name)) {
    if (isObject(value) || Array.isArray(value)) at(`expected any scalar, got ${wrappedValue(value)}`);
    return;
  }
  if (def.type === 'array') {
    if (!Array.isArray(value)) return void at(`expected list, got ${wrappedValue(value)}`);
    const shape = shapeOf(schema, field, owner);
    const items = def.items as Schema | undefined;
    value.forEach((item, i) => {
      const element =
        shape.kind === 'associative' && isObject(item)
          ? `[${shape.keys
              .filter((k) => item[k] !== undefined)
              .map((k) => `${k}=${keyValue(item[k])}`)
              .join(',')}]`
          : shape.kind === 'set'
            ? `[=${keyValue(item)}]`
            : `[${i}]`;
      walk(item, items, `${path}${element}`, undefined, undefined, out);
    });
    return;
  }
  const properties = def.properties as Record<string, Schema> | undefined;
  if (properties) {
    if (!isObject(value)) return void at(`expected map, got ${wrappedValue(value)}`);
    for (const [key, child] of Object.entries(value)) {
      if (!(key in properties)) out.push(`${path}.${key}: field not declared in schema`);
      else walk(child, properties[key], `${path}.${key}`, key, name, out);
    }
    return;
  }
  if (def.additionalProperties) {
    if (!isObject(value)) return void at(`expected map, got ${wrappedValue(value)}`);
    for (const [key, child] of Object.entries(value)) walk(child, def.additionalProperties as Schema, `${path}.${key}`, undefined, undefined, out);
    return;
  }
  switch (def.type) {
    case 'string':
      if (def.format === undefined || def.format === '' || def.format === 'byte') {
        if (typeof value !== 'string') at(`expected string, got ${wrappedSyntax(value)}`);
      } else if (isObject(value) || Array.isArray(value)) at(`expected any scalar, got ${wrappedValue(value)}`);
      return;
    case 'integer':
    case 'number':
      if (typeof value !== 'number') at(`expected numeric (int or float), got ${goType(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') at(`expected boolean, got ${wrappedValue(value)}`);
      return;
    default:
      // `type: object` without fields (RawExtension, FieldsV1) holds anything.
      return;
  }
}

/** The conversion's errors for an applied configuration of the kind whose schema is `root`; none when it converts. */
export function typedPatchErrors(config: unknown, root: Schema | undefined): string[] {
  const out: string[] = [];
  walk(config, root, '', undefined, undefined, out);
  return out;
}

/** ValidationErrors.Error(): one error as itself, several under "errors:", each on its own indented line. */
export function typedPatchMessage(errors: string[], object: { namespace?: string; name?: string; apiVersion: string; kind: string }): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const detail = errors.length === 1 ? errors[0] : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
  return `failed to create typed patch object (${object.namespace ?? ''}/${object.name ?? ''}; ${group}/${version}, Kind=${object.kind}): ${detail}`;
}
