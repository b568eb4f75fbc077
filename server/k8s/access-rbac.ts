import 'server-only';
/** The RBAC objects the caller may read, and what they say: who can, which roles grant, roles and bindings described. */
import { ConsoleError } from '../errors';
import type { KubeClient } from './client';
import { isForbidden } from './errors';
import { listAll } from './list-all';
import { describeRules, type DescribeRow } from '@/lib/k8s/rbac/compact';
import { grantYaml } from '@/lib/k8s/rbac/grant-yaml';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { bindingsOf, effectiveRules, rolesGranting, whoCan, type GrantingRole, type RbacObjects, type WhoCanEntry } from '@/lib/k8s/rbac/resolve';
import type { BindingObject, RequestAttributes, RoleObject, RoleRef, Subject } from '@/lib/k8s/rbac/types';
import { section, type Section } from './section';

const RBAC = { group: 'rbac.authorization.k8s.io', version: 'v1' };

/** A kind of RBAC object the caller could not list, with the API server's message. */
export interface Unreadable {
  resource: 'clusterroles' | 'clusterrolebindings' | 'roles' | 'rolebindings';
  namespace?: string;
  message: string;
}

async function readList<T>(client: KubeClient, resource: Unreadable['resource'], namespace: string | undefined, unreadable: Unreadable[]): Promise<T[]> {
  try {
    return await listAll<T>(client, { ...RBAC, resource, ...(namespace ? { namespace } : {}) });
  } catch (err) {
    if (!isForbidden(err)) throw err;
    unreadable.push({ resource, ...(namespace ? { namespace } : {}), message: (err as ConsoleError).message });
    return [];
  }
}

/** ClusterRoles, ClusterRoleBindings and (for a namespace) its Roles and RoleBindings, as far as the caller may list them. */
export async function readRbac(client: KubeClient, namespace: string): Promise<{ objects: RbacObjects; unreadable: Unreadable[] }> {
  const unreadable: Unreadable[] = [];
  const [clusterRoles, clusterRoleBindings, roles, roleBindings] = await Promise.all([
    readList<RoleObject>(client, 'clusterroles', undefined, unreadable),
    readList<BindingObject>(client, 'clusterrolebindings', undefined, unreadable),
    namespace ? readList<RoleObject>(client, 'roles', namespace, unreadable) : Promise.resolve([]),
    namespace ? readList<BindingObject>(client, 'rolebindings', namespace, unreadable) : Promise.resolve([]),
  ]);
  const order: Unreadable['resource'][] = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'];
  unreadable.sort((a, b) => order.indexOf(a.resource) - order.indexOf(b.resource));
  return { objects: { clusterRoles, clusterRoleBindings, roles, roleBindings }, unreadable };
}

export interface WhoCanResult {
  entries: WhoCanEntry[];
  unresolved: { binding: { kind: string; name: string; namespace?: string }; roleRef: RoleRef; reason: string }[];
  /** What the caller could not read; the answer leaves out whatever those objects grant. */
  unreadable: Unreadable[];
}

/** "Who can VERB RESOURCE in NAMESPACE", computed from the RBAC objects the caller can read. */
export async function whoCanResult(client: KubeClient, attributes: RequestAttributes): Promise<WhoCanResult> {
  const { objects, unreadable } = await readRbac(client, attributes.namespace);
  return { ...whoCan(attributes, objects), unreadable };
}

export interface Grants {
  missing: MissingPermission;
  /** Existing ClusterRoles, and Roles of the namespace, that would grant it. */
  roles: GrantingRole[];
  unreadable: Unreadable[];
  /** A minimal Role and RoleBinding (ClusterRole and ClusterRoleBinding at the cluster scope) granting exactly this. */
  yaml: string;
}

export async function grantsFor(client: KubeClient, missing: MissingPermission, attributes: RequestAttributes): Promise<Grants> {
  const { objects, unreadable } = await readRbac(client, attributes.namespace);
  // Role bindings are not needed here: only roles say what they grant.
  const relevant = unreadable.filter((u) => u.resource === 'clusterroles' || u.resource === 'roles');
  return { missing, roles: rolesGranting(attributes, objects), unreadable: relevant, yaml: grantYaml(missing) };
}

