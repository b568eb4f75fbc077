/**
 * The RBAC Forbidden message both ways: worded as k8s.io/apiserver's
 * responsewriters.Forbidden words it, and read back into the permission
 * that was missing.
 */
import { goQuote } from '../label-selector';
import { combinedResource } from './rules';
import type { RequestAttributes } from './types';

/** `User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"` */
export function forbiddenMessage(username: string, attributes: RequestAttributes): string {
  const user = goQuote(username);
  if (!attributes.resourceRequest) return `User ${user} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  const scope = attributes.namespace ? `in the namespace ${goQuote(attributes.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${attributes.verb} resource ${goQuote(combinedResource(attributes))} in API group ${goQuote(attributes.apiGroup)} ${scope}`;
}

/** The permission a 403 says the user lacks. */
export interface MissingPermission {
  verb: string;
  resource: string;
  subresource: string;
  group: string;
  /** "" at the cluster scope. */
  namespace: string;
  /** "" when the request named no object. */
  name: string;
  /** For a non-resource URL ("/metrics"); absent for resource requests. */
  path?: string;
  /** Who was refused, as the API server named them. */
  user: string;
  /** Every verb the refused page needs on the resource, when it said (a live list: list and watch); the refused verb alone otherwise. */
  needed?: string[];
}

const QUOTED = '"((?:[^"\\\\]|\\\\.)*)"';
const RESOURCE = new RegExp(`User ${QUOTED} cannot (\\S+) resource ${QUOTED} in API group ${QUOTED} (?:in the namespace ${QUOTED}|at the cluster scope)`);
const PATH = new RegExp(`User ${QUOTED} cannot (\\S+) path ${QUOTED}`);
const NAMED = new RegExp(`^\\S+ ${QUOTED} is forbidden: `);

function unquote(value: string): string {
  try {
    return JSON.parse(`"${value}"`) as string;
  } catch {
    return value;
  }
}

/**
 * Reads the missing permission out of an RBAC Forbidden message (and the Status details'
 * name, which the message only shows before "is forbidden"); undefined when the message is
 * not the authorizer's, e.g. an admission plugin's refusal.
 */
export function parseForbidden(message: string, details?: { name?: string }): MissingPermission | undefined {
  const resource = RESOURCE.exec(message);
  const named = NAMED.exec(message);
  const name = details?.name ?? (named ? unquote(named[1]) : '');
  if (resource) {
    const [full, sub] = splitResource(unquote(resource[3]));
    return {
      verb: resource[2],
      resource: full,
      subresource: sub,
      group: unquote(resource[4]),
      namespace: resource[5] === undefined ? '' : unquote(resource[5]),
      name,
      user: unquote(resource[1]),
    };
  }
  const path = PATH.exec(message);
  if (path) return { verb: path[2], resource: '', subresource: '', group: '', namespace: '', name: '', path: unquote(path[3]), user: unquote(path[1]) };
  return undefined;
}

function splitResource(value: string): [string, string] {
  const i = value.indexOf('/');
  return i < 0 ? [value, ''] : [value.slice(0, i), value.slice(i + 1)];
}
