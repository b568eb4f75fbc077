'use client';
import Link from 'next/link';
import type { OwnerLink, PodDetail } from '../api/pod-detail';
import { useAgo, ConditionsTable, Facts, KeyValues, Panel } from '../table/panel';
import { ContainersPanel } from './containers-panel';
import { EventsTable } from './events-table';
import { nodeHref, workloadHref } from './links';
import { PendingExplainer } from './pending-explainer';
import { PodStatus } from './pod-columns';

/** Pod → ReplicaSet → Deployment, each a link to its page; an owner the caller may not read says why. */
export function OwnerChain({ cluster, namespace, owners }: { cluster: string; namespace: string; owners: OwnerLink[] }) {
  if (owners.length === 0) return <span className="text-slate-500">none</span>;
  return (
    <ol aria-label="Owner chain" className="inline-flex flex-wrap items-center gap-1">
      {owners.map((owner, index) => (
        <li key={`${owner.kind}/${owner.name}`} className="inline-flex items-center gap-1">
          {index > 0 && (
            <span aria-hidden className="text-slate-400">
              →
            </span>
          )}
          <Link href={owner.kind === 'Node' ? nodeHref(cluster, owner.name) : workloadHref(cluster, namespace, owner.kind, owner.name)} className="text-sky-800 hover:underline">
            {owner.kind}/{owner.name}
          </Link>
          {owner.error && (
            <span className="text-xs text-amber-800" title={owner.error.message}>
              (not readable: {owner.error.message})
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function sectionParts<T>(section: { data: T } | { error: unknown }): { data?: T; error?: unknown } {
  return 'data' in section ? { data: section.data } : { error: section.error };
}

/** The overview tab of a pod: each panel shows its own data or its own error. */
export function PodOverview({ cluster, namespace, pod, now }: { cluster: string; namespace: string; pod: PodDetail; now: number }) {
  const ago = useAgo();
  const events = sectionParts(pod.events);
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <Panel title="Summary" data={pod}>
        {(p) => (
          <Facts
            facts={[
              ['Status', <PodStatus key="status" row={p.row} />],
              ['Phase', p.phase],
              ['Ready', p.row.ready],
              [
                'Node',
                p.node ? (
                  <Link href={nodeHref(cluster, p.node)} className="text-sky-800 hover:underline">
                    {p.node}
                  </Link>
                ) : (
                  '<none>'
                ),
              ],
              ['Pod IPs', p.podIPs.join(', ') || '<none>'],
              ['Host IP', p.hostIP],
              ['QoS class', p.qosClass],
              ['Controlled by', <OwnerChain key="owners" cluster={cluster} namespace={namespace} owners={p.owners} />],
              ['Service account', p.serviceAccount],
              ['Priority', p.priority !== undefined ? `${p.priority}${p.priorityClassName ? ` (${p.priorityClassName})` : ''}` : undefined],
              ['Created', ago(p.row.createdAt, now)],
              ['Started', ago(p.startTime, now)],
              ...(p.deletionTimestamp ? [['Terminating since', ago(p.deletionTimestamp, now)] as [string, React.ReactNode]] : []),
              ...(p.reason ? [['Reason', p.reason] as [string, React.ReactNode]] : []),
              ...(p.message ? [['Message', p.message] as [string, React.ReactNode]] : []),
            ]}
          />
        )}
      </Panel>
      <Panel title="Conditions" data={pod.conditions}>
        {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
      </Panel>
      {pod.pending && (
        <Panel title="Why it is Pending" data={pod.pending} className="xl:col-span-2">
          {(explanation) => <PendingExplainer cluster={cluster} explanation={explanation} now={now} />}
        </Panel>
      )}
      <Panel title="Containers" data={pod.containers} className="xl:col-span-2">
        {(containers) => (
          <>
            {'error' in pod.usage && <p className="mb-2 text-xs text-amber-800">Usage unavailable: {pod.usage.error.message}</p>}
            <ContainersPanel containers={containers} now={now} />
          </>
        )}
      </Panel>
      <Panel title="Events" anchor="events" data={events.data} error={events.error} className="xl:col-span-2">
        {(list) => <EventsTable events={list} now={now} />}
      </Panel>
      <Panel title="Labels" data={pod.labels}>
        {(labels) => <KeyValues values={labels} label="Labels" />}
      </Panel>
      <Panel title="Annotations" data={pod.annotations}>
        {(annotations) => <KeyValues values={annotations} label="Annotations" />}
      </Panel>
    </div>
  );
}
