'use client';
import { useRevisions, type ActionObject } from '../actions/api';
import { Panel, useAgo } from '../table/panel';
import { SimpleTable } from '../table/simple-table';

/** A StatefulSet's or DaemonSet's revisions from the ControllerRevisions it controls, newest first, as `kubectl rollout history` lists them. */
export function ControllerRevisionsPanel({ cluster, object, now }: { cluster: string; object: ActionObject; now: number }) {
  const ago = useAgo();
  const revisions = useRevisions(cluster, object);
  return (
    <Panel title="Revision history" data={revisions.data} error={revisions.error ?? undefined} className="xl:col-span-2">
      {(rows) =>
        rows.length === 0 ? (
          <p className="text-sm text-slate-500">none</p>
        ) : (
          <SimpleTable
            label="Revision history"
            rows={rows}
            rowKey={(row) => String(row.revision)}
            rowClassName={(row) => (row.current ? 'font-semibold' : '')}
            columns={[
              { header: 'Revision', cell: (row) => `${row.revision}${row.current ? ' (current)' : ''}` },
              { header: 'ControllerRevision', cell: (row) => row.controllerRevision ?? '' },
              { header: 'Images', cell: (row) => row.images.join(', ') },
              { header: 'Age', cell: (row) => (row.createdAt ? ago(row.createdAt, now) : '') },
            ]}
          />
        )
      }
    </Panel>
  );
}
