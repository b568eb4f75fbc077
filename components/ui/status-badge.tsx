import { severityClasses, statusSeverity } from './severity';

export function StatusBadge({ status, count }: { status: string; count?: number }) {
  const severity = statusSeverity(status);
  const classes = severityClasses[severity];
  return (
    <span data-severity={severity} className={`inline-flex items-center gap-1.5 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${classes.badge}`}>
      <span aria-hidden className={`size-1.5 rounded-full ${classes.dot}`} />
      {status}
      {count !== undefined && <span className="tabular-nums font-semibold">{count}</span>}
    </span>
  );
}
