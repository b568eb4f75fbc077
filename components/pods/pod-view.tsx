'use client';
import Link from 'next/link';
import { ago, ConditionsTable, Facts, KeyValues, Panel } from '../table/panel';
import { ContainersPanel, type ContainerUsage } from './containers-panel';
import { EventsTable, type EventRow } from './events-table';
import { podContainers, type KubePod } from './kube-pod';
import { nodeHref } from './links';

export interface OwnerLink {
  kind: string;
  name: string;
  /** The page of this owner in Watchdeck, when there is one. */
  href?: string;
}

/** Pod → ReplicaSet → Deployment, each a link where the console has a page for it. */
export function OwnerChain({ owners }: { owners: OwnerLink[] }) {
  if (owners.length === 0) return <span className="text-slate-500">none</span>;
  return (
    <ol aria-label="Owner chain" className="inline-flex flex-wrap items-center gap-1">
      {owners.map((owner, index) => (
        <li key={`${owner.kind}/${owner.name}`} className="inline-flex items-center gap-1">
          {index > 0 && <span aria-hidden className="text-slate-400">→</span>}
          {owner.href ? (
            <Link href={owner.href} className="text-sky-800 hover:underline">
              {owner.kind}/{owner.name}
            </Link>
          ) : (
            <span>
              {owner.kind}/{owner.name}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

export function PodSummary({ cluster, pod, status, owners, now }: { cluster: string; pod: KubePod; status: React.ReactNode; owners: OwnerLink[]; now: number }) {
  const ips = pod.status?.podIPs?.map((entry) => entry.ip).join(', ') || pod.status?.podIP;
  const node = pod.spec?.nodeName;
  return (
    <Facts
      facts={[
        ['Status', status],
        ['Phase', pod.status?.phase],
        ['Node', node ? <Link href={nodeHref(cluster, node)} className="text-sky-800 hover:underline">{node}</Link> : '<none>'],
        ['Pod IPs', ips || '<none>'],
        ['Host IP', pod.status?.hostIP],
        ['QoS class', pod.status?.qosClass],
        ['Controlled by', <OwnerChain key="owners" owners={owners} />],
        ['Service account', pod.spec?.serviceAccountName],
        ['Priority', pod.spec?.priority !== undefined ? `${pod.spec.priority}${pod.spec.priorityClassName ? ` (${pod.spec.priorityClassName})` : ''}` : undefined],
        ['Created', ago(pod.metadata.creationTimestamp, now)],
        ...(pod.metadata.deletionTimestamp ? [['Deleting since', ago(pod.metadata.deletionTimestamp, now)] as [string, React.ReactNode]] : []),
        ...(pod.status?.reason ? [['Reason', pod.status.reason] as [string, React.ReactNode]] : []),
        ...(pod.status?.message ? [['Message', pod.status.message] as [string, React.ReactNode]] : []),
      ]}
    />
  );
}

/** The overview tab of a pod: each panel loads and fails on its own. */
export function PodOverview({
  cluster,
  pod,
  status,
  owners,
  usage,
  usageError,
  events,
  eventsError,
  explainer,
  now,
}: {
  cluster: string;
  pod: KubePod;
  status: React.ReactNode;
  owners: OwnerLink[];
  usage: Record<string, ContainerUsage> | undefined;
  usageError?: unknown;
  events: EventRow[] | undefined;
  eventsError?: unknown;
  explainer?: React.ReactNode;
  now: number;
}) {
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <Panel title="Summary" data={pod}>
        {(p) => <PodSummary cluster={cluster} pod={p} status={status} owners={owners} now={now} />}
      </Panel>
      <Panel title="Conditions" data={pod.status?.conditions ?? []}>
        {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
      </Panel>
      {explainer}
      <Panel title="Containers" data={pod} className="xl:col-span-2">
        {(p) => (
          <>
            {usageError ? (
              <p className="mb-2 text-xs text-amber-800">Usage unavailable: {String((usageError as { message?: string }).message ?? usageError)}</p>
            ) : null}
            <ContainersPanel containers={podContainers(p)} usage={usage} now={now} />
          </>
        )}
      </Panel>
      <Panel title="Events" data={events} error={eventsError} className="xl:col-span-2">
        {(list) => <EventsTable events={list} now={now} />}
      </Panel>
      <Panel title="Labels" data={pod.metadata.labels ?? {}}>
        {(labels) => <KeyValues values={labels} label="Labels" />}
      </Panel>
      <Panel title="Annotations" data={pod.metadata.annotations ?? {}}>
        {(annotations) => <KeyValues values={annotations} label="Annotations" />}
      </Panel>
    </div>
  );
}
