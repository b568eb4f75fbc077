/**
 * ClusterRole aggregation as kube-controller-manager's clusterrole-aggregation
 * controller does it: an aggregated ClusterRole's rules are the rules of every
 * ClusterRole its selectors match, by name order, without repeats.
 */
import { aggregatedRules as rulesAggregatedFrom, sameRules } from '@/lib/k8s/rbac/aggregation';
import type { RoleObject } from '@/lib/k8s/rbac/types';
import type { KubeObject, Store } from '../store';
import { RBAC_RESOURCES, type PolicyRule } from './types';

export function aggregatedRules(store: Store, role: KubeObject): PolicyRule[] {
  return rulesAggregatedFrom(role as unknown as RoleObject, store.list(RBAC_RESOURCES.clusterRoles) as unknown as RoleObject[]);
}

/** Brings every aggregated ClusterRole up to date; aggregated roles feeding others (edit into admin) settle in a few passes. */
export function syncAggregatedClusterRoles(store: Store): void {
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (const role of store.list(RBAC_RESOURCES.clusterRoles)) {
      if (!role.aggregationRule) continue;
      const rules = aggregatedRules(store, role);
      if (sameRules(role.rules, rules)) continue;
      store.update(RBAC_RESOURCES.clusterRoles, { ...role, rules });
      changed = true;
    }
    if (!changed) return;
  }
}