// ---------------------------------------------------------------------------
// Roles and bindings, listed and described

export type RoleKind = 'ClusterRole' | 'Role';
export type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

export interface RoleRow {
  kind: RoleKind;
  name: string;
  namespace?: string;
  aggregated: boolean;
  /** Rows of `kubectl describe`. */
  rules: number;
  created?: string;
}

export interface BindingRow {
  kind: BindingKind;
  name: string;
  namespace?: string;
  roleRef: RoleRef;
  subjects: Subject[];
  created?: string;
}

function roleRow(kind: RoleKind, role: RoleObject, clusterRoles: RoleObject[]): RoleRow {
  return {
    kind,
    name: role.metadata.name,
    ...(role.metadata.namespace ? { namespace: role.metadata.namespace } : {}),
    aggregated: !!role.aggregationRule,
    rules: describeRules(effectiveRules(role, clusterRoles).map((r) => r.rule)).length,
    ...(role.metadata.creationTimestamp ? { created: role.metadata.creationTimestamp } : {}),
  };
}

function bindingRow(kind: BindingKind, binding: BindingObject): BindingRow {
  return {
    kind,
    name: binding.metadata.name,
    ...(binding.metadata.namespace ? { namespace: binding.metadata.namespace } : {}),
    roleRef: binding.roleRef,
    subjects: binding.subjects ?? [],
    ...(binding.metadata.creationTimestamp ? { created: binding.metadata.creationTimestamp } : {}),
  };
}

const byName = <T extends { name: string }>(rows: T[]) => rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export interface RoleList {
  clusterRoles: Section<RoleRow[]>;
  /** The namespace's Roles, when one was asked for. */
  roles?: Section<RoleRow[]>;
}

export async function listRoles(client: KubeClient, namespace: string | undefined): Promise<RoleList> {
  let all: RoleObject[] = [];
  const clusterRoles = await section(async () => {
    all = await listAll<RoleObject>(client, { ...RBAC, resource: 'clusterroles' });
    return byName(all.map((r) => roleRow('ClusterRole', r, all)));
  });
  if (!namespace) return { clusterRoles };
  const roles = await section(async () => byName((await listAll<RoleObject>(client, { ...RBAC, resource: 'roles', namespace })).map((r) => roleRow('Role', r, all))));
  return { clusterRoles, roles };
}

export interface BindingList {
  clusterRoleBindings: Section<BindingRow[]>;
  roleBindings?: Section<BindingRow[]>;
}

export async function listBindings(client: KubeClient, namespace: string | undefined): Promise<BindingList> {
  const clusterRoleBindings = await section(async () => byName((await listAll<BindingObject>(client, { ...RBAC, resource: 'clusterrolebindings' })).map((b) => bindingRow('ClusterRoleBinding', b))));
  if (!namespace) return { clusterRoleBindings };
  const roleBindings = await section(async () => byName((await listAll<BindingObject>(client, { ...RBAC, resource: 'rolebindings', namespace })).map((b) => bindingRow('RoleBinding', b))));
  return { clusterRoleBindings, roleBindings };
}

export interface RoleDetail {
  kind: RoleKind;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** For an aggregated ClusterRole: its selectors as label selector strings, and the ClusterRoles they gather. */
  aggregation?: { selectors: Record<string, string>[]; from: string[] };
  /** The PolicyRule table of `kubectl describe`. */
  rules: DescribeRow[];
  /** The bindings that bind this role, as far as the caller may list them. */
  bindings: Section<BindingRow[]>;
}

const PATH_SEGMENT = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * One RBAC object by name. Names such as `system:aggregate-to-view` are not plain path
 * segments, so those are read from the list filtered on metadata.name.
 */
