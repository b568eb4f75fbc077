/**
 * ClusterRole aggregation as kube-controller-manager's clusterrole-aggregation
 * controller does it: an aggregated ClusterRole's rules are the rules of every
 * ClusterRole its selectors match, by name order, without repeats.
 */
import { fromLabelSelector, LabelSelectorError, matchesLabels, type LabelSelector } from '../label-selector';
import type { PolicyRule, RoleObject } from './types';

/** apimachinery's semantic equality treats a missing list and an empty one alike. */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs ?? [], rule.apiGroups ?? [], rule.resources ?? [], rule.resourceNames ?? [], rule.nonResourceURLs ?? []]);
}

export interface AggregatedRule {
  rule: PolicyRule;
  /** The ClusterRole the rule was aggregated from. */
  from: string;
}

/** The rules `role`'s aggregationRule gathers from `clusterRoles` (sorted by name, as the controller lists them). */
export function aggregatedRuleSources(role: RoleObject, clusterRoles: RoleObject[]): AggregatedRule[] {
  const out: AggregatedRule[] = [];
  const seen = new Set<string>();
  const sorted = [...clusterRoles].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  for (const selector of (role.aggregationRule?.clusterRoleSelectors ?? []) as LabelSelector[]) {
    let requirements;
    try {
      requirements = fromLabelSelector(selector);
    } catch (err) {
      if (err instanceof LabelSelectorError) continue;
      throw err;
    }
    if (requirements === null) continue;
    for (const other of sorted) {
      if (other.metadata.name === role.metadata.name || !matchesLabels(requirements, other.metadata.labels)) continue;
      for (const rule of other.rules ?? []) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ rule, from: other.metadata.name });
      }
    }
  }
  return out;
}

export function aggregatedRules(role: RoleObject, clusterRoles: RoleObject[]): PolicyRule[] {
  return aggregatedRuleSources(role, clusterRoles).map((r) => r.rule);
}

export function sameRules(a: PolicyRule[] | null | undefined, b: PolicyRule[]): boolean {
  const left = a ?? [];
  return left.length === b.length && left.every((rule, i) => ruleKey(rule) === ruleKey(b[i]));
}
