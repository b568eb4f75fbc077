'use client';
import { useTranslations } from 'next-intl';
import { useRevisions, type ActionObject } from '../actions/api';
import { Panel, useAgo } from '../table/panel';
import { SimpleTable } from '../table/simple-table';

/** A StatefulSet's or DaemonSet's revisions from the ControllerRevisions it controls, newest first, as `kubectl rollout history` lists them. */
export function ControllerRevisionsPanel({ cluster, object, now }: { cluster: string; object: ActionObject; now: number }) {
  const ago = useAgo();
  const t = useTranslations('Workloads');
  const revisions = useRevisions(cluster, object);
  return (
    <Panel title={t('revisionHistory')} data={revisions.data} error={revisions.error ?? undefined} className="xl:col-span-2">
      {(rows) =>
        rows.length === 0 ? (
          <p className="text-sm text-slate-500">{t('none')}</p>
        ) : (
          <SimpleTable
            label={t('revisionHistory')}
            rows={rows}
            rowKey={(row) => String(row.revision)}
            rowClassName={(row) => (row.current ? 'font-semibold' : '')}
            columns={[
              { header: t('revision'), cell: (row) => (row.current ? t('currentRevision', { revision: row.revision }) : row.revision) },
              { header: 'ControllerRevision', cell: (row) => row.controllerRevision ?? '' },
              { header: t('images'), cell: (row) => row.images.join(', ') },
              { header: t('age'), cell: (row) => (row.createdAt ? ago(row.createdAt, now) : '') },
            ]}
          />
        )
      }
    </Panel>
  );
}
