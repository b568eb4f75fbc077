'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { hpasTargeting } from '@/lib/k8s/hpa/targeting';
import { hpaHref } from '../autoscaling/links';
import { useHpas } from '../autoscaling/use-hpas';
import { Panel } from '../table/panel';
import { SimpleTable } from '../table/simple-table';

/** The HorizontalPodAutoscalers whose scaleTargetRef is this workload, with their replica counts and bounds, each linked to its page. */
export function WorkloadHpaPanel({ cluster, namespace, kind, name }: { cluster: string; namespace: string; kind: string; name: string }) {
  const t = useTranslations('Workloads');
  const hpas = useHpas(cluster, namespace);
  const rows = hpas.data ? hpasTargeting(hpas.data.items, { group: 'apps', kind, name }) : undefined;
  return (
    <Panel title={t('autoscaling')} data={rows} error={hpas.isError && !hpas.data ? hpas.error : undefined} className="xl:col-span-2">
      {(targeting) =>
        targeting.length === 0 ? (
          <p className="text-sm text-slate-500">{t('noHpa', { kind })}</p>
        ) : (
          <SimpleTable
            label={t('hpasScalingIt')}
            rows={targeting}
            rowKey={(row) => row.uid}
            columns={[
              {
                header: t('name'),
                cell: (row) => (
                  <Link href={hpaHref(cluster, row.namespace, row.name)} className="text-sky-800 hover:underline">
                    {row.name}
                  </Link>
                ),
              },
              { header: t('targets'), cell: (row) => row.targets },
              { header: t('replicas'), cell: (row) => row.currentReplicas },
              { header: t('desired'), cell: (row) => row.desiredReplicas },
              { header: t('minPods'), cell: (row) => (row.minReplicas === undefined ? t('unset') : row.minReplicas) },
              { header: t('maxPods'), cell: (row) => row.maxReplicas },
            ]}
          />
        )
      }
    </Panel>
  );
}
