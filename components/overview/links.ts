/** Where a chip of the Overview's "Pods by status" leads: the Pods page filtered as closely as its filters allow. */
import { clusterHref } from '../shell/urls';
import { PHASES, podsViewQuery, readPodsView } from '../pods/view';
import { statusSeverity } from '../ui/severity';

/**
 * A phase's own status (`Running`, `Pending`) filters by that phase, as the API server's field
 * selector does; kubectl's `Completed` is the Succeeded phase; a problem status (warning or
 * error) shows the namespace's problems only; any other status the namespace's pods.
 */
export function statusChipHref(cluster: string, namespace: string, status: string): string {
  const view = { ...readPodsView(new URLSearchParams()), namespace };
  const severity = statusSeverity(status);
  if (PHASES.includes(status)) view.phase = status;
  else if (status === 'Completed') view.phase = 'Succeeded';
  else if (severity === 'warning' || severity === 'error') view.problemsOnly = true;
  return `${clusterHref(cluster, 'pods')}?${podsViewQuery(view)}`;
}
