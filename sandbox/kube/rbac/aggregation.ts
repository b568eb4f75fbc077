/**
 * ClusterRole aggregation as kube-controller-manager's clusterrole-aggregation
 * controller does it: an aggregated ClusterRole's rules are the rules of every
 * ClusterRole its selectors match, by name order, without repeats.
 */
import { fromLabelSelector, LabelSelectorError, matchesLabels, type LabelSelector } from '../../../server/k8s/label-selector';
import type { KubeObject, Store } from '../store';
import { RBAC_RESOURCES, type PolicyRule } from './types';

function ruleKey(rule: PolicyRule): string {
  // apimachinery's semantic equality treats a missing list and an empty one alike.
  return JSON.stringify([rule.verbs ?? [], rule.apiGroups ?? [], rule.resources ?? [], rule.resourceNames ?? [], rule.nonResourceURLs ?? []]);
}

export function aggregatedRules(store: Store, role: KubeObject): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const all = store.list(RBAC_RESOURCES.clusterRoles);
  for (const selector of (role.aggregationRule?.clusterRoleSelectors ?? []) as LabelSelector[]) {
    let requirements;
    try {
      requirements = fromLabelSelector(selector);
    } catch (err) {
      if (err instanceof LabelSelectorError) continue;
      throw err;
    }
    if (requirements === null) continue;
    for (const other of all) {
      if (other.metadata.name === role.metadata.name || !matchesLabels(requirements, other.metadata.labels)) continue;
      for (const rule of (other.rules ?? []) as PolicyRule[]) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
  }
  return rules;
}

function sameRules(a: PolicyRule[] | null | undefined, b: PolicyRule[]): boolean {
  const left = a ?? [];
  return left.length === b.length && left.every((rule, i) => ruleKey(rule) === ruleKey(b[i]));
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
