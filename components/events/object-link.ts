import type { ResourceEntry } from '../api/queries/resources';
import { resourceObjectHref } from '../resources/links';

/** The object an Event is about, as its `involvedObject` / `regarding` names it. */
export interface EventObject {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
}

/**
 * The page of the object an Event is about: the served resource of its kind in its API group
 * (the version it was recorded in when still served, else the one discovery lists), through the
 * dedicated page where one exists. Undefined when discovery does not name the kind.
 */
export function eventObjectHref(cluster: string, resources: readonly ResourceEntry[], object: EventObject): string | undefined {
  if (!object.kind || !object.name) return undefined;
  const apiVersion = object.apiVersion ?? '';
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? 'core' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const candidates = resources.filter((r) => r.kind === object.kind && (apiVersion === '' || r.group === group));
  const entry = candidates.find((r) => r.version === version) ?? candidates[0];
  if (!entry) return undefined;
  return resourceObjectHref(cluster, entry, entry.namespaced ? (object.namespace ?? '') : '', object.name);
}
