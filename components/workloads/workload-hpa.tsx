'use client';
import Link from 'next/link';
import { hpasTargeting } from '@/lib/k8s/hpa/targeting';
import { hpaHref } from '../autoscaling/links';
import { useHpas } from '../autoscaling/use-hpas';
import { Panel } from '../table/panel';
import { SimpleTable } from '../table/simple-table';

/** The HorizontalPodAutoscalers whose scaleTargetRef is this workload, with their replica counts and bounds, each linked to its page. */
export function WorkloadHpaPanel({ cluster, namespace, kind, name }: { cluster: string; namespace: string; kind: string; name: string }) {
  const hpas = useHpas(cluster, namespace);
  const rows = hpas.data ? hpasTargeting(hpas.data.items, { group: 'apps', kind, name }) : undefined;
  return (
    <Panel title="Autoscaling" data={rows} error={hpas.isError && !hpas.data ? hpas.error : undefined} className="xl:col-span-2">
      {(targeting) =>
        targeting.length === 0 ? (
          <p className="text-sm text-slate-500">No HorizontalPodAutoscaler scales this {kind}.</p>
        ) : (
          <SimpleTable
            label="HorizontalPodAutoscalers scaling it"
            rows={targeting}
            rowKey={(row) => row.uid}
            columns={[
              {
                header: 'Name',
                cell: (row) => (
                  <Link href={hpaHref(cluster, row.namespace, row.name)} className="text-sky-800 hover:underline">
                    {row.name}
                  </Link>
                ),
              },
              { header: 'Targets', cell: (row) => row.targets },
              { header: 'Replicas', cell: (row) => row.currentReplicas },
              { header: 'Desired', cell: (row) => row.desiredReplicas },
              { header: 'MinPods', cell: (row) => (row.minReplicas === undefined ? '<unset>' : row.minReplicas) },
              { header: 'MaxPods', cell: (row) => row.maxReplicas },
            ]}
          />
        )
      }
    </Panel>
  );
}
