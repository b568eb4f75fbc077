'use client';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useWorkloads, type WorkloadKind } from '../api/workloads';
import { Panel, useAgo } from '../table/panel';
import { SimpleTable } from '../table/simple-table';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { pdbColumns } from './pdb-columns';
import { workloadColumns } from './workload-columns';

// Kind names stay as Kubernetes spells them, in every language.
const SECTIONS: { kind: WorkloadKind; title: string }[] = [
  { kind: 'Deployment', title: 'Deployments' },
  { kind: 'StatefulSet', title: 'StatefulSets' },
  { kind: 'DaemonSet', title: 'DaemonSets' },
  { kind: 'Job', title: 'Jobs' },
  { kind: 'CronJob', title: 'CronJobs' },
  { kind: 'ReplicaSet', title: 'ReplicaSets' },
];

/** Every workload kind and PodDisruptionBudget of a namespace, each section with its own error. */
export function WorkloadsPage({ cluster }: { cluster: string }) {
  const ago = useAgo();
  const t = useTranslations('Workloads');
  const namespace = useSearchParams().get('namespace') ?? '';
  const workloads = useWorkloads(cluster, namespace);
  const now = useNow(10_000);
  const data = workloads.data;
  const pdbs = data?.PodDisruptionBudget;
  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">
          {cluster} / {namespace}
        </span>
      </div>
      {workloads.isError && !data ? (
        <ErrorView error={workloads.error} />
      ) : workloads.isPending ? (
        // One skeleton the height of the viewport: seven panels of skeletons grew into tables and pushed each other down.
        <Skeleton className="h-[calc(100vh-9rem)] w-full" label={t('loading')} />
      ) : (
        SECTIONS.map(({ kind, title }) => {
          const section = data?.[kind];
          return (
            <Panel key={kind} main title={title} data={section && 'data' in section ? section.data : undefined} error={section && 'error' in section ? section.error : undefined}>
              {(rows) =>
                rows.length === 0 ? (
                  <p className="text-sm text-slate-500">{t('noneOfKind', { kind: title })}</p>
                ) : (
                  <SimpleTable label={title} rows={rows} columns={workloadColumns(kind, cluster, now, false, ago, t)} rowKey={(row) => row.uid} />
                )
              }
            </Panel>
          );
        })
      )}
      {!(workloads.isError && !data) && (
        <Panel title="PodDisruptionBudgets" data={pdbs && 'data' in pdbs ? pdbs.data : undefined} error={pdbs && 'error' in pdbs ? pdbs.error : undefined}>
          {(rows) =>
            rows.length === 0 ? (
              <p className="text-sm text-slate-500">{t('noneOfKind', { kind: 'PodDisruptionBudgets' })}</p>
            ) : (
              <SimpleTable label="PodDisruptionBudgets" rows={rows} columns={pdbColumns(cluster, now, t)} rowKey={(row) => row.uid} />
            )
          }
        </Panel>
      )}
    </div>
  );
}
