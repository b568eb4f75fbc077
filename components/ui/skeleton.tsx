export function Skeleton({ className = '', label = 'Loading' }: { className?: string; label?: string }) {
  return <div role="status" aria-label={label} className={`animate-pulse rounded bg-slate-200 ${className}`} />;
}
