'use client';
import Link from 'next/link';
import type { ClusterSignals } from '@/server/signals/collect';
import { ErrorView } from '../ui/error-view';
import { forDuration } from './format';

/** "in eks-work, kube-system" → the resources not read there; cluster-scoped ones "at the cluster scope". */
function notChecked(omitted: { resource: string; namespace?: string }[]): [string, string[]][] {
  const byResources = new Map<string, string[]>();
  const resourcesOf = new Map<string, string[]>();
  for (const o of omitted) {
    const where = o.namespace ?? '';
    resourcesOf.set(where, [...(resourcesOf.get(where) ?? []), o.resource]);
  }
  for (const [where, resources] of resourcesOf) {
    const key = resources.join(', ');
    byResources.set(key, [...(byResources.get(key) ?? []), where]);
  }
  return [...byResources.entries()].map(([resources, wheres]) => {
    const named = wheres.filter(Boolean);
    const where = named.length ? `in ${named.join(', ')}` : 'at the cluster scope';
    return [where, resources.split(', ')];
  });
}

export function SignalsPanel({ data, now }: { data: ClusterSignals; now: number }) {
  const omitted = data.sources.flatMap((s) => s.omitted.map((o) => ({ ...o, resource: s.resource })));
  const failed = data.sources.filter((s) => s.error);
  // Every read failed (the cluster is unreachable): no signal means nothing was seen, not that nothing is wrong.
  const nothingRead = failed.length > 0 && failed.length === data.sources.length;
  return (
    <div className="space-y-2">
      {nothingRead ? (
        <div className="p-2">
          <ErrorView error={failed[0].error} compact />
        </div>
      ) : data.signals.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600">Nothing wrong in what you may see of the cluster.</p>
      ) : (
        <ul aria-label="Cluster signals">
          {data.signals.map((s) => (
            <li key={s.id} className="border-b border-slate-100 px-3 py-2 last:border-b-0" data-testid="signal" data-kind={s.kind}>
              <div className="flex items-baseline gap-2">
                <span className={`h-2 w-2 shrink-0 rounded-full ${s.severity === 'critical' ? 'bg-red-600' : 'bg-amber-500'}`} role="img" aria-label={s.severity} />
                <Link href={s.links.object} className="min-w-0 break-words font-mono text-[13px] font-medium text-sky-800 hover:underline">
                  {s.title}
                </Link>
              </div>
              <p className="ml-4 break-words text-xs text-slate-700">
                <span className="font-semibold">{s.kind}</span> · {s.message}
                {s.since && <span className="text-slate-500"> · {forDuration(s.since, now)}</span>}
              </p>
              <p className="ml-4 flex gap-3 text-xs">
                <Link href={s.links.events} className="text-sky-700 hover:underline">
                  events
                </Link>
                {s.links.logs && (
                  <Link href={s.links.logs} className="text-sky-700 hover:underline" data-testid="signal-logs">
                    logs
                  </Link>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {(omitted.length > 0 || (failed.length > 0 && !nothingRead)) && (
        <div className="space-y-0.5 border-t border-slate-100 px-3 py-2 text-xs text-slate-600" aria-label="Not checked" role="group">
          {notChecked(omitted).map(([where, resources]) => (
            <p key={where}>
              Not checked {where}: {resources.join(', ')} (forbidden)
            </p>
          ))}
          {omitted.length > 0 && (
            <details>
              <summary className="cursor-pointer text-slate-500">The API server&apos;s answers</summary>
              <ul className="mt-1 space-y-0.5 font-mono text-[11px]">
                {omitted.map((o) => (
                  <li key={`${o.resource}-${o.namespace ?? ''}`}>{o.reason}</li>
                ))}
              </ul>
            </details>
          )}
          {!nothingRead &&
            failed.map((s) => (
              <p key={s.resource} className="text-amber-800">
                {s.resource} could not be read: {s.error!.message}
              </p>
            ))}
        </div>
      )}
    </div>
  );
}
