/**
 * A custom resource against its version's structural schema, as the
 * apiextensions-apiserver handles one: defaulting from `default:`, pruning
 * of fields the schema does not declare, and validation with kube-openapi's
 * messages turned into field errors (kubeOpenAPIResultToFieldErrors).
 */
import type { FieldError } from '../http/validation';
import type { JsonSchema } from './definition';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const preserves = (s: JsonSchema) => s['x-kubernetes-preserve-unknown-fields'] === true;
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** The OpenAPI type name kube-openapi reports for a value (validate/type.go). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** A bad value as field errors print it: strings quoted, numbers and booleans bare. */
function printed(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const child = (path: string, key: string) => (path ? `${path}.${key}` : key);

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  switch (schema.type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function typeName(schema: JsonSchema): string {
  return schema['x-kubernetes-int-or-string'] ? 'integer,string' : (schema.type ?? '');
}

/** Every field error of `value` against `schema`; `path` is the dotted field path ("" at the root). */
export function validateValue(schema: JsonSchema, value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  walkValidate(schema, value, path, errors);
  return errors;
}

function walkValidate(schema: JsonSchema, value: unknown, path: string, errors: FieldError[]): void {
  if (value === null && schema.nullable) return;
  if (!typeMatches(schema, value) || (value === null && schema.type)) {
    const actual = jsonType(value);
    // errors.InvalidType: "%s in %s must be of type %s: %q", turned into field.TypeInvalid(path, actual, message).
    errors.push({ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "${actual}": ${path} in body must be of type ${typeName(schema)}: "${actual}"` });
    return;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${schema.minimum}` });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: ${path} in body should be less than or equal to ${schema.maximum}` });
    }
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    const supported = schema.enum.map((e) => (typeof e === 'string' ? JSON.stringify(e) : JSON.stringify(JSON.stringify(e)))).join(', ');
    errors.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${printed(value)}: supported values: ${supported}` });
  }
  // kube-openapi's order: type, number bounds, enum, then the object's properties and its required fields.
  if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const sub = schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      // metadata is ObjectMeta's business, validated as every kind's is.
      if (sub && !(path === '' && key === 'metadata')) walkValidate(sub, v, child(path, key), errors);
    }
    for (const key of schema.required ?? []) {
      if (!(key in value)) errors.push({ reason: 'FieldValueRequired', field: child(path, key), message: 'Required value' });
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => walkValidate(schema.items!, item, `${path}[${i}]`, errors));
}

/** Structural defaulting: a missing property with a `default` gets a copy of it, at every level. */
export function applyDefaults(schema: JsonSchema, value: unknown): void {
  if (isObject(value)) {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (!(key in value) && sub.default !== undefined) value[key] = structuredClone(sub.default);
    }
    for (const [key, v] of Object.entries(value)) {
      const sub = schema.properties?.[key] ?? (isObject(schema.additionalProperties) ? schema.additionalProperties : undefined);
      if (sub) applyDefaults(sub, v);
    }
  } else if (Array.isArray(value) && schema.items) {
    for (const item of value) applyDefaults(schema.items, item);
  }
}

/** Drops the fields the schema does not declare (unless it preserves unknown fields); returns their paths. */
export function prune(schema: JsonSchema, value: unknown, path = '', root = true): string[] {
  const dropped: string[] = [];
  if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (root && ROOT_FIELDS.has(key)) continue;
      const declared = schema.properties?.[key];
      const additional = schema.additionalProperties;
      const sub = declared ?? (isObject(additional) ? additional : undefined);
      if (sub) dropped.push(...prune(sub, v, child(path, key), false));
      else if (additional !== true && !preserves(schema)) {
        delete value[key];
        dropped.push(child(path, key));
      }
    }
  } else if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => dropped.push(...prune(schema.items!, item, `${path}[${i}]`, false)));
  }
  return dropped;
}
