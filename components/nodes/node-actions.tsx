'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
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
  switch (event.type) {
    case 'cordoned':
      return <>node/{event.node} cordoned</>;
    case 'plan':
      return (
        <>
          evicting {event.evict.length} pod{event.evict.length === 1 ? '' : 's'}
          {event.skipped.length > 0 && `; left on the node: ${event.skipped.map((s) => `${podText(s)} (${s.reason})`).join(', ')}`}
          {event.warnings.length > 0 && <span className="block text-amber-800">Warning: {event.warnings.map((w) => `${w.message}: ${w.pods.map(podText).join(', ')}`).join('; ')}</span>}
        </>
      );
    case 'refused':
      return (
        <span className="text-red-800">
          {event.message}: {event.pods.map(podText).join(', ')}
        </span>
      );
    case 'evicting':
      return <>evicting pod {podText(event.pod)}</>;
    case 'evicted':
      return <>eviction of pod {podText(event.pod)} accepted; waiting for it to terminate</>;
    case 'terminated':
      return (
        <span className="text-green-800">
          pod/{event.pod.name} evicted{event.replaced && ' (a new pod of the same name took its place)'}
        </span>
      );
    case 'blocked':
      return (
        <span className="text-amber-800">
          error when evicting pod {podText(event.pod)} (will retry after {event.retryInSeconds}s): {event.message}
          {event.causes?.map((c) => ` ${c.message}`).join('')}
        </span>
      );
    case 'failed':
      return (
        <span className="text-red-800">
          pod {podText(event.pod)} not evicted: {event.error.message}
        </span>
      );
    case 'timedOut':
      return <span className="text-red-800">{event.message}</span>;
    case 'done':
      return <strong>{event.message}</strong>;
  }
}

function DrainDialog({ cluster, node, onClose }: { cluster: string; node: string; onClose: () => void }) {
  const [emptyDir, setEmptyDir] = useState(false);
  const [force, setForce] = useState(false);
  const [ignoreDaemonSets, setIgnoreDaemonSets] = useState(true);
  const [timeoutSeconds, setTimeoutSeconds] = useState(300);
  const drain = useDrain(cluster, node);
  const running = drain.state === 'running';

  return (
    <ModalDialog title={`Drain ${node}`} busy={running} onClose={onClose} className="max-w-2xl">
      <p>
        The node is cordoned first; then every pod on it except DaemonSet and mirror pods is evicted through the Eviction API, which honours PodDisruptionBudgets, and each is waited for until it is
        gone. A refused eviction is tried again every 5 s.
      </p>
      <fieldset disabled={running} className="space-y-2">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={emptyDir} onChange={(e) => setEmptyDir(e.target.checked)} />
          Also evict pods with emptyDir volumes: their data is lost (kubectl’s --delete-emptydir-data)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          Also evict pods that no controller declares: nothing recreates them (kubectl’s --force)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={ignoreDaemonSets} onChange={(e) => setIgnoreDaemonSets(e.target.checked)} />
          Leave DaemonSet pods on the node; unchecked, they stop the drain (kubectl’s --ignore-daemonsets)
        </label>
        <label className="flex items-center gap-2">
          Give up after
          <input
            type="number"
            min={5}
            max={3600}
            value={timeoutSeconds}
            onChange={(e) => setTimeoutSeconds(Number(e.target.value))}
            className="w-24 rounded border border-slate-300 px-2 py-0.5"
            aria-label="Timeout in seconds"
          />
          seconds
        </label>
      </fieldset>
      {drain.events.length > 0 && (
        <ol aria-label="Drain progress" aria-live="polite" className="max-h-72 space-y-0.5 overflow-auto rounded border border-slate-200 p-2 font-mono text-xs">
          {drain.events.map((event, i) => (
            <li key={i} data-step={event.type}>
              <DrainStep event={event} />
            </li>
          ))}
        </ol>
      )}
      {drain.state === 'stopped' && (
        <p role="status" className="font-semibold">
          Stopped: evictions already accepted stand; node {node} stays cordoned.
        </p>
      )}
      {drain.state === 'failed' && <ErrorView error={drain.error} compact />}
      <div className="flex justify-end gap-2">
        {running ? (
          <button type="button" onClick={drain.stop} className="rounded border border-red-300 px-3 py-1 text-red-800 hover:bg-red-50">
            Stop
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose} className="rounded px-3 py-1 hover:bg-slate-100">
              Close
            </button>
            <button
              type="button"
              disabled={!(timeoutSeconds >= 5 && timeoutSeconds <= 3600)}
              onClick={() => void drain.start({ deleteEmptyDirData: emptyDir, force, ignoreDaemonSets, timeoutSeconds })}
              className="rounded bg-red-600 px-3 py-1 text-white hover:bg-red-700 disabled:opacity-50"
            >
              {drain.state === 'idle' ? 'Drain' : 'Drain again'}
            </button>
          </>
        )}
      </div>
    </ModalDialog>
  );
}

/** Cordon or uncordon and drain, each shown when the API server would allow it (patch nodes; create pods/eviction for the drain). */
export function NodeActions({ cluster, node, unschedulable }: { cluster: string; node: string; unschedulable: boolean }) {
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
    guardedPaletteAction({ id: 'node-cordon', label: `${unschedulable ? 'Uncordon' : 'Cordon'} node ${node}`, keywords: ['cordon'], run: () => cordon.mutate(!unschedulable) }, patch),
    guardedPaletteAction({ id: 'node-drain', label: `Drain node ${node}`, keywords: ['evict'], run: () => setDraining(true) }, drainCan),
  ]);
  return (
    <span className="flex flex-wrap items-center gap-2">
      <GuardedAction can={patch} label={unschedulable ? 'Uncordon' : 'Cordon'} onClick={() => cordon.mutate(!unschedulable)} />
      <GuardedAction can={drainCan} needs={drainNeeds} label="Drain" tone="danger" onClick={() => setDraining(true)} />
      {cordon.isError && <ErrorView error={cordon.error} compact />}
      {draining && <DrainDialog cluster={cluster} node={node} onClose={() => setDraining(false)} />}
    </span>
  );
}
