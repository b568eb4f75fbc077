import 'server-only';
/** The Access console API: Can-I matrix and check, who-can, the roles that would grant a permission, roles and bindings. */
import { z } from 'zod';
import { consoleErrors } from '../errors';
import { parseInput, readJsonBody } from '../http';
import { BODY_LIMITS } from '../request-body';
import { resourceAttributes } from '../k8s/access-reviews';
import { checkAccess, selfMatrix, subjectMatrix, type AccessMatrix, type CheckResult } from '../k8s/access';
import {
  bindingDetail,
  grantsFor,
  listBindings,
  listRoles,
  roleDetail,
  whoCanResult,
  type BindingDetail,
  type BindingList,
  type Grants,
  type RoleDetail,
  type RoleList,
  type WhoCanResult,
} from '../k8s/access-rbac';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { serviceAccountUsername } from '@/lib/k8s/rbac/subjects';
import type { RequestAttributes, UserInfo } from '@/lib/k8s/rbac/types';
import { whoami } from '../k8s/whoami';
import { callerClient } from './cluster-client';
import { namespaceName } from './names';
import { objectName } from './pod-query';

const verb = z
  .string()
  .regex(/^(\*|[a-z]+)$/, 'a verb is lower-case letters, or "*"')
  .max(40);
const resource = z
  .string()
  .regex(/^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/, 'a resource is a lower-case plural name, or "*"')
  .max(253);
