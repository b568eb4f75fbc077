'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { hpaHref } from '../autoscaling/links';
import { Skeleton } from '../ui/skeleton';
import { ErrorView } from '../ui/error-view';
import { useRevisions, useScaleState, type ActionObject } from './api';
import { ConfirmDialog } from './confirm-dialog';

interface DialogProps {
  cluster: string;
  object: ActionObject;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
}

/** The replica count to set, and a warning naming each autoscaler that owns it. */
export function ScaleDialog({ cluster, object, busy, error, onCancel, onScale }: DialogProps & { onScale: (replicas: number) => void }) {
  const t = useTranslations('Actions');
  const state = useScaleState(cluster, object);
  const [replicas, setReplicas] = useState<string>('');
  const value = replicas === '' ? state.data?.replicas : Number(replicas);
  const valid = value !== undefined && Number.isInteger(value) && value >= 0;
  return (
    <ConfirmDialog
      title={t('onObject', { action: t('scale'), kind: object.kind, name: object.name })}
      confirmLabel={t('scale')}
      busy={busy}
      ready={valid}
      error={error}
      onCancel={onCancel}
      onConfirm={() => valid && onScale(value)}
    >
      {state.isError ? (
        <ErrorView error={state.error} compact />
      ) : !state.data ? (
        <Skeleton className="h-10 w-full" label={t('readingReplicas')} />
      ) : (
        <>
          {state.data.autoscalers.map((hpa) => (
            <div key={hpa.name} role="alert" data-testid="hpa-warning" className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900">
              {t.rich('hpaOwnsReplicas', {
                name: hpa.name,
                min: hpa.minReplicas ?? 1,
                max: hpa.maxReplicas,
                link: (chunk) => (
                  <Link href={hpaHref(cluster, object.namespace, hpa.name)} className="font-mono text-sky-800 hover:underline">
                    {chunk}
                  </Link>
                ),
              })}
            </div>
          ))}
          <label className="flex items-center gap-2">
            {t('replicasNow', { replicas: state.data.replicas })}
            <input
              type="number"
              min={0}
              value={replicas === '' ? String(state.data.replicas) : replicas}
              onChange={(e) => setReplicas(e.target.value)}
              className="w-24 rounded border border-slate-300 px-2 py-1"
            />
          </label>
        </>
      )}
    </ConfirmDialog>
  );
}

/** The object's revisions (a Deployment's ReplicaSets, a StatefulSet's or DaemonSet's ControllerRevisions), newest first, to pick the one to go back to. */
export function UndoDialog({ cluster, object, busy, error, onCancel, onUndo }: DialogProps & { onUndo: (toRevision: number) => void }) {
  const t = useTranslations('Actions');
  const revisions = useRevisions(cluster, object);
  const [chosen, setChosen] = useState<number | undefined>();
  return (
    <ConfirmDialog
      title={t('undoTitle', { name: object.name })}
      confirmLabel={t('undo')}
      busy={busy}
      ready={chosen !== undefined}
      error={error}
      onCancel={onCancel}
      onConfirm={() => chosen !== undefined && onUndo(chosen)}
    >
      {revisions.isError ? (
        <ErrorView error={revisions.error} compact />
      ) : !revisions.data ? (
        <Skeleton className="h-16 w-full" label={t('readingRevisions')} />
      ) : (
        <fieldset className="space-y-1">
          <legend className="mb-1 text-slate-700">{t('revision')}</legend>
          {revisions.data.map((r) => (
            <label key={r.revision} className="flex items-baseline gap-2">
              <input type="radio" name="revision" disabled={r.current} checked={chosen === r.revision} onChange={() => setChosen(r.revision)} />
              <span className="font-mono">{r.revision}</span>
              <span className="font-mono text-xs text-slate-600">{r.images.join(', ')}</span>
              {r.current && <span className="text-xs text-slate-500">{t('current')}</span>}
            </label>
          ))}
        </fieldset>
      )}
    </ConfirmDialog>
  );
}

const POLICIES = ['Background', 'Foreground', 'Orphan'] as const;

/** Delete with a grace period and a propagation policy; a Namespace needs its name typed. */
export function DeleteDialog({
  object,
  busy,
  error,
  onCancel,
  onDelete,
}: Omit<DialogProps, 'cluster'> & { onDelete: (options: { gracePeriodSeconds?: number; propagationPolicy: string; confirmName?: string }) => void }) {
  const t = useTranslations('Actions');
  const [grace, setGrace] = useState('');
  const [policy, setPolicy] = useState<(typeof POLICIES)[number]>('Background');
  const namespace = object.group === 'core' && object.resource === 'namespaces';
  const graceValid = grace === '' || /^\d+$/.test(grace);
  return (
    <ConfirmDialog
      title={t('onObject', { action: t('delete'), kind: object.kind, name: object.name })}
      confirmLabel={t('delete')}
      tone="danger"
      typeToConfirm={namespace ? object.name : undefined}
      busy={busy}
      ready={graceValid}
      error={error}
      onCancel={onCancel}
      onConfirm={() => onDelete({ ...(grace !== '' ? { gracePeriodSeconds: Number(grace) } : {}), propagationPolicy: policy, ...(namespace ? { confirmName: object.name } : {}) })}
    >
      <label className="flex items-center gap-2">
        {t('gracePeriod')}
        <input inputMode="numeric" placeholder={t('graceDefault')} value={grace} onChange={(e) => setGrace(e.target.value)} className="w-40 rounded border border-slate-300 px-2 py-1" />
      </label>
      <label className="flex items-center gap-2">
        {t('dependents')}
        <select value={policy} onChange={(e) => setPolicy(e.target.value as (typeof POLICIES)[number])} className="rounded border border-slate-300 px-2 py-1">
          {POLICIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
    </ConfirmDialog>
  );
}
