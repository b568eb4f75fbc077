'use client';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { ApiError } from '@/components/api/client';
import { ErrorView } from '@/components/ui/error-view';
import type { BodyNote } from '@/lib/dashboards/body-notes';
import { cloudWatchNameProblem, defaultCloudWatchName } from '@/lib/dashboards/cloudwatch-name';
import type { Dashboard } from '@/lib/dashboards/model';
import { bodyNoteSaid, nameProblemText } from './words';
import { nameTakenOf, useCloudWatchAccess, useDashboardActions, type CloudWatchDashboardEntry, type CloudWatchDecision } from './api';
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

/** A stored instant to the second in UTC, as every viewer reads it alike (2026-12-07 04:00:00), and whether it is known. */
const utc = (iso?: string) => ({ modified: iso?.replace('T', ' ').slice(0, 19) ?? '', known: String(iso !== undefined) });

/** Why publishing is not offered, said before anyone tries. */
function PublishRefusal({ decision }: { decision: Extract<CloudWatchDecision, { allowed: false }> }) {
  const t = useTranslations('Dashboards');
  return (
    <p className="text-xs text-slate-600" role="note" data-testid="publish-refusal">
      {t.rich('publishNeeds', { requires: decision.requires, why: decision.why, mono: (chunks) => <span className="font-mono">{chunks}</span> })}
    </p>
  );
}

/** A publish under a name CloudWatch already has: replace it only on a second, explicit click. */
function ReplaceConfirmation({ existing, busy, onReplace, onCancel }: { existing: CloudWatchDashboardEntry; busy: boolean; onReplace: () => void; onCancel: () => void }) {
  const t = useTranslations('Dashboards');
  return (
    <div role="alertdialog" aria-label={t('replaceLabel')} className="space-y-1 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900">
      <p>{t.rich('replaceText', { name: existing.name, ...utc(existing.lastModified), mono: (chunks) => <span className="font-mono">{chunks}</span> })}</p>
      <div className="flex gap-2">
        <button type="button" disabled={busy} className="rounded bg-amber-700 px-2 py-0.5 text-white hover:bg-amber-800 disabled:opacity-50" onClick={onReplace}>
          {t('replaceIt')}
        </button>
        <button type="button" disabled={busy} className="rounded px-2 py-0.5 hover:bg-amber-100" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}

/** The CloudWatch body to download, and publishing it to CloudWatch under a name. */
export function ExportPanel({ dashboard, cluster, onClose }: { dashboard: Dashboard; cluster: string; onClose: () => void }) {
  const t = useTranslations('Dashboards');
  const actions = useDashboardActions();
  const access = useCloudWatchAccess(cluster);
  const [exported, setExported] = useState<{ text: string; omitted: BodyNote[] }>();
  const [name, setName] = useState(() => defaultCloudWatchName(dashboard.title, dashboard.id));
  const nameProblem = cloudWatchNameProblem(name);
  const nameHelp = useId();
  const [published, setPublished] = useState<{ name: string; validationMessages: Validation[]; replaced?: CloudWatchDashboardEntry }>();
  const [existing, setExisting] = useState<CloudWatchDashboardEntry>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const publishing = access.data?.publish;
  const publish = (overwrite?: { lastModified: string }) => {
    setError(undefined);
    setPublished(undefined);
    setExisting(undefined);
    setBusy(true);
    actions
      .publish(dashboard.id, name, cluster, overwrite)
      .then(setPublished)
      .catch((err: unknown) => {
        const taken = nameTakenOf(err);
        if (taken) setExisting(taken);
        else setError(err);
      })
      .finally(() => setBusy(false));
  };
  return (
    <SidePanel title={t('cloudWatch')} width="lg:w-96" onClose={onClose}>
      <div className="space-y-1">
        <button
          type="button"
          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50"
          onClick={() =>
            actions
              .exportBody(dashboard.id, cluster)
              .then((out) => setExported({ text: JSON.stringify(out.body, null, 2), omitted: out.omittedSays }))
              .catch(setError)
          }
        >
          {t('exportBody')}
        </button>
        {exported && (
          <>
            <a className="ml-2 text-xs text-blue-700 underline" download={`${name || 'dashboard'}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(exported.text)}`}>
              {t('downloadJson')}
            </a>
            {exported.omitted.map((note) => {
              const line = bodyNoteSaid(note, t);
              return (
                <p key={line} className="text-xs text-amber-900">
                  {t('leftOut', { what: line })}
                </p>
              );
            })}
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
            publish();
          }}
        >
          <label className="block text-xs font-medium text-slate-600">
            {t('publishAs')}
            <input
              className="w-full rounded border border-slate-300 px-2 py-1 font-mono text-sm disabled:bg-slate-50 aria-invalid:border-red-600"
              value={name}
              aria-invalid={nameProblem !== undefined}
              aria-describedby={nameHelp}
              disabled={!publishing?.allowed}
              onChange={(e) => {
                setName(e.target.value);
                setExisting(undefined);
              }}
            />
          </label>
          <p id={nameHelp} className={`text-xs ${nameProblem ? 'text-red-700' : 'text-slate-600'}`} data-testid="cloudwatch-name-help">
            {nameProblem ? nameProblemText(nameProblem, t) : t('nameHelp')}
          </p>
          <button
            type="submit"
            disabled={!publishing?.allowed || busy || existing !== undefined || nameProblem !== undefined}
            className="rounded bg-blue-600 px-2 py-0.5 text-xs text-white hover:bg-blue-700 disabled:opacity-50"
          >
            {t('publish')}
          </button>
          {publishing && !publishing.allowed && <PublishRefusal decision={publishing} />}
          {access.error && <ErrorView error={access.error} compact />}
          {existing && <ReplaceConfirmation existing={existing} busy={busy} onReplace={() => publish({ lastModified: existing.lastModified ?? '' })} onCancel={() => setExisting(undefined)} />}
          {published && (
            <p className="text-xs text-green-800" role="status">
              {published.replaced ? t('publishedReplacing', { name: published.name, ...utc(published.replaced.lastModified) }) : t('published', { name: published.name })}
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
