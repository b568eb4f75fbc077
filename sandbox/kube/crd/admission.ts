/**
 * What the API server does with a write to a CustomResourceDefinition or to
 * a custom resource before storing it: defaults, then its field errors.
 */
import type { FieldError } from '../http/validation';
import type { ResourceType } from '../resources';
import type { KubeObject } from '../store';
import { CRD_GROUP, isEstablished, versionOf } from './definition';
import { applyDefaults, prune, validateValue } from './schema';
import { crdFieldErrors, crdUpdateErrors, defaultCrd } from './validation';

const isCrd = (type: ResourceType) => type.group === CRD_GROUP && type.kind === 'CustomResourceDefinition';

function schemaOf(type: ResourceType, version: string) {
  return type.crd ? versionOf(type.crd, version)?.schema?.openAPIV3Schema : undefined;
}

/** The fields of a custom resource body its schema does not declare, dropped from `body` when `drop`. */
export function undeclaredFields(type: ResourceType, version: string, body: unknown, drop: boolean): string[] {
  const schema = schemaOf(type, version);
  if (!schema) return [];
  return prune(schema, drop ? body : structuredClone(body));
}

/** Defaults `obj` as stored and returns its field errors (CRD validation, or a custom resource against its schema). */
export function admitExtension(type: ResourceType, version: string, obj: KubeObject, current?: KubeObject): FieldError[] {
  if (isCrd(type)) {
    defaultCrd(obj, !current);
    return [...crdFieldErrors(obj), ...(current ? crdUpdateErrors(obj, current, isEstablished(current)) : [])];
  }
  const schema = schemaOf(type, version);
  if (!schema) return [];
  // With the status subresource, a create's status is dropped (customResourceStrategy.PrepareForCreate); updates keep the stored one.
  if (!current && type.subresources?.includes('status')) delete obj.status;
  prune(schema, obj);
  applyDefaults(schema, obj);
  return validateValue(schema, obj);
}
