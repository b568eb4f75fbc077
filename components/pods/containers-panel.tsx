import { formatBytes, formatCores, quantityValue } from '../table/quantity';
import { UsageBar } from '../table/usage-bar';
import { ago } from '../table/panel';
import { describeProbe, describeState, type ContainerView, type KubeContainerState } from './kube-pod';

/** Current use of one container, from metrics.k8s.io. */
export interface ContainerUsage {
  cpuCores?: number;
  memoryBytes?: number;
}

const kindBadge: Record<ContainerView['kind'], string> = {
  init: 'bg-violet-50 text-violet-800 ring-violet-600/30',
  sidecar: 'bg-sky-50 text-sky-800 ring-sky-600/30',
  app: 'bg-slate-100 text-slate-700 ring-slate-500/30',
};

function stateTone(state: KubeContainerState | undefined): string {
  if (state?.running) return 'text-emerald-700';
  if (state?.terminated) return state.terminated.exitCode === 0 ? 'text-slate-600' : 'text-red-700';
  if (state?.waiting) return /BackOff|Err|Invalid/.test(state.waiting.reason ?? '') ? 'text-red-700' : 'text-sky-700';
  return 'text-slate-600';
}

function StateDetail({ state, now }: { state: KubeContainerState | undefined; now: number }) {
  const message = state?.waiting?.message ?? state?.terminated?.message;
  const since = state?.running?.startedAt ?? state?.terminated?.finishedAt;
  return (
    <span>
      <span className={`font-mono font-semibold ${stateTone(state)}`}>{describeState(state)}</span>
      {since && <span className="text-slate-500"> · {state?.running ? 'started' : 'finished'} {ago(since, now)}</span>}
      {message && <span className="block break-words text-xs text-slate-600">{message}</span>}
    </span>
  );
}

/** Each container with its state, last state, restarts, probes, and use against requests and limits. */
export function ContainersPanel({ containers, usage, now }: { containers: ContainerView[]; usage: Record<string, ContainerUsage> | undefined; now: number }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Containers">
      {containers.map(({ kind, spec, status }) => {
        const requests = spec.resources?.requests ?? {};
        const limits = spec.resources?.limits ?? {};
        const used = usage?.[spec.name];
        const probes = (['livenessProbe', 'readinessProbe', 'startupProbe'] as const).filter((probe) => spec[probe]);
        return (
          <li key={`${kind}-${spec.name}`} className="py-3 first:pt-0 last:pb-0" aria-label={`Container ${spec.name}`}>
            <div className="flex flex-wrap items-baseline gap-2">
              <span className={`rounded px-1.5 text-[11px] font-medium uppercase ring-1 ring-inset ${kindBadge[kind]}`}>{kind}</span>
              <span className="font-mono font-semibold">{spec.name}</span>
              <span className="break-all font-mono text-xs text-slate-500">{spec.image}</span>
              <span className="ml-auto text-xs text-slate-600">
                ready <span className="font-mono">{String(status?.ready ?? false)}</span> · restarts{' '}
                <span className="font-mono tabular-nums">{status?.restartCount ?? 0}</span>
              </span>
            </div>
            <div className="mt-2 grid gap-x-6 gap-y-2 text-sm md:grid-cols-[1fr_1fr_minmax(12rem,16rem)]">
              <div>
                <p className="text-xs text-slate-500">State</p>
                <StateDetail state={status?.state} now={now} />
              </div>
              <div>
                <p className="text-xs text-slate-500">Last state</p>
                {status?.lastState && Object.keys(status.lastState).length ? <StateDetail state={status.lastState} now={now} /> : <span className="text-slate-500">—</span>}
              </div>
              <div className="space-y-1.5">
                <UsageBar label="cpu" used={used?.cpuCores} request={quantityValue(requests.cpu)} limit={quantityValue(limits.cpu)} format={formatCores} />
                <UsageBar label="mem" used={used?.memoryBytes} request={quantityValue(requests.memory)} limit={quantityValue(limits.memory)} format={formatBytes} />
              </div>
            </div>
            {probes.length > 0 && (
              <ul className="mt-2 space-y-0.5 text-xs text-slate-600">
                {probes.map((probe) => (
                  <li key={probe}>
                    <span className="font-medium">{probe.replace('Probe', '')}:</span> <span className="font-mono">{describeProbe(spec[probe]!)}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
