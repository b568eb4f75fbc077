/**
 * The API server's own checks of a CustomResourceDefinition, the essentials
 * of apiextensions-apiserver pkg/apis/apiextensions/validation (messages word
 * for word): the name is <plural>.<group>, a scope, exactly one storage
 * version, and a structural schema for every version, as v1 requires.
 */
import { isDns1035Label, isDns1123Subdomain, type FieldError } from '../http/validation';
import type { KubeObject } from '../store';
import { specOf, type CrdVersion, type JsonSchema } from './definition';

const required = (field: string, detail = ''): FieldError => ({ reason: 'FieldValueRequired', field, message: detail ? `Required value: ${detail}` : 'Required value' });
const invalid = (field: string, value: string, detail: string): FieldError => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${detail}` });

/** Go's %#v of the versions, with the fields that decide these checks (the pointers it would print are addresses, which no two servers share). */
function versionsValue(versions: CrdVersion[]): string {
  const one = (v: CrdVersion) => `apiextensions.CustomResourceDefinitionVersion{Name:${JSON.stringify(v.name)}, Served:${v.served}, Storage:${v.storage}}`;
  return `[]apiextensions.CustomResourceDefinitionVersion{${versions.map(one).join(', ')}}`;
}

/** SetDefaults for a v1 CRD: singular and listKind from kind, conversion None; a new CRD's status starts empty, with its storage version stored. */
export function defaultCrd(crd: KubeObject, create: boolean): void {
  const spec = (crd.spec ??= {}) as Record<string, unknown>;
  const names = (spec.names ??= {}) as Record<string, unknown>;
  if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
  if (!names.listKind && typeof names.kind === 'string') names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  if (create) {
    const storage = ((spec.versions ?? []) as CrdVersion[]).filter((v) => v.storage).map((v) => v.name);
    crd.status = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: storage };
  }
  for (const v of (spec.versions ?? []) as CrdVersion[]) {
    for (const c of v.additionalPrinterColumns ?? []) c.priority ??= 0;
  }
}

/** Structural schema checks (pkg/apiserver/schema/validation.go) for the cases that make a v1 CRD invalid most often. */
function structuralErrors(schema: JsonSchema, path: string, level: 'root' | 'field' | 'item', errors: FieldError[]): void {
  const untyped = !schema.type && !schema['x-kubernetes-int-or-string'] && !schema['x-kubernetes-preserve-unknown-fields'];
  if (untyped) {
    const detail = level === 'root' ? 'must not be empty at the root' : level === 'item' ? 'must not be empty for specified array items' : 'must not be empty for specified object fields';
    errors.push(required(`${path}.type`, detail));
  }
  if (level === 'root' && schema.type && schema.type !== 'object') errors.push(invalid(`${path}.type`, JSON.stringify(schema.type), 'must be object at the root'));
  for (const key of Object.keys(schema.properties ?? {}).sort()) structuralErrors(schema.properties![key], `${path}.properties[${key}]`, 'field', errors);
  if (typeof schema.additionalProperties === 'object') structuralErrors(schema.additionalProperties, `${path}.additionalProperties`, 'field', errors);
  if (schema.items) structuralErrors(schema.items, `${path}.items`, 'item', errors);
}

export function crdFieldErrors(crd: KubeObject): FieldError[] {
  const spec = specOf(crd);
  const names = spec.names ?? ({} as typeof spec.names);
  const versions = spec.versions ?? [];
  const errors: FieldError[] = [];
  const name = crd.metadata?.name ?? '';
  if (name && name !== `${names.plural}.${spec.group}`) errors.push(invalid('metadata.name', JSON.stringify(name), 'must be spec.names.plural+"."+spec.group'));
  if (!spec.group) errors.push(required('spec.group'));
  else {
    const groupErrors = isDns1123Subdomain(spec.group);
    if (groupErrors.length > 0) errors.push(invalid('spec.group', JSON.stringify(spec.group), groupErrors.join(',')));
    else if (spec.group.split('.').length < 2) errors.push(invalid('spec.group', JSON.stringify(spec.group), 'should be a domain with at least one dot'));
  }
  if (!spec.scope) errors.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errors.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"` });
  }
  versions.forEach((v, i) => {
    const schema = v.schema?.openAPIV3Schema;
    if (!schema) errors.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    const nameErrors = isDns1035Label(v.name ?? '');
    if (nameErrors.length > 0) errors.push(invalid(`spec.versions[${i}].name`, JSON.stringify(v.name ?? ''), nameErrors.join(',')));
  });
  versions.forEach((v, i) => {
    const schema = v.schema?.openAPIV3Schema;
    if (schema) structuralErrors(schema, `spec.versions[${i}].schema.openAPIV3Schema`, 'root', errors);
  });
  if (new Set(versions.map((v) => v.name)).size !== versions.length) errors.push(invalid('spec.versions', versionsValue(versions), 'must contain unique version names'));
  if (versions.filter((v) => v.storage).length !== 1) errors.push(invalid('spec.versions', versionsValue(versions), 'must have exactly one version marked as storage version'));
  if (!names.plural) errors.push(required('spec.names.plural'));
  if (!names.singular) errors.push(required('spec.names.singular'));
  if (!names.kind) errors.push(required('spec.names.kind'));
  if (!names.listKind) errors.push(required('spec.names.listKind'));
  if (names.plural) {
    const e = isDns1035Label(names.plural);
    if (e.length > 0) errors.push(invalid('spec.names.plural', JSON.stringify(names.plural), e.join(',')));
  }
  return errors;
}

/** ValidateCustomResourceDefinitionSpecUpdate: group and plural never change; scope and kind not once Established. */
export function crdUpdateErrors(next: KubeObject, current: KubeObject, established: boolean): FieldError[] {
  const a = specOf(next);
  const b = specOf(current);
  const errors: FieldError[] = [];
  const immutable = (field: string, value: string | undefined) => errors.push(invalid(field, JSON.stringify(value ?? ''), 'field is immutable'));
  if (established && a.scope !== b.scope) immutable('spec.scope', a.scope);
  if (established && a.names?.kind !== b.names?.kind) immutable('spec.names.kind', a.names?.kind);
  if (a.group !== b.group) immutable('spec.group', a.group);
  if (a.names?.plural !== b.names?.plural) immutable('spec.names.plural', a.names?.plural);
  return errors;
}
