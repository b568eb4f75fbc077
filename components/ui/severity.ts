export type Severity = 'ok' | 'progressing' | 'warning' | 'error' | 'done';

const PROGRESSING = new Set(['Pending', 'ContainerCreating', 'PodInitializing', 'Terminating']);
const DONE = new Set(['Completed', 'Succeeded']);
const WARNING = new Set(['NotReady', 'Unknown', 'SchedulingGated', 'Evicted', 'NodeLost']);

/** The severity of a pod STATUS as kubectl prints it ("Running", "CrashLoopBackOff", "Init:0/2", "Signal:9", ...). */
export function statusSeverity(status: string): Severity {
  if (status === 'Running') return 'ok';
  if (DONE.has(status)) return 'done';
  if (PROGRESSING.has(status)) return 'progressing';
  if (WARNING.has(status)) return 'warning';
  if (/^Init:\d+\/\d+$/.test(status)) return 'progressing';
  return 'error';
}

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'progressing', 'ok', 'done'];

export const severityClasses: Record<Severity, { badge: string; dot: string }> = {
  ok: { badge: 'bg-emerald-50 text-emerald-800 ring-emerald-600/30', dot: 'bg-emerald-500' },
  progressing: { badge: 'bg-sky-50 text-sky-800 ring-sky-600/30', dot: 'bg-sky-500' },
  warning: { badge: 'bg-amber-50 text-amber-900 ring-amber-600/40', dot: 'bg-amber-500' },
  error: { badge: 'bg-red-50 text-red-800 ring-red-600/30', dot: 'bg-red-600' },
  done: { badge: 'bg-slate-100 text-slate-700 ring-slate-500/30', dot: 'bg-slate-400' },
};