async function getNamed<T extends { metadata: { name: string } }>(client: KubeClient, resource: Unreadable['resource'], namespace: string | undefined, name: string): Promise<T> {
  const ref = { ...RBAC, resource, ...(namespace ? { namespace } : {}) };
  if (PATH_SEGMENT.test(name)) return client.get<T>({ ...ref, name });
  const found = (await listAll<T>(client, ref, { fieldSelector: `metadata.name=${name}` })).find((o) => o.metadata.name === name);
  if (found) return found;
  const message = `${resource}.${RBAC.group} "${name}" not found`;
  throw new ConsoleError('Status', 404, message, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NotFound',
    details: { name, group: RBAC.group, kind: resource },
    code: 404,
  });
}

async function clusterRolesIfReadable(client: KubeClient): Promise<RoleObject[]> {
  try {
    return await listAll<RoleObject>(client, { ...RBAC, resource: 'clusterroles' });
  } catch (err) {
    // The aggregated role's own rules (kept by the controller) stand in.
    if (isForbidden(err)) return [];
    throw err;
  }
}

export async function roleDetail(client: KubeClient, kind: RoleKind, namespace: string | undefined, name: string): Promise<RoleDetail> {
  const role = await getNamed<RoleObject>(client, kind === 'ClusterRole' ? 'clusterroles' : 'roles', kind === 'Role' ? namespace : undefined, name);
  const clusterRoles = role.aggregationRule ? await clusterRolesIfReadable(client) : [];
  const rules = effectiveRules(role, clusterRoles);
  const bindings = await section(async () => {
    const clusterRoleBindings = kind === 'ClusterRole' ? await listAll<BindingObject>(client, { ...RBAC, resource: 'clusterrolebindings' }) : [];
    // A ClusterRole may be bound in every namespace; a Role only in its own.
    const roleBindings = await listAll<BindingObject>(client, { ...RBAC, resource: 'rolebindings', ...(kind === 'Role' ? { namespace } : {}) });
    return bindingsOf({ kind, name, ...(namespace ? { namespace } : {}) }, { clusterRoles: [], roles: [], clusterRoleBindings, roleBindings }).map((b) => bindingRow(b.kind, b.binding));
  });
  return {
    kind,
    name: role.metadata.name,
    ...(role.metadata.namespace ? { namespace: role.metadata.namespace } : {}),
    labels: role.metadata.labels ?? {},
    annotations: role.metadata.annotations ?? {},
    ...(role.aggregationRule
      ? {
          aggregation: {
            selectors: (role.aggregationRule.clusterRoleSelectors ?? []).map((s) => s.matchLabels ?? {}),
            from: [...new Set(rules.map((r) => r.from).filter((f): f is string => !!f))],
          },
        }
      : {}),
    rules: describeRules(rules.map((r) => r.rule)),
    bindings,
  };
}

export interface BindingDetail extends BindingRow {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The role it binds, described, or why it could not be read. */
  role: Section<{ kind: string; name: string; namespace?: string; rules: DescribeRow[] }>;
}

export async function bindingDetail(client: KubeClient, kind: BindingKind, namespace: string | undefined, name: string): Promise<BindingDetail> {
  const binding = await getNamed<BindingObject>(client, kind === 'ClusterRoleBinding' ? 'clusterrolebindings' : 'rolebindings', kind === 'RoleBinding' ? namespace : undefined, name);
  const ref = binding.roleRef;
  const role = await section(async () => {
    const roleKind = ref.kind === 'Role' ? 'Role' : 'ClusterRole';
    const detail = await getNamed<RoleObject>(client, roleKind === 'Role' ? 'roles' : 'clusterroles', roleKind === 'Role' ? namespace : undefined, ref.name);
    return { kind: roleKind, name: ref.name, ...(roleKind === 'Role' ? { namespace } : {}), rules: describeRules(detail.rules ?? []) };
  });
  return { ...bindingRow(kind, binding), labels: binding.metadata.labels ?? {}, annotations: binding.metadata.annotations ?? {}, role };
}
