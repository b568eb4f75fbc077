'use client';
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

const LABELS: Record<ActionKind, string> = {
  scale: 'Scale',
  restart: 'Restart',
  pause: 'Pause',
  resume: 'Resume',
  undo: 'Undo',
  suspend: 'Suspend',
  'resume-cronjob': 'Resume',
  run: 'Run now',
  delete: 'Delete',
};

/** What each simple action's dialog says it will do. */
const SIMPLE: Partial<Record<ActionKind, { server: string; says: (o: ActionObject) => string }>> = {
  restart: { server: 'restart', says: (o) => `Every pod of ${o.kind} ${o.name} is replaced, as kubectl rollout restart does.` },
  pause: { server: 'pause', says: (o) => `Changes to ${o.name}'s pod template will not roll out until it is resumed.` },
  resume: { server: 'resume', says: (o) => `${o.name} rolls out its pod template again.` },
  suspend: { server: 'suspend', says: (o) => `${o.name} starts no Job until it is resumed; running Jobs go on.` },
  'resume-cronjob': { server: 'resume', says: (o) => `${o.name} starts Jobs on its schedule again.` },
  run: { server: 'run', says: (o) => `A Job named ${o.name}-manual-… is created now from ${o.name}'s job template.` },
};

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
    actions.map((action, i) => guardedPaletteAction({ id: `object-${action}`, label: `${LABELS[action]} ${object.kind} ${object.name}`, keywords: [action], run: () => setOpen(action) }, answers[i])),
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
  const simple = open ? SIMPLE[open] : undefined;
  return (
    <div role="toolbar" aria-label="Actions" className="flex flex-wrap gap-2">
      {actions.map((action, i) => (
        <GuardedAction key={action} label={LABELS[action]} can={answers[i]} needs={needs[i]} tone={action === 'delete' ? 'danger' : 'default'} onClick={() => setOpen(action)} />
      ))}
      {open === 'scale' && <ScaleDialog {...dialog} onScale={(replicas) => run('scale', { replicas })} />}
      {open === 'undo' && <UndoDialog {...dialog} onUndo={(toRevision) => run('undo', { toRevision })} />}
      {open === 'delete' && <DeleteDialog {...dialog} onDelete={(options) => run('delete', options, () => router.push(genericListHref(cluster, object, object.namespace || undefined)))} />}
      {open && simple && (
        <ConfirmDialog
          title={`${LABELS[open]} ${object.kind} ${object.name}`}
          confirmLabel={LABELS[open]}
          busy={mutation.isPending}
          error={mutation.error ?? undefined}
          onCancel={close}
          onConfirm={() => run(simple.server)}
        >
          <p>{simple.says(object)}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
