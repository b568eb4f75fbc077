/**
 * The scale subresource of a custom resource: autoscaling/v1 Scale read from
 * and written to the paths its CRD declares (specReplicasPath,
 * statusReplicasPath, labelSelectorPath), as the CR scale storage does.
 */
import type { ResourceType } from '../resources';
import type { KubeObject } from '../store';
import { versionOf, type ScaleSubresource } from './definition';
import { findResults } from './jsonpath';

export function scalePaths(type: ResourceType, version: string): ScaleSubresource | undefined {
  return type.crd ? versionOf(type.crd, version)?.subresources?.scale : undefined;
}

const first = (obj: KubeObject, path: string | undefined) => (path ? findResults(obj, path)[0] : undefined);

export function customScale(paths: ScaleSubresource, obj: KubeObject): { specReplicas: number; statusReplicas: number; selector: string } {
  const spec = first(obj, paths.specReplicasPath);
  const status = first(obj, paths.statusReplicasPath);
  const selector = first(obj, paths.labelSelectorPath);
  return { specReplicas: typeof spec === 'number' ? spec : 0, statusReplicas: typeof status === 'number' ? status : 0, selector: typeof selector === 'string' ? selector : '' };
}

/** Sets the replicas at specReplicasPath (".spec.replicas"), creating the objects on the way. */
export function setSpecReplicas(paths: ScaleSubresource, obj: KubeObject, replicas: number): void {
  const keys = paths.specReplicasPath.replace(/^\./, '').split('.');
  let at = obj as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]] = replicas;
}
