/**
 * What a request is about, parsed from its method and URL exactly as
 * k8s.io/apiserver's RequestInfoFactory does: resource requests under /api
 * and /apis get a verb, namespace, resource, subresource and name; anything
 * else is a non-resource request whose verb is the lowercased method.
 */

import type { Attributes, UserInfo } from './auth/types';

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments from the resource on: resource/name/subresource/... */
  parts: string[];
}

const API_PREFIXES = new Set(['api', 'apis']);
const GROUPLESS_PREFIXES = new Set(['api']);
const SPECIAL_VERBS = new Set(['proxy', 'watch']);
const SPECIAL_VERBS_NO_SUBRESOURCES = new Set(['proxy']);
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const METHOD_VERBS: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

export class RequestInfoError extends Error {}

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  let parts = splitPath(path);
  if (parts.length < 3 || !API_PREFIXES.has(parts[0])) return info;
  info.apiPrefix = parts[0];
  parts = parts.slice(1);
  if (!GROUPLESS_PREFIXES.has(info.apiPrefix)) {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0];
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiVersion = parts[0];
  parts = parts.slice(1);

  if (SPECIAL_VERBS.has(parts[0])) {
    if (parts.length < 2) throw new RequestInfoError(`unable to determine kind and namespace from url, ${path}`);
    info.verb = parts[0];
    parts = parts.slice(1);
  } else {
    info.verb = METHOD_VERBS[method] ?? '';
  }

  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1];
      if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2])) parts = parts.slice(2);
    }
  }
  info.parts = parts;

  if (parts.length >= 3 && !SPECIAL_VERBS_NO_SUBRESOURCES.has(info.verb)) info.subresource = parts[2];
  if (parts.length >= 2) info.name = parts[1];
  if (parts.length >= 1) info.resource = parts[0];

  if (!info.name && info.verb === 'get') {
    info.verb = isTrue(url.searchParams.get('watch')) ? 'watch' : 'list';
    // A list narrowed to one name by fieldSelector is authorized as that name, as upstream.
    const exact = exactNameFromFieldSelector(url.searchParams.get('fieldSelector'));
    if (exact && isValidPathSegmentName(exact)) info.name = exact;
  }
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Query booleans as the apiserver's conversion reads them (false for "0" and "false" in any case, as Python clients send "False"). */
export function isTrue(value: string | null): boolean {
  return value !== null && value !== '' && value.toLowerCase() !== 'false' && value !== '0';
}

function exactNameFromFieldSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  const terms = selector.split(',');
  for (const term of terms) {
    const m = /^\s*metadata\.name\s*(==|=)\s*(.*?)\s*$/.exec(term);
    if (m) return m[2];
  }
  return undefined;
}

/** path.IsValidPathSegmentName: no "." or "..", no "/" or "%". */
export function isValidPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** The authorizer's attributes of a request: who asks for what. */
export function attributesOf(info: RequestInfo, user: UserInfo): Attributes {
  return {
    user,
    verb: info.verb,
    resourceRequest: info.isResourceRequest,
    path: info.path,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
}
