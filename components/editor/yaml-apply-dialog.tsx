'use client';
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { parseManifest } from '@/lib/k8s/apply/manifest';
import { ModalDialog } from '../ui/modal-dialog';
import { ApplyRefusal } from './apply-outcome';
import { DiffView } from './diff-view';
import { useApplyYaml, type ApplyDestination, type ApplyResult } from './use-apply';
import { YamlEditor } from './yaml-editor';

/**
 * Edit or create one object as YAML: a server-side dry run first and its diff against the live
 * object, then the apply as the field manager watchdeck; a conflict names each field's manager and
 * offers to take ownership (force), again dry run first.
 */
export function YamlApplyDialog({
  title,
  destination,
  initialYaml,
  onApplied,
  onClose,
}: {
  title: string;
  destination: ApplyDestination;
  initialYaml: string;
  onApplied: (result: ApplyResult) => void;
  onClose: () => void;
}) {
  const t = useTranslations('Editor');
  const [text, setText] = useState(initialYaml);
  const [force, setForce] = useState(false);
  const { dryRun, apply } = useApplyYaml(destination);
  const parsed = useMemo(() => parseManifest(text), [text]);
  const problem = 'problem' in parsed ? parsed.problem : undefined;
  const busy = dryRun.isPending || apply.isPending;

  const edit = (next: string) => {
    setText(next);
    dryRun.reset();
    apply.reset();
    setForce(false);
  };
  const runDryRun = (withForce: boolean) => {
    setForce(withForce);
    apply.reset();
    dryRun.mutate({ yaml: text, force: withForce });
  };
  const runApply = () => apply.mutate({ yaml: text, force }, { onSuccess: onApplied });

  return (
    <ModalDialog title={title} busy={busy} onClose={onClose} className="max-w-4xl">
      <YamlEditor value={text} onChange={edit} problem={problem} label="YAML" />
      {problem && (
        <p role="alert" className="text-xs text-red-800">
          {problem.line !== undefined ? t('at', { line: problem.line, column: problem.column ?? 1 }) : ''}
          {problem.reason ? t(`manifest.${problem.reason}`, { documents: problem.documents ?? 0 }) : problem.message}
        </p>
      )}
      {dryRun.isError && <ApplyRefusal error={dryRun.error} busy={busy} onTakeOwnership={() => runDryRun(true)} />}
      {dryRun.data && (
        <div className="space-y-1">
          <h3 className="font-semibold">{t('dryRunTitle', { created: String(dryRun.data.created), force: String(force) })}</h3>
          <DiffView hunks={dryRun.data.diff} label={t('changes')} />
        </div>
      )}
      {apply.isError && <ApplyRefusal error={apply.error} busy={busy} onTakeOwnership={() => runDryRun(true)} />}
      <div className="flex justify-end gap-2">
        <button type="button" disabled={busy} onClick={onClose} className="rounded px-3 py-1 hover:bg-slate-100">
          {t('cancel')}
        </button>
        <button type="button" disabled={busy || !!problem} onClick={() => runDryRun(force)} className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-50 disabled:opacity-50">
          {dryRun.isPending ? t('asking') : t('dryRun')}
        </button>
        <button type="button" disabled={busy || !dryRun.data} onClick={runApply} className="rounded bg-blue-600 px-3 py-1 text-white hover:bg-blue-700 disabled:opacity-50">
          {apply.isPending ? t('applying') : force ? t('applyTakeOwnership') : t('apply')}
        </button>
      </div>
    </ModalDialog>
  );
}