const group = z
  .string()
  .regex(/^(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/, 'an API group is a DNS subdomain, "" for the core group, or "*"')
  .max(253)
  .default('');
const subresource = z
  .string()
  .regex(/^[a-z]*$/, 'a subresource is lower-case letters')
  .max(63)
  .default('');
const optionalNamespace = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .pipe(namespaceName.optional());
const optionalName = z
  .string()
  .optional()
  .transform((v) => v || undefined)
  .pipe(objectName.optional());
/** A user or group name as an authenticator gives it (e.g. an IAM ARN): printable, no commas. */
const subjectName = z
  .string()
  .min(1)
  .max(256)
  // eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
  .regex(/^[^\s,\u0000-\u001f\u007f]+$/, 'a subject name has no spaces, commas or control characters');
const nonResourcePath = z
  .string()
  .regex(/^\/[-A-Za-z0-9_./*]*$/, 'a non-resource path starts with "/"')
  .max(1024);

/** One resource permission as a check names it; shared with the action checks (server/api/can.ts). */
export const permission = z.object({ verb, resource, group, subresource, namespace: optionalNamespace, name: optionalName });

function attributesOf(p: z.infer<typeof permission>): RequestAttributes {
  return resourceAttributes({ verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource, namespace: p.namespace, name: p.name });
}

const subjectQuery = z.object({
  user: subjectName.optional(),
  /** Comma-separated. */
  groups: z.string().max(4096).optional(),
  /** `namespace/name`. */
  serviceAccount: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a service account is namespace/name')
    .optional(),
});

/** The subject a matrix or check is for: undefined for the caller themself. */
function otherSubject(input: { user?: string; groups?: string[] | string; serviceAccount?: string }): UserInfo | undefined {
  const groups = (Array.isArray(input.groups) ? input.groups : (input.groups ?? '').split(',')).map((g) => g.trim()).filter(Boolean);
  for (const g of groups) parseInput(subjectName, g, 'group');
  if (input.serviceAccount) {
    if (input.user) throw consoleErrors.badRequest('give either user or serviceAccount, not both');
    const [ns, name] = input.serviceAccount.split('/');
    // The groups the API server gives every service account token.
    return { username: serviceAccountUsername(ns, name), groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated', ...groups] };
  }
  if (!input.user && groups.length === 0) return undefined;
  return { username: input.user ?? '', groups };
}

const reviewQuery = subjectQuery.extend({ namespace: optionalNamespace });

export async function accessReview(request: Request, cluster: string, query: Record<string, string>): Promise<AccessMatrix> {
  const q = parseInput(reviewQuery, query, 'query');
  const { client } = await callerClient(request, cluster);
  const other = otherSubject(q);
  return other ? subjectMatrix(client, other, q.namespace ?? '') : selfMatrix(client, q.namespace ?? '');
}

/** A resource permission, or a non-resource path (then resource must be absent). */
const permissionOrPath = z
  .object({ verb, resource: resource.optional(), group, subresource, namespace: optionalNamespace, name: optionalName, path: nonResourcePath.optional() })
  .refine((p) => (p.path === undefined) !== (p.resource === undefined), { message: 'give either resource or path' });

const checkBody = permissionOrPath.and(z.object({ user: subjectName.optional(), groups: z.array(subjectName).max(50).optional() }));

function requestAttributes(p: z.infer<typeof permissionOrPath>): RequestAttributes {
  if (p.path !== undefined) return { verb: p.verb, resourceRequest: false, path: p.path, apiGroup: '', resource: '', subresource: '', namespace: '', name: '' };
  return attributesOf({ ...p, resource: p.resource ?? '' });
}

export async function accessCheck(request: Request, cluster: string): Promise<CheckResult> {
  const { client } = await callerClient(request, cluster);
  const input = await readJsonBody(request, checkBody, BODY_LIMITS.form);
  return checkAccess(client, requestAttributes(input), otherSubject({ user: input.user, groups: input.groups }));
}

export async function accessWhoCan(request: Request, cluster: string, query: Record<string, string>): Promise<WhoCanResult & { permission: RequestAttributes }> {
  const attributes = attributesOf(parseInput(permission, query, 'query'));
  const { client } = await callerClient(request, cluster);
  return { permission: attributes, ...(await whoCanResult(client, attributes)) };
}

/** For the Forbidden panel: the roles that would grant what a 403 said was missing, and YAML granting it to the caller. */
/** The verbs the refused page needs besides the refused one, comma-separated as the 403 body's `missing.needed` gave them. */
const neededVerbs = z.object({
  needed: z
    .string()
    .max(400)
    .optional()
    .transform((v) => (v ? v.split(',') : []))
    .pipe(z.array(verb).max(10)),
});

export async function accessGrants(request: Request, cluster: string, query: Record<string, string>): Promise<Grants> {
  const { needed: neededParam, ...permissionQuery } = query;
  const attributes = requestAttributes(parseInput(permissionOrPath, permissionQuery, 'query'));
  const { needed } = parseInput(neededVerbs, { needed: neededParam }, 'query');
  const { client } = await callerClient(request, cluster);
  const me = await whoami(client);
  const missing: MissingPermission = {
    verb: attributes.verb,
    resource: attributes.resource,
    subresource: attributes.subresource,
    group: attributes.apiGroup,
    namespace: attributes.namespace,
    name: attributes.name,
    ...(attributes.resourceRequest ? {} : { path: attributes.path }),
    user: me.username,
    ...(needed.length ? { needed } : {}),
  };
  return grantsFor(client, missing, attributes);
}

const namespaceQuery = z.object({ namespace: optionalNamespace });

export async function accessRoles(request: Request, cluster: string, query: Record<string, string>): Promise<RoleList> {
  const { namespace } = parseInput(namespaceQuery, query, 'query');
  const { client } = await callerClient(request, cluster);
  return listRoles(client, namespace);
}

export async function accessBindings(request: Request, cluster: string, query: Record<string, string>): Promise<BindingList> {
  const { namespace } = parseInput(namespaceQuery, query, 'query');
  const { client } = await callerClient(request, cluster);
  return listBindings(client, namespace);
}

const ROLE_KINDS = { clusterroles: 'ClusterRole', roles: 'Role' } as const;
const BINDING_KINDS = { clusterrolebindings: 'ClusterRoleBinding', rolebindings: 'RoleBinding' } as const;

function namespaceFor(namespaced: boolean, namespace: string | undefined, plural: string): string | undefined {
  if (namespaced && !namespace) throw consoleErrors.badRequest(`${plural} are namespaced: give ?namespace=`);
  return namespaced ? namespace : undefined;
}

export async function accessRole(request: Request, cluster: string, plural: string, name: string, query: Record<string, string>): Promise<RoleDetail> {
  const kind = ROLE_KINDS[plural as keyof typeof ROLE_KINDS];
  if (!kind) throw consoleErrors.notFound(`"${plural}" is not a role kind: use clusterroles or roles`);
  const { namespace } = parseInput(namespaceQuery, query, 'query');
  const ns = namespaceFor(kind === 'Role', namespace, plural);
  const { client } = await callerClient(request, cluster);
  return roleDetail(client, kind, ns, parseInput(roleName, decodedSegment(name), 'name'));
}

export async function accessBinding(request: Request, cluster: string, plural: string, name: string, query: Record<string, string>): Promise<BindingDetail> {
  const kind = BINDING_KINDS[plural as keyof typeof BINDING_KINDS];
  if (!kind) throw consoleErrors.notFound(`"${plural}" is not a binding kind: use clusterrolebindings or rolebindings`);
  const { namespace } = parseInput(namespaceQuery, query, 'query');
  const ns = namespaceFor(kind === 'RoleBinding', namespace, plural);
  const { client } = await callerClient(request, cluster);
  return bindingDetail(client, kind, ns, parseInput(roleName, decodedSegment(name), 'name'));
}

/** RBAC object names are path segments: `system:aggregate-to-view` has colons. */
const roleName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.:]*[A-Za-z0-9])?$/, 'not a valid RBAC object name');

/** A path segment as the browser encoded it (`system%3Aview`); RBAC names never contain "%" themselves. */
function decodedSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw consoleErrors.badRequest(`invalid name "${value}"`);
  }
}
