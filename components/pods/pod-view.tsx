'use client';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('Resources');
  const table = useTranslations('Table');
  if (owners.length === 0) return <span className="text-slate-500">{table('none')}</span>;
  return (
    <ol aria-label={t('ownerChain')} className="inline-flex flex-wrap items-center gap-1">
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
              {t('notReadable', { message: owner.error.message })}
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
  const t = useTranslations('Pod');
  const tc = useTranslations('Common');
  const events = sectionParts(pod.events);
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <Panel title={t('summary')} data={pod}>
        {(p) => (
          <Facts
            facts={[
              [t('status'), <PodStatus key="status" row={p.row} />],
              [t('phase'), p.phase],
              [t('ready'), p.row.ready],
              [
                t('node'),
                p.node ? (
                  <Link href={nodeHref(cluster, p.node)} className="text-sky-800 hover:underline">
                    {p.node}
                  </Link>
                ) : (
                  '<none>'
                ),
              ],
              [t('podIPs'), p.podIPs.join(', ') || tc('none')],
              [t('hostIP'), p.hostIP],
              [t('qosClass'), p.qosClass],
              [t('controlledBy'), <OwnerChain key="owners" cluster={cluster} namespace={namespace} owners={p.owners} />],
              [t('serviceAccount'), p.serviceAccount],
              [t('priority'), p.priority !== undefined ? `${p.priority}${p.priorityClassName ? ` (${p.priorityClassName})` : ''}` : undefined],
              [t('created'), ago(p.row.createdAt, now)],
              [t('started'), ago(p.startTime, now)],
              ...(p.deletionTimestamp ? [[t('terminatingSince'), ago(p.deletionTimestamp, now)] as [string, React.ReactNode]] : []),
              ...(p.reason ? [[t('reason'), p.reason] as [string, React.ReactNode]] : []),
              ...(p.message ? [[t('message'), p.message] as [string, React.ReactNode]] : []),
            ]}
          />
        )}
      </Panel>
      <Panel title={t('conditions')} data={pod.conditions}>
        {(conditions) => <ConditionsTable conditions={conditions} now={now} />}
      </Panel>
      {pod.pending && (
        <Panel title={t('whyPending')} data={pod.pending} className="xl:col-span-2">
          {(explanation) => <PendingExplainer cluster={cluster} explanation={explanation} now={now} />}
        </Panel>
      )}
      <Panel title={t('containers')} data={pod.containers} className="xl:col-span-2">
        {(containers) => (
          <>
            {'error' in pod.usage && <p className="mb-2 text-xs text-amber-800">{t('usageUnavailable', { message: pod.usage.error.message })}</p>}
            <ContainersPanel containers={containers} now={now} proxy={{ cluster, namespace, pod: pod.row.name }} />
          </>
        )}
      </Panel>
      <Panel title={t('events')} anchor="events" data={events.data} error={events.error} className="xl:col-span-2">
        {(list) => <EventsTable events={list} now={now} />}
      </Panel>
      <Panel title={t('labels')} data={pod.labels}>
        {(labels) => <KeyValues values={labels} label={t('labels')} />}
      </Panel>
      <Panel title={t('annotations')} data={pod.annotations}>
        {(annotations) => <KeyValues values={annotations} label={t('annotations')} />}
      </Panel>
    </div>
  );
}
