'use client';
import { useState } from 'react';
import { ApiError } from '@/components/api/client';
import { ErrorView } from '@/components/ui/error-view';
import type { Dashboard } from '@/server/dashboards/model';
import { useDashboardActions } from './api';
import { SidePanel } from './side-panel';

interface Validation {
  dataPath?: string;
  message?: string;
}

function validationOf(err: unknown): Validation[] {
  if (!(err instanceof ApiError)) return [];
  const members = err.error.aws?.members as { dashboardValidationMessages?: { DataPath?: string; Message?: string }[] } | undefined;
  return (members?.dashboardValidationMessages ?? []).map((m) => ({ dataPath: m.DataPath, message: m.Message }));
}

/** The CloudWatch body to download, and publishing it to CloudWatch under a name. */
export function ExportPanel({ dashboard, cluster, onClose }: { dashboard: Dashboard; cluster: string; onClose: () => void }) {
  const actions = useDashboardActions();
  const [exported, setExported] = useState<{ text: string; omitted: string[] }>();
  const [name, setName] = useState(dashboard.title.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 255));
  const [published, setPublished] = useState<{ name: string; validationMessages: Validation[] }>();
  const [error, setError] = useState<unknown>();
  return (
    <SidePanel title="CloudWatch" width="w-96" onClose={onClose}>
      <div className="space-y-1">
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50"
          onClick={() =>
            actions
              .exportBody(dashboard.id, cluster)
              .then((out) => setExported({ text: JSON.stringify(out.body, null, 2), omitted: out.omitted }))
              .catch(setError)
          }
        >
          Export body
        </button>
        {exported && (
          <>
            <a className="ml-2 text-xs text-blue-700 underline" download={`${name || 'dashboard'}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(exported.text)}`}>
              Download JSON
            </a>
            {exported.omitted.map((o) => (
              <p key={o} className="text-xs text-amber-900">
                Left out: {o}
              </p>
            ))}
            <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-[11px]" data-testid="exported-body">
              {exported.text}
            </pre>
          </>
        )}
      </div>
      {dashboard.mine && (
        <form
          className="space-y-1"
          onSubmit={(e) => {
            e.preventDefault();
            setError(undefined);
            setPublished(undefined);
            actions.publish(dashboard.id, name, cluster).then(setPublished).catch(setError);
          }}
        >
          <label className="block text-xs font-medium text-slate-600">
            Publish as CloudWatch dashboard
            <input className="w-full rounded border border-slate-300 px-2 py-1 text-sm" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="rounded bg-blue-600 px-2 py-0.5 text-xs text-white hover:bg-blue-700">
            Publish
          </button>
          {published && (
            <p className="text-xs text-green-800" role="status">
              Published as {published.name}.
            </p>
          )}
          {published?.validationMessages.map((m, i) => (
            <p key={i} className="text-xs text-amber-900">
              {m.dataPath}: {m.message}
            </p>
          ))}
        </form>
      )}
      {error !== undefined && (
        <div className="space-y-1">
          <ErrorView error={error} compact />
          {validationOf(error).map((m, i) => (
            <p key={i} className="font-mono text-xs text-red-800">
              {m.dataPath}: {m.message}
            </p>
          ))}
        </div>
      )}
    </SidePanel>
  );
}
