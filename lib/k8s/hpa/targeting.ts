/** Which HorizontalPodAutoscalers scale a workload: spec.scaleTargetRef names its kind, its API group and its name. Pure. */
import type { HpaRow } from './row';

/** The group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/** The HPAs whose scaleTargetRef is `kind` `name` in `group`, as the HPA controller resolves the reference (by group and kind, any version). */
export function hpasTargeting(rows: readonly HpaRow[], target: { group: string; kind: string; name: string }): HpaRow[] {
  return rows.filter((row) => row.reference.kind === target.kind && row.reference.name === target.name && groupOf(row.reference.apiVersion) === target.group);
}
