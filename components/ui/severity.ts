import { severityOf, type PodSeverity } from '@/lib/k8s/pod-status';

export type Severity = PodSeverity;

/** The severity of a STATUS name alone, as counts by status carry no readiness: kubectl's status with every container ready. */
export function statusSeverity(status: string): Severity {
  return severityOf(status, 1, 1);
}

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'progressing', 'ok', 'done'];

export const severityClasses: Record<Severity, { badge: string; dot: string }> = {
  ok: { badge: 'bg-emerald-50 text-emerald-800 ring-emerald-600/30', dot: 'bg-emerald-500' },
  progressing: { badge: 'bg-sky-50 text-sky-800 ring-sky-600/30', dot: 'bg-sky-500' },
  warning: { badge: 'bg-amber-50 text-amber-900 ring-amber-600/40', dot: 'bg-amber-500' },
  error: { badge: 'bg-red-50 text-red-800 ring-red-600/30', dot: 'bg-red-600' },
  done: { badge: 'bg-slate-100 text-slate-700 ring-slate-500/30', dot: 'bg-slate-400' },
};
