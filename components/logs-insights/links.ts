/** Links that open the Logs page pre-filtered to a pod, a workload's selector or a namespace. */

const LABEL_KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A backquoted field name, for label keys with characters a bare name cannot have (`app.kubernetes.io/name`). */
function field(name: string): string {
  return /^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(name) ? name : `\`${name.replace(/`/g, '\\`')}\``;
}

/**
 * The filter for equality requirements of a label selector (`app=x,track=stable`), as Fluentd
 * ships labels (kubernetes.labels.KEY); null when the selector has set-based parts.
 */
export function selectorFilter(selector: string): string | null {
  const parts = selector
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const terms: string[] = [];
  for (const part of parts) {
    const m = /^([^=!\s]+)\s*==?\s*([^=!\s]*)$/.exec(part);
    if (!m || !LABEL_KEY.test(m[1])) return null;
    terms.push(`${field(`kubernetes.labels.${m[1]}`)} = ${quote(m[2])}`);
  }
  return terms.length ? terms.join(' and ') : null;
}

export interface LogsTarget {
  namespace: string;
  pod?: string;
  /** A workload's label selector (kubectl's syntax). */
  labelSelector?: string;
}

/** The query a link opens with: the target's records, newest first. */
export function targetQuery(target: LogsTarget): string {
  const filters = [`kubernetes.namespace_name = ${quote(target.namespace)}`];
  if (target.pod) filters.push(`kubernetes.pod_name = ${quote(target.pod)}`);
  else if (target.labelSelector) {
    const f = selectorFilter(target.labelSelector);
    if (f) filters.push(f);
  }
  return `fields @timestamp, kubernetes.pod_name, log\n| filter ${filters.join(' and ')}\n| sort @timestamp desc\n| limit 1000`;
}

/** The Logs page for the target: its query, and the live pod-logs source's namespace and selector. */
export function logsInsightsHref(cluster: string, target: LogsTarget): string {
  const params = new URLSearchParams({ q: targetQuery(target), namespace: target.namespace });
  if (target.labelSelector) params.set('selector', target.labelSelector);
  return `/c/${encodeURIComponent(cluster)}/logs?${params}`;
}
