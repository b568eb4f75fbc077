import 'server-only';
import type { ResourceRef } from '../client';

/** The object an action is on: its resource as the client names it (group "" for core), namespace and name. */
export interface ActionTarget {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name: string;
}

export function refOf(target: ActionTarget, subresource?: string): ResourceRef {
  return {
    group: target.group,
    version: target.version,
    resource: target.resource,
    name: target.name,
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    ...(subresource ? { subresource } : {}),
  };
}

export interface KubeObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}
