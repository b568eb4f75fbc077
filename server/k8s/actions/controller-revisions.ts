import 'server-only';
/**
 * `kubectl rollout history` and `rollout undo --to-revision` for StatefulSets and DaemonSets, as
 * kubectl's StatefulSetRollbacker and DaemonSetRollbacker do (polymorphichelpers/rollback.go): the
 * history is the ControllerRevisions the object controls among those its selector matches; each
 * revision's `data` is a strategic merge patch that replaces the pod template, sent back as it is.
 */
import { fromLabelSelector, labelSelectorString, type LabelSelector } from '@/lib/k8s/label-selector';
import { consoleErrors } from '../../errors';
import type { StreamingKubeClient } from '../client';
import { refOf, type ActionTarget, type KubeObjectMeta } from './target';
import type { Revision, UndoResult } from './rollout';

interface PodTemplate {
  spec?: { containers?: { name: string; image?: string }[] };
}

interface Owner {
  metadata: KubeObjectMeta;
  spec: { selector?: LabelSelector; template: PodTemplate };
}

interface ControllerRevision {
  metadata: KubeObjectMeta;
  revision: number;
  data?: { spec?: { template?: PodTemplate } };
}

async function controlledHistory(client: StreamingKubeClient, target: ActionTarget): Promise<{ owner: Owner; history: ControllerRevision[] }> {
  const owner = await client.get<Owner>(refOf(target));
  const labelSelector = labelSelectorString(fromLabelSelector(owner.spec.selector) ?? []);
  const list = await client.get<{ items: ControllerRevision[] }>(
    { group: 'apps', version: 'v1', resource: 'controllerrevisions', namespace: target.namespace },
    labelSelector ? { labelSelector } : {},
  );
  const uid = owner.metadata.uid;
  const history = list.items.filter((r) => r.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid));
  return { owner, history: history.sort((a, b) => a.revision - b.revision) };
}

/**
 * JSON with its keys sorted, so two documents compare by value as json.Marshal's bytes do; nulls
 * left out, since a typed template's metadata carries creationTimestamp null on one side only.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null) return undefined;
    return v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v;
  });
}

/** getStatefulSetPatch / getDaemonSetPatch: the object's template as the patch its controller records. */
const templatePatch = (owner: Owner) => ({ spec: { template: { ...owner.spec.template, $patch: 'replace' } } });

/** statefulsetMatch / daemonSetMatch: the revision's patch is the object's template now. */
const matches = (owner: Owner, revision: ControllerRevision) => canonical(templatePatch(owner)) === canonical(revision.data);

/** The revisions, newest first, each with its template's images; the one the object's template is now is current. */
export async function controllerRevisions(client: StreamingKubeClient, target: ActionTarget): Promise<Revision[]> {
  const { owner, history } = await controlledHistory(client, target);
  return history.reverse().map((r) => ({
    revision: r.revision,
    controllerRevision: r.metadata.name,
    ...(r.metadata.creationTimestamp ? { createdAt: r.metadata.creationTimestamp } : {}),
    images: (r.data?.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
    current: matches(owner, r),
  }));
}

/** findHistory: the revision asked for, or with 0 the one before the newest. */
function findHistory(toRevision: number, history: ControllerRevision[]): ControllerRevision | undefined {
  if (toRevision === 0) return history.at(-2);
  return history.find((r) => r.revision === toRevision);
}

/** Sends the revision's patch back as a strategic merge patch, unless the template already is that revision. */
export async function undoFromHistory(client: StreamingKubeClient, target: ActionTarget, toRevision: number): Promise<UndoResult> {
  const { owner, history } = await controlledHistory(client, target);
  if (toRevision === 0 && history.length <= 1) throw consoleErrors.notFound('no last revision to roll back to');
  const revision = findHistory(toRevision, history);
  if (!revision) throw consoleErrors.notFound(`unable to find specified revision ${toRevision} in history`);
  if (matches(owner, revision)) return { revision: revision.revision, skipped: true, message: `skipped rollback (current template already matches revision ${toRevision})` };
  await client.patch(refOf(target), 'strategic', revision.data);
  return { revision: revision.revision, skipped: false, message: 'rolled back' };
}
