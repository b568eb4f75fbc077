import { useTranslations } from 'next-intl';
import type { ContainerDetail, ContainerState } from '../api/pod-detail';
import type { Amounts } from '../api/nodes';
import { approximateFloat, formatCpu } from '@/lib/k8s/quantity';
import { formatBytes } from '../table/quantity';
import { UsageBar } from '../table/usage-bar';
import { useAgo } from '../table/panel';
import { PortLinks } from './port-links';

const typeBadge: Record<ContainerDetail['type'], string> = {
  init: 'bg-violet-50 text-violet-800 ring-violet-600/30',
  sidecar: 'bg-sky-50 text-sky-800 ring-sky-600/30',
  app: 'bg-slate-100 text-slate-700 ring-slate-500/30',
};

/** A container state as kubectl describe names it, "Running", "Waiting: CrashLoopBackOff", "Terminated: Error (exit code 1)", its words in the page's language. */
function StateText({ state }: { state: ContainerState | undefined }) {
  const t = useTranslations('Containers');
  if (!state) return '—';
  if (state.state === 'running') return 'Running';
  if (state.state === 'waiting') return state.reason ? `Waiting: ${state.reason}` : 'Waiting';
  const code = state.signal ? t('signal', { signal: state.signal }) : t('exitCode', { code: state.exitCode ?? 0 });
  return `Terminated${state.reason ? `: ${state.reason}` : ''} (${code})`;
}

function stateTone(state: ContainerState | undefined): string {
  if (state?.state === 'running') return 'text-emerald-700';
  if (state?.state === 'terminated') return state.exitCode === 0 ? 'text-slate-600' : 'text-red-700';
  if (state?.state === 'waiting') return /BackOff|Err|Invalid/.test(state.reason ?? '') ? 'text-red-700' : 'text-sky-700';
  return 'text-slate-600';
}

function StateDetail({ state, now }: { state: ContainerState | undefined; now: number }) {
  const ago = useAgo();
  const t = useTranslations('Containers');
  const since = state?.state === 'running' ? state.startedAt : state?.finishedAt;
  return (
    <span>
      <span className={`font-mono font-semibold ${stateTone(state)}`}>
        <StateText state={state} />
      </span>
      {since && <span className="text-slate-500"> · {state?.state === 'running' ? t('started', { ago: ago(since, now) }) : t('finished', { ago: ago(since, now) })}</span>}
      {state?.message && <span className="block break-words text-xs text-slate-600">{state.message}</span>}
    </span>
  );
}

/** Each container with its state, last state, restarts, probes, and use against requests and limits. */
export function ContainersPanel({ containers, now, proxy }: { containers: (ContainerDetail & { usage?: Amounts })[]; now: number; proxy?: { cluster: string; namespace: string; pod: string } }) {
  const t = useTranslations('Containers');
  return (
    <ul className="divide-y divide-slate-100" aria-label={t('label')}>
      {containers.map((container) => (
        <li key={`${container.type}-${container.name}`} className="py-3 first:pt-0 last:pb-0" aria-label={t('container', { name: container.name })}>
          <div className="flex flex-wrap items-baseline gap-2">
            <span className={`rounded px-1.5 text-[11px] font-medium uppercase ring-1 ring-inset ${typeBadge[container.type]}`}>{container.type}</span>
            <span className="font-mono font-semibold">{container.name}</span>
            <span className="break-all font-mono text-xs text-slate-500">{container.image}</span>
            <span className="ml-auto text-xs text-slate-600">
              {t.rich('readyRestarts', {
                ready: String(container.ready),
                restarts: container.restarts,
                mono: (chunk) => <span className="font-mono">{chunk}</span>,
                count: (chunk) => <span className="font-mono tabular-nums">{chunk}</span>,
              })}
            </span>
          </div>
          <div className="mt-2 grid gap-x-6 gap-y-2 text-sm md:grid-cols-[1fr_1fr_minmax(12rem,16rem)]">
            <div>
              <p className="text-xs text-slate-500">{t('state')}</p>
              <StateDetail state={container.state} now={now} />
            </div>
            <div>
              <p className="text-xs text-slate-500">{t('lastState')}</p>
              {container.lastState ? <StateDetail state={container.lastState} now={now} /> : <span className="text-slate-500">—</span>}
            </div>
            <div className="space-y-1.5">
              <UsageBar
                label="cpu"
                used={container.usage ? container.usage.cpuMillicores / 1000 : undefined}
                request={approximateFloat(container.requests.cpu)}
                limit={approximateFloat(container.limits.cpu)}
                format={formatCpu}
              />
              <UsageBar label="mem" used={container.usage?.memoryBytes} request={approximateFloat(container.requests.memory)} limit={approximateFloat(container.limits.memory)} format={formatBytes} />
            </div>
          </div>
          {(Object.keys(container.probes).length > 0 || container.ports.length > 0) && (
            <ul className="mt-2 space-y-0.5 text-xs text-slate-600">
              {container.ports.length > 0 && (
                <li>
                  <span className="font-medium">{t('ports')}</span> <PortLinks ports={container.ports} running={container.state?.state === 'running'} proxy={proxy} />
                </li>
              )}
              {(['liveness', 'readiness', 'startup'] as const).map((probe) =>
                container.probes[probe] ? (
                  <li key={probe}>
                    <span className="font-medium">{probe}:</span> <span className="font-mono">{container.probes[probe]}</span>
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
