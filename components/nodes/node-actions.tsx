'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { CordonResult } from '@/server/k8s/actions/drain';
import { allNeeded, neededPerAction } from '../actions/action-checks';
import { GuardedAction } from '../actions/guarded-action';
import { guardedPaletteAction } from '../actions/palette-action';
import { useCan } from '../actions/use-can';
import { clusterPath, resourceKey } from '../api/keys';
import { writeWithCsrf } from '../api/session';
import { usePaletteActions } from '../palette/use-palette-actions';
import { ErrorView } from '../ui/error-view';
import { ModalDialog } from '../ui/modal-dialog';
import { useDrain, type DrainEvent } from './use-drain';

const podText = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

/** One line per step of the drain, as kubectl drain prints them; a disruption budget's refusal verbatim with its cause. */
function DrainStep({ event }: { event: DrainEvent }) {
  const t = useTranslations('Nodes');
  switch (event.type) {
    case 'cordoned':
      return <>{t('stepCordoned', { node: event.node })}</>;
    case 'plan':
      return (
        <>
          {t('stepPlan', { count: event.evict.length })}
          {event.skipped.length > 0 && t('stepSkipped', { pods: event.skipped.map((s) => `${podText(s)} (${s.reason})`).join(', ') })}
          {event.warnings.length > 0 && (
            <span className="block text-amber-800">{t('stepWarning', { warnings: event.warnings.map((w) => `${w.message}: ${w.pods.map(podText).join(', ')}`).join('; ') })}</span>
          )}
        </>
      );
    case 'refused':
      return (
        <span className="text-red-800">
          {event.message}: {event.pods.map(podText).join(', ')}
        </span>
      );
    case 'evicting':
      return <>{t('stepEvicting', { pod: podText(event.pod) })}</>;
    case 'evicted':
      return <>{t('stepEvicted', { pod: podText(event.pod) })}</>;
    case 'terminated':
      return <span className="text-green-800">{t('stepTerminated', { name: event.pod.name, replaced: String(event.replaced === true) })}</span>;
    case 'blocked':
      return (
        <span className="text-amber-800">
          {t('stepBlocked', { pod: podText(event.pod), seconds: event.retryInSeconds, message: event.message })}
          {event.causes?.map((c) => ` ${c.message}`).join('')}
        </span>
      );
    case 'failed':
      return <span className="text-red-800">{t('stepFailed', { pod: podText(event.pod), message: event.error.message })}</span>;
    case 'timedOut':
      return <span className="text-red-800">{event.message}</span>;
    case 'done':
      return <strong>{t('stepDone', { result: event.result, node: event.node, count: event.remaining.length })}</strong>;
  }
}

function DrainDialog({ cluster, node, onClose }: { cluster: string; node: string; onClose: () => void }) {
  const [emptyDir, setEmptyDir] = useState(false);
  const [force, setForce] = useState(false);
  const [ignoreDaemonSets, setIgnoreDaemonSets] = useState(true);
  const [timeoutSeconds, setTimeoutSeconds] = useState(300);
  const t = useTranslations('Nodes');
  const drain = useDrain(cluster, node);
  const running = drain.state === 'running';

  return (
    <ModalDialog title={t('drainTitle', { node })} busy={running} onClose={onClose} className="max-w-2xl">
      <p>{t('drainIntro')}</p>
      <fieldset disabled={running} className="space-y-2">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={emptyDir} onChange={(e) => setEmptyDir(e.target.checked)} />
          {t('drainEmptyDir')}
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          {t('drainForce')}
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={ignoreDaemonSets} onChange={(e) => setIgnoreDaemonSets(e.target.checked)} />
          {t('drainIgnoreDaemonSets')}
        </label>
        <label className="flex items-center gap-2">
          {t('giveUpAfter')}
          <input
            type="number"
            min={5}
            max={3600}
            value={timeoutSeconds}
            onChange={(e) => setTimeoutSeconds(Number(e.target.value))}
            className="w-24 rounded border border-slate-300 px-2 py-0.5"
            aria-label={t('timeoutSeconds')}
          />
          {t('seconds')}
        </label>
      </fieldset>
      {drain.events.length > 0 && (
        <ol aria-label={t('drainProgress')} aria-live="polite" className="max-h-72 space-y-0.5 overflow-auto rounded border border-slate-200 p-2 font-mono text-xs">
          {drain.events.map((event, i) => (
            <li key={i} data-step={event.type}>
              <DrainStep event={event} />
            </li>
          ))}
        </ol>
      )}
      {drain.state === 'stopped' && (
        <p role="status" className="font-semibold">
          {t('drainStopped', { node })}
        </p>
      )}
      {drain.state === 'failed' && <ErrorView error={drain.error} compact />}
      <div className="flex justify-end gap-2">
        {running ? (
          <button type="button" onClick={drain.stop} className="rounded border border-red-300 px-3 py-1 text-red-800 hover:bg-red-50">
            {t('stop')}
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose} className="rounded px-3 py-1 hover:bg-slate-100">
              {t('close')}
            </button>
            <button
              type="button"
              disabled={!(timeoutSeconds >= 5 && timeoutSeconds <= 3600)}
              onClick={() => void drain.start({ deleteEmptyDirData: emptyDir, force, ignoreDaemonSets, timeoutSeconds })}
              className="rounded bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-50"
            >
              {drain.state === 'idle' ? t('drain') : t('drainAgain')}
            </button>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

/** Cordon or uncordon and drain, each shown when the API server would allow it (patch nodes; create pods/eviction for the drain). */
export function NodeActions({ cluster, node, unschedulable }: { cluster: string; node: string; unschedulable: boolean }) {
  const t = useTranslations('Nodes');
  const queryClient = useQueryClient();
  const [draining, setDraining] = useState(false);
  // The drain patches the node, lists its pods across every namespace, and evicts them (server/k8s/actions/drain.ts).
  const checks = useMemo(
    () => [
      { verb: 'patch', group: '', resource: 'nodes', name: node },
      { verb: 'list', group: '', resource: 'pods' },
      { verb: 'create', group: '', resource: 'pods', subresource: 'eviction' },
    ],
    [node],
  );
  const results = useCan(cluster, checks).results;
  const patch = results[0];
  const drainNeeds = neededPerAction([checks], results)[0];
  const cordon = useMutation({
    mutationFn: (to: boolean) => writeWithCsrf<CordonResult>(queryClient, 'POST', clusterPath(cluster, 'nodes', encodeURIComponent(node), to ? 'cordon' : 'uncordon'), {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: resourceKey({ resource: 'nodes', cluster }) }),
  });
  const drainCan = allNeeded(drainNeeds);
  usePaletteActions([
    guardedPaletteAction({ id: 'node-cordon', label: t(unschedulable ? 'uncordonNode' : 'cordonNode', { node }), keywords: ['cordon'], run: () => cordon.mutate(!unschedulable) }, patch),
    guardedPaletteAction({ id: 'node-drain', label: t('drainNode', { node }), keywords: ['evict'], run: () => setDraining(true) }, drainCan),
  ]);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <GuardedAction can={patch} label={unschedulable ? t('uncordon') : t('cordon')} onClick={() => cordon.mutate(!unschedulable)} />
      <GuardedAction can={drainCan} needs={drainNeeds} label={t('drain')} tone="danger" onClick={() => setDraining(true)} />
      {cordon.isError && <ErrorView error={cordon.error} compact />}
      {draining && <DrainDialog cluster={cluster} node={node} onClose={() => setDraining(false)} />}
    </span>
  );
}
