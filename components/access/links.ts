/** Hrefs of the Access pages. */
import { clusterHref } from '../shell/urls';

export function roleHref(cluster: string, role: { kind: string; name: string; namespace?: string }): string {
  const plural = role.kind === 'Role' ? 'roles' : 'clusterroles';
  const path = clusterHref(cluster, `access/roles/${plural}/${encodeURIComponent(role.name)}`);
  return role.kind === 'Role' && role.namespace ? `${path}?namespace=${encodeURIComponent(role.namespace)}` : path;
}

export function bindingHref(cluster: string, binding: { kind: string; name: string; namespace?: string }): string {
  const plural = binding.kind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings';
  const path = clusterHref(cluster, `access/bindings/${plural}/${encodeURIComponent(binding.name)}`);
  return binding.kind === 'RoleBinding' && binding.namespace ? `${path}?namespace=${encodeURIComponent(binding.namespace)}` : path;
}
