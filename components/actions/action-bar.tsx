'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { genericListHref } from '../resources/links';
import { useAction, type ActionObject } from './api';
import { actionsFor, allNeeded, checksFor, neededPerAction, type ActionKind } from './action-checks';
import { DeleteDialog, ScaleDialog, UndoDialog } from './action-dialogs';
import { ConfirmDialog } from './confirm-dialog';
import { usePaletteActions } from '../palette/use-palette-actions';
import { GuardedAction } from './guarded-action';
import { guardedPaletteAction } from './palette-action';
import { useCan } from './use-can';

/** Each action's button, by its key in the Actions messages. */
const LABELS = {
  scale: 'scale',
  restart: 'restart',
  pause: 'pause',
  resume: 'resume',
  undo: 'undo',
  suspend: 'suspend',
  'resume-cronjob': 'resume',
  run: 'run',
  delete: 'delete',
} as const satisfies Record<ActionKind, string>;

/** What each simple action's dialog says it will do: the server's action and its sentence in the Actions messages. */
const SIMPLE = {
  restart: { server: 'restart', says: 'saysRestart' },
  pause: { server: 'pause', says: 'saysPause' },
  resume: { server: 'resume', says: 'saysResume' },
  suspend: { server: 'suspend', says: 'saysSuspend' },
  'resume-cronjob': { server: 'resume', says: 'saysResumeCronJob' },
  run: { server: 'run', says: 'saysRun' },
} as const satisfies Partial<Record<ActionKind, { server: string; says: string }>>;

/**
 * The actions of one object, each asked of the API server before it is shown (one check request
 * for the whole bar), each confirmed in a dialog that shows the API server's answer.
 */
export function ActionBar({
  cluster,
  object,
  state,
  subresources,
}: {
  cluster: string;
  object: ActionObject;
  state?: { paused?: boolean; suspend?: boolean };
  /** The kind's subresources from discovery ("scale" offers Scale). */
  subresources?: string[];
}) {
  const t = useTranslations('Actions');
  const router = useRouter();
  const actions = actionsFor(object, state, subresources);
  // The query key is compared by value, so a new list each render asks nothing new.
  const perAction = actions.map((a) => checksFor(object, a));
  const can = useCan(cluster, perAction.flat());
  const needs = neededPerAction(perAction, can.results);
  const answers = needs.map(allNeeded);
  const [open, setOpen] = useState<ActionKind | undefined>();
  // The same actions in the command palette, with the same answers, opening the same dialogs.
  usePaletteActions(
    actions.map((action, i) =>
      guardedPaletteAction(
        { id: `object-${action}`, label: t('onObject', { action: t(LABELS[action]), kind: object.kind, name: object.name }), keywords: [action], run: () => setOpen(action) },
        answers[i],
      ),
    ),
  );
  const mutation = useAction(cluster, object);
  const close = () => {
    setOpen(undefined);
    mutation.reset();
  };
  const run = (action: string, body?: Record<string, unknown>, after?: () => void) =>
    mutation.mutate(
      { action, body },
      {
        onSuccess: () => {
          setOpen(undefined);
          after?.();
        },
      },
    );
  const dialog = { cluster, object, busy: mutation.isPending, error: mutation.error ?? undefined, onCancel: close };
  const simple = open && open in SIMPLE ? SIMPLE[open as keyof typeof SIMPLE] : undefined;
  return (
    <div role="toolbar" aria-label={t('toolbar')} className="flex flex-wrap gap-2">
      {actions.map((action, i) => (
        <GuardedAction key={action} label={t(LABELS[action])} can={answers[i]} needs={needs[i]} tone={action === 'delete' ? 'danger' : 'default'} onClick={() => setOpen(action)} />
      ))}
      {open === 'scale' && <ScaleDialog {...dialog} onScale={(replicas) => run('scale', { replicas })} />}
      {open === 'undo' && <UndoDialog {...dialog} onUndo={(toRevision) => run('undo', { toRevision })} />}
      {open === 'delete' && <DeleteDialog {...dialog} onDelete={(options) => run('delete', options, () => router.push(genericListHref(cluster, object, object.namespace || undefined)))} />}
      {open && simple && (
        <ConfirmDialog
          title={t('onObject', { action: t(LABELS[open]), kind: object.kind, name: object.name })}
          confirmLabel={t(LABELS[open])}
          busy={mutation.isPending}
          error={mutation.error ?? undefined}
          onCancel={close}
          onConfirm={() => run(simple.server)}
        >
          <p>{t(simple.says, { kind: object.kind, name: object.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
