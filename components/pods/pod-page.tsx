'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { ActionBar } from '../actions/action-bar';
import { podPath, usePodDetail } from '../api/pod-detail';
import { EditYamlAction } from '../editor/yaml-actions';
import { logsInsightsHref } from '../logs-insights/links';
import { podLogQuery } from '../logs/log-query';
import { LogViewer } from '../logs/log-viewer';
import { TabList, useTab } from '../table/tabs';
import { useNow } from '../table/use-now';
import { YamlView } from '../table/yaml-view';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { PodStatus } from './pod-columns';
import { PodOverview } from './pod-view';
import { TerminalPanel } from './terminal-panel';

const TABS = ['Overview', 'Logs', 'YAML', 'Terminal'] as const;

export function PodPage({ cluster, namespace, name }: { cluster: string; namespace: string; name: string }) {
  const [tab, setTab] = useTab(TABS);
  const detail = usePodDetail(cluster, namespace, name);
  const now = useNow(5000);
  const t = useTranslations();
  // Refetches bring new container objects; the picker only needs to change when the names do.
  const names = (detail.data?.containers ?? []).map((c) => c.name).join(',');
  const containers = useMemo(() => (names ? names.split(',') : []), [names]);
  // Open terminals live on while another tab is shown; the panel mounts the first time its tab is.
  const [terminalShown, setTerminalShown] = useState(false);
  if (tab === 'Terminal' && !terminalShown) setTerminalShown(true);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={`/c/${encodeURIComponent(cluster)}/pods?namespace=${encodeURIComponent(namespace)}`} className="text-sm text-sky-800 hover:underline">
          {t('Pods.title')}
        </Link>
        <span aria-hidden className="text-slate-400">
          /
        </span>
        <h1 className="font-mono text-lg font-semibold">{name}</h1>
        <span className="font-mono text-sm text-slate-600">{namespace}</span>
        {detail.data && <PodStatus row={detail.data.row} />}
        <Link href={logsInsightsHref(cluster, { namespace, pod: name })} className="ml-auto text-sm text-sky-800 hover:underline">
          {t('Overview.logsInsights')}
        </Link>
        <EditYamlAction cluster={cluster} id={{ group: 'core', version: 'v1', resource: 'pods' }} namespace={namespace} name={name} kind="Pod" />
        <ActionBar cluster={cluster} object={{ group: 'core', version: 'v1', resource: 'pods', kind: 'Pod', namespace, name }} />
      </div>
      <TabList tabs={TABS} current={tab} onSelect={setTab} label={t('Pod.tabs')} tabLabel={(tab) => (tab === 'Terminal' ? t('Terminal.tab') : t('Pod.tab', { tab }))} />
      {/* A refetch that fails keeps the pod shown, so a log follow underway is not torn down with it. */}
      {detail.isError && detail.data && <ErrorView error={detail.error} compact />}
      {detail.isError && !detail.data ? (
        <ErrorView error={detail.error} />
      ) : !detail.data ? (
        <Skeleton className="h-64 w-full" label={t('Pod.loading')} />
      ) : tab === 'Overview' ? (
        <PodOverview cluster={cluster} namespace={namespace} pod={detail.data} now={now} />
      ) : tab === 'Logs' ? (
        <LogViewer containers={containers} filename={`${namespace}_${name}.log`} url={(options) => `${podPath(cluster, namespace, name, 'log')}?${podLogQuery(options)}`} />
      ) : tab === 'YAML' ? (
        <YamlView yaml={detail.data.yaml} />
      ) : null}
      {detail.data && terminalShown && (
        <div hidden={tab !== 'Terminal'}>
          <TerminalPanel cluster={cluster} namespace={namespace} pod={name} containers={detail.data.containers} />
        </div>
      )}
    </div>
  );
}
