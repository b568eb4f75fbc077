import 'server-only';
/** kubectl rollout restart, pause, resume and undo, sent as kubectl sends them. */
import { consoleErrors } from '../../errors';
import type { StreamingKubeClient } from '../client';
import { refOf, type ActionTarget, type KubeObjectMeta } from './target';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
export const REVISION = 'deployment.kubernetes.io/revision';
/** The ReplicaSet's label the deployment controller adds to each template (appsv1.DefaultDeploymentUniqueLabelKey). */
const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Annotations kubectl rollout undo keeps from the Deployment instead of copying from the ReplicaSet (polymorphichelpers annotationsToSkip). */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: { name: string; image?: string }[] };
}

interface Workload {
  metadata: KubeObjectMeta;
  spec: { template: PodTemplate; paused?: boolean };
}

/** Go's time.RFC3339 ("2006-01-02T15:04:05Z07:00") in UTC: no fraction of a second. */
export function rfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Sets the restartedAt annotation on the pod template, as `kubectl rollout restart` does (a strategic merge patch). */
export async function restart(client: StreamingKubeClient, target: ActionTarget, now = new Date()): Promise<{ restartedAt: string }> {
  const restartedAt = rfc3339(now);
  await client.patch(refOf(target), 'strategic', { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } });
  return { restartedAt };
}

/** `kubectl rollout pause` / `resume`: spec.paused true, or removed (the patch kubectl computes from false, which is omitted). */
export async function setPaused(client: StreamingKubeClient, target: ActionTarget, paused: boolean): Promise<void> {
  await client.patch(refOf(target), 'strategic', { spec: { paused: paused ? true : null } });
}

export interface Revision {
  revision: number;
  /** A Deployment's revision: the ReplicaSet that keeps it. */
  replicaSet?: string;
  /** A StatefulSet's or DaemonSet's revision: the ControllerRevision that keeps it. */
  controllerRevision?: string;
  createdAt?: string;
  images: string[];
  /** The revision the object's template is now. */
  current: boolean;
}

interface ReplicaSet {
  metadata: KubeObjectMeta;
  spec: { template: PodTemplate };
}

async function ownedReplicaSets(client: StreamingKubeClient, target: ActionTarget): Promise<{ deployment: Workload; replicaSets: ReplicaSet[] }> {
  const deployment = await client.get<Workload>(refOf(target));
  const list = await client.get<{ items: ReplicaSet[] }>({ group: 'apps', version: 'v1', resource: 'replicasets', namespace: target.namespace });
  const uid = deployment.metadata.uid;
  const replicaSets = list.items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid));
  return { deployment, replicaSets };
}

const revisionOf = (rs: ReplicaSet) => Number(rs.metadata.annotations?.[REVISION] ?? '0') || 0;

/** The Deployment's revisions, newest first, from the ReplicaSets it owns (as `kubectl rollout history`). */
export async function deploymentRevisions(client: StreamingKubeClient, target: ActionTarget): Promise<Revision[]> {
  const { deployment, replicaSets } = await ownedReplicaSets(client, target);
  const current = Number(deployment.metadata.annotations?.[REVISION] ?? '0');
  return replicaSets
    .filter((rs) => revisionOf(rs) > 0)
    .sort((a, b) => revisionOf(b) - revisionOf(a))
    .map((rs) => ({
      revision: revisionOf(rs),
      replicaSet: rs.metadata.name,
      ...(rs.metadata.creationTimestamp ? { createdAt: rs.metadata.creationTimestamp } : {}),
      images: (rs.spec.template.spec?.containers ?? []).map((c) => c.image ?? ''),
      current: revisionOf(rs) === current,
    }));
}

/** `message` is kubectl's: "rolled back", or "skipped rollback (current template already matches revision N)". */
export type UndoResult = { revision: number; skipped: boolean; message: string };

function withoutHash(template: PodTemplate): PodTemplate {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/**
 * `kubectl rollout undo --to-revision`: the ReplicaSet of that revision (0: the one before the
 * current) gives back its pod template, without its hash label, and its annotations, by a JSON patch.
 */
export async function undoDeployment(client: StreamingKubeClient, target: ActionTarget, toRevision: number): Promise<UndoResult> {
  const { deployment, replicaSets } = await ownedReplicaSets(client, target);
  if (deployment.spec.paused) throw consoleErrors.badRequest(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again`);
  const sorted = replicaSets.filter((rs) => revisionOf(rs) > 0).sort((a, b) => revisionOf(b) - revisionOf(a));
  const rs = toRevision === 0 ? sorted[1] : sorted.find((r) => revisionOf(r) === toRevision);
  if (!rs) throw consoleErrors.notFound(toRevision === 0 ? 'no rollout history found' : `unable to find specified revision ${toRevision} in history`);
  const template = withoutHash(rs.spec.template);
  if (JSON.stringify(template) === JSON.stringify(withoutHash(deployment.spec.template))) {
    return { revision: revisionOf(rs), skipped: true, message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  await client.patch(refOf(target), 'json', [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ]);
  return { revision: revisionOf(rs), skipped: false, message: 'rolled back' };
}
