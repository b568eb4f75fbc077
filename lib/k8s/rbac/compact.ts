/**
 * Rules broken down and compacted as k8s.io/component-helpers/auth/rbac/validation
 * does, and printed as `kubectl describe clusterrole` and `kubectl auth can-i --list`
 * print them (Resources, Non-Resource URLs, Resource Names, Verbs).
 */
import { goQuote } from '../label-selector';
import type { PolicyRule } from './types';

/** One rule per (group, resource, verb[, name]) and per (url, verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (rule.resourceNames?.length) {
          for (const name of rule.resourceNames) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
        } else {
          out.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs ?? []) out.push({ verbs: [verb], nonResourceURLs: [url] });
  return out;
}

/** Merges rules that differ only in verb (one group, one resource, at most one name), as CompactRules does. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    if (rule.nonResourceURLs?.length || (rule.resourceNames?.length ?? 0) > 1 || rule.apiGroups?.length !== 1 || rule.resources?.length !== 1) {
      out.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups[0], rule.resources[0], rule.resourceNames?.[0] ?? null]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...rule, verbs: [...rule.verbs] });
    else for (const verb of rule.verbs) if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
  }
  return [...out, ...simple.values()];
}

/** Go's %q of a []string. */
export function goStrings(values: string[]): string {
  return `[${values.map(goQuote).join(' ')}]`;
}

/** Go's %v of a []string. */
export function goList(values: string[] | undefined): string {
  return `[${(values ?? []).join(' ')}]`;
}

/** rbacv1helpers.CompactString: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.apiGroups?.length) parts.push(`APIGroups:${goStrings(rule.apiGroups)}`);
  if (rule.resources?.length) parts.push(`Resources:${goStrings(rule.resources)}`);
  if (rule.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goStrings(rule.nonResourceURLs)}`);
  if (rule.resourceNames?.length) parts.push(`ResourceNames:${goStrings(rule.resourceNames)}`);
  if (rule.verbs?.length) parts.push(`Verbs:${goStrings(rule.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** The generated PolicyRule.String() kubectl sorts the printed rules by (verbs first). */
function policyRuleString(rule: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(rule.verbs)},APIGroups:${goList(rule.apiGroups)},Resources:${goList(rule.resources)},ResourceNames:${goList(rule.resourceNames)},NonResourceURLs:${goList(rule.nonResourceURLs)},}`;
}

/** One printed line of a role's PolicyRule table. */
export interface DescribeRow {
  /** `deployments.apps`, `pods/log`, `deployments.apps/scale`; "" for a non-resource rule. */
  resources: string;
  nonResourceURLs: string[];
  resourceNames: string[];
  verbs: string[];
}

/** kubectl's CombineResourceGroup: the first resource with the first group, subresource last. */
export function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [resource, subresource] = splitOnce(resources[0]);
  let combined = resource;
  if (groups?.length && groups[0] !== '') combined += `.${groups[0]}`;
  if (subresource !== undefined) combined += `/${subresource}`;
  return combined;
}

function splitOnce(value: string): [string, string | undefined] {
  const i = value.indexOf('/');
  return i < 0 ? [value, undefined] : [value.slice(0, i), value.slice(i + 1)];
}

/** The PolicyRule table of `kubectl describe role|clusterrole`, in kubectl's order. */
export function describeRules(rules: PolicyRule[]): DescribeRow[] {
  const compacted = compactRules(rules.flatMap(breakdownRule));
  const keyed = compacted.map((rule) => ({ rule, key: policyRuleString(rule) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ rule }) => ({
    resources: combineResourceGroup(rule.resources, rule.apiGroups),
    nonResourceURLs: rule.nonResourceURLs ?? [],
    resourceNames: rule.resourceNames ?? [],
    verbs: rule.verbs ?? [],
  }));
}
