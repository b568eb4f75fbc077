'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { MatrixCell } from '@/server/k8s/access';
import { Panel } from '../table/panel';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { useAccessReview, type AccessMatrix, type OtherSubject } from './api';
import { RulesTable } from './rules-table';

type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

type AccessT = ReturnType<typeof useTranslations<'Access'>>;

function cellTitle(verb: string, label: string, cell: MatrixCell, t: AccessT): string {
  const answer = cell.allowed ? t('cellAllowed') : cell.resourceNames ? t('cellOnlyOn', { names: cell.resourceNames.join(', ') }) : t('cellDenied');
  const title = t('cellTitle', { verb, label, answer, via: cell.via === 'rules' ? 'rules' : 'review' });
  return cell.reason ? `${title} — ${cell.reason}` : title;
}

function Cell({ verb, label, cell }: { verb: string; label: string; cell: MatrixCell | undefined }) {
  const t = useTranslations('Access');
  if (!cell) return <td className="px-2 py-1 text-center text-slate-400">?</td>;
  const text = cell.allowed ? t('yes') : cell.resourceNames ? t('some') : t('no');
  const tone = cell.allowed ? 'bg-emerald-100 text-emerald-900' : cell.resourceNames ? 'bg-amber-100 text-amber-900' : 'bg-slate-100 text-slate-600';
  return (
    <td className="px-1 py-0.5 text-center">
      <span title={cellTitle(verb, label, cell, t)} data-allowed={cell.allowed} className={`inline-block w-12 rounded px-1 py-0.5 text-xs font-semibold ${tone}`}>
        {text}
      </span>
    </td>
  );
}

export function MatrixTable({ matrix }: { matrix: AccessMatrix }) {
  const t = useTranslations('Access');
  return (
    <div className="overflow-x-auto" tabIndex={0}>
      <table aria-label={t('matrix')} className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <th scope="col" className="px-2 py-1">
              {t('resource')}
            </th>
            {matrix.verbs.map((verb) => (
              <th key={verb} scope="col" className="px-2 py-1 text-center">
                {verb}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.rows.map((row) => (
            <tr key={row.label} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
              <th scope="row" className="px-2 py-1 font-mono text-[13px] font-normal">
                {row.label}
              </th>
              {matrix.verbs.map((verb) => (
                <Cell key={verb} verb={verb} label={row.label} cell={row.cells[verb]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SubjectForm({ onApply }: { onApply: (other: OtherSubject | undefined) => void }) {
  const t = useTranslations('Access');
  const [kind, setKind] = useState<SubjectKind>('User');
  const [name, setName] = useState('');
  const [groups, setGroups] = useState('');
  return (
    <form
      aria-label={t('asAnother')}
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(event) => {
        event.preventDefault();
        if (kind === 'Group') onApply(name ? { groups: [name, groups].filter(Boolean).join(',') } : undefined);
        else if (kind === 'ServiceAccount') onApply(name ? { serviceAccount: name, groups: groups || undefined } : undefined);
        else onApply(name || groups ? { user: name || undefined, groups: groups || undefined } : undefined);
      }}
    >
      <label className="flex flex-col">
        <span className="text-xs text-slate-600">{t('subjectKind')}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as SubjectKind)} className="rounded border border-slate-300 px-2 py-1">
          <option>User</option>
          <option>Group</option>
          <option>ServiceAccount</option>
        </select>
      </label>
      <label className="flex flex-col">
        <span className="text-xs text-slate-600">{kind === 'ServiceAccount' ? t('namespaceName') : t('name')}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={kind === 'ServiceAccount' ? 'eks-work/default' : 'oncall'}
          className="w-48 rounded border border-slate-300 px-2 py-1 font-mono"
        />
      </label>
      <label className="flex flex-col">
        <span className="text-xs text-slate-600">{t('moreGroups')}</span>
        <input value={groups} onChange={(e) => setGroups(e.target.value)} className="w-56 rounded border border-slate-300 px-2 py-1 font-mono" />
      </label>
      <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-white hover:bg-sky-800">
        {t('showMatrix')}
      </button>
      <button type="button" onClick={() => onApply(undefined)} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
        {t('backToMe')}
      </button>
    </form>
  );
}

/** Resources × verbs for the signed-in user (or another subject) in a namespace or at the cluster scope. */
export function CanIMatrix({ cluster, namespace }: { cluster: string; namespace: string }) {
  const t = useTranslations('Access');
  const [scope, setScope] = useState<'namespace' | 'cluster'>('namespace');
  const [other, setOther] = useState<OtherSubject | undefined>(undefined);
  const effective = scope === 'cluster' ? '' : namespace;
  const review = useAccessReview(cluster, effective, other);
  const matrix = review.data;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <fieldset className="flex items-center gap-3">
          <legend className="sr-only">{t('scope')}</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="scope" checked={scope === 'namespace'} onChange={() => setScope('namespace')} disabled={!namespace} />
            {t('namespace')} <span className="font-mono">{namespace || t('noneChosen')}</span>
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="scope" checked={scope === 'cluster'} onChange={() => setScope('cluster')} />
            {t('clusterScope')}
          </label>
        </fieldset>
        {matrix && (
          <p className="text-slate-600" data-testid="matrix-subject">
            {matrix.subject.self ? t('you') : t('subject')}: <span className="font-mono">{matrix.subject.user || t('noUser')}</span>
            {matrix.subject.groups.length > 0 && <span className="font-mono"> [{matrix.subject.groups.join(', ')}]</span>}
          </p>
        )}
      </div>
      <details className="rounded border border-slate-200 bg-white p-2">
        <summary className="cursor-pointer text-sm font-medium">{t('asAnotherSummary')}</summary>
        <div className="mt-2">
          <p className="mb-2 text-xs text-slate-600">{t('asAnotherNote')}</p>
          <SubjectForm onApply={setOther} />
        </div>
      </details>
      {review.isError ? (
        <ErrorView error={review.error} />
      ) : !matrix ? (
        <Skeleton className="h-64 w-full" label={t('asking')} />
      ) : (
        <>
          {matrix.incomplete && (
            <p role="note" className="text-sm text-amber-800">
              {matrix.evaluationError ? t('incompleteWith', { error: matrix.evaluationError }) : t('incomplete')}
            </p>
          )}
          <div className={review.isFetching ? 'opacity-60' : ''}>
            <MatrixTable matrix={matrix} />
          </div>
          {matrix.rules && (
            <Panel title={t('yourRules')} data={matrix.rules}>
              {(rows) => <RulesTable rows={rows} label={t('rules')} />}
            </Panel>
          )}
        </>
      )}
    </div>
  );
}
