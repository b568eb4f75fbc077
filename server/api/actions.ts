import 'server-only';
/** The console API of the actions on one object: each a write as the caller, recorded in the audit trail. */
import { z } from 'zod';
import { actorFor, type Actor } from '../audit/actor';
import { audited, type AuditWhat } from '../audit/trail';
import { consoleErrors } from '../errors';
import { parseInput, readJsonBody } from '../http';
import { findResource, refGroup, type ResourceName, type ServedResource } from '../k8s/discovery';
import { manualJobName, runNow, setSuspended } from '../k8s/actions/cronjob';
import { deleteObject } from '../k8s/actions/delete';
import { controllerRevisions, undoFromHistory } from '../k8s/actions/controller-revisions';
import { deploymentRevisions, restart, setPaused, undoDeployment, type Revision } from '../k8s/actions/rollout';
import { autoscalersOf, readScale, scaleTo, type ScaleState } from '../k8s/actions/scale';
import type { ActionTarget } from '../k8s/actions/target';
import { BODY_LIMITS } from '../request-body';
import { namespaceName } from './names';

export const ACTIONS = ['scale', 'restart', 'pause', 'resume', 'undo', 'suspend', 'run', 'delete'] as const;
export type ActionName = (typeof ACTIONS)[number];
export const actionName = z.enum(ACTIONS);

export const actionQuery = z.object({ namespace: namespaceName.optional() });

const ROLLOUT_KINDS = new Set(['apps/deployments', 'apps/statefulsets', 'apps/daemonsets']);
const key = (served: ServedResource) => `${served.group}/${served.resource}`;

/** Which actions apply to which resources: the rest answer 400 before anything reaches the API server. */
function applies(action: ActionName, served: ServedResource): boolean {
  switch (action) {
    case 'scale':
      // Built-in kinds with a scale subresource, and any custom resource (the API server answers 404 when its CRD has none).
      return ['apps/deployments', 'apps/statefulsets', 'apps/replicasets', 'core/replicationcontrollers'].includes(key(served)) || (!served.group.endsWith('.k8s.io') && served.group.includes('.'));
    case 'restart':
      return ROLLOUT_KINDS.has(key(served));
    case 'undo':
      return ROLLOUT_KINDS.has(key(served));
    case 'pause':
      return key(served) === 'apps/deployments';
    case 'resume':
      return key(served) === 'apps/deployments' || key(served) === 'batch/cronjobs';
    case 'suspend':
    case 'run':
      return key(served) === 'batch/cronjobs';
    case 'delete':
      return served.verbs.includes('delete');
  }
}

const bodies = {
  scale: z.object({ replicas: z.number().int().min(0).max(100_000) }).strict(),
  undo: z
    .object({
      toRevision: z
        .number()
        .int()
        .min(0)
        .max(2 ** 53 - 1),
    })
    .strict(),
  delete: z
    .object({
      gracePeriodSeconds: z
        .number()
        .int()
        .min(0)
        .max(10 * 365 * 24 * 3600)
        .optional(),
      propagationPolicy: z.enum(['Foreground', 'Background', 'Orphan']).optional(),
      /** A Namespace is deleted only with its name typed back. */
      confirmName: z.string().max(253).optional(),
    })
    .strict(),
  none: z.object({}).strict(),
};

interface Located {
  actor: Actor;
  served: ServedResource;
  target: ActionTarget;
}

async function locate(request: Request, cluster: string, resource: ResourceName, name: string, namespace: string | undefined, action: ActionName): Promise<Located> {
  const actor = await actorFor(request, cluster);
  const served = await findResource(actor.client, actor.caller.identity, resource);
  if (served.namespaced && !namespace) throw consoleErrors.badRequest(`"${served.resource}" is namespaced: name the namespace`);
  if (!applies(action, served)) throw consoleErrors.badRequest(`"${action}" does not apply to ${served.resource}${served.group === 'core' ? '' : `.${served.group}`}`);
  return { actor, served, target: { group: refGroup(served.group), version: served.version, resource: served.resource, name, ...(served.namespaced ? { namespace } : {}) } };
}

export interface ActionResult {
  action: ActionName;
  /** What the action left, as far as it says: the replicas asked, the restart time, the Job created, the revision restored. */
  result: Record<string, unknown>;
}

/** POST …/actions/{group}/{version}/{resource}/{name}/{action}?namespace=: does it as the caller, and records it. */
export async function runAction(request: Request, cluster: string, resource: ResourceName, name: string, action: ActionName, namespace: string | undefined): Promise<ActionResult> {
  const { actor, served, target } = await locate(request, cluster, resource, name, namespace, action);
  const { client } = actor;
  const what = (detail: Record<string, unknown> = {}, subresource?: string): AuditWhat => ({
    action,
    group: target.group,
    version: target.version,
    resource: target.resource,
    ...(subresource ? { subresource } : {}),
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    name,
    detail,
  });
  const run = <T>(detail: Record<string, unknown>, write: () => Promise<T>, subresource?: string) => audited(actor.audit, what(detail, subresource), write);
  switch (action) {
    case 'scale': {
      const { replicas } = await readJsonBody(request, bodies.scale, BODY_LIMITS.form);
      const scale = await run({ replicas }, () => scaleTo(client, target, replicas), 'scale');
      return { action, result: { replicas: scale.spec.replicas ?? 0 } };
    }
    case 'restart': {
      await readJsonBody(request, bodies.none, BODY_LIMITS.form);
      return { action, result: await run({}, () => restart(client, target)) };
    }
    case 'pause':
    case 'resume':
    case 'suspend': {
      await readJsonBody(request, bodies.none, BODY_LIMITS.form);
      if (served.resource === 'cronjobs') {
        const suspend = action === 'suspend';
        await run({ suspend }, () => setSuspended(client, target, suspend));
        return { action, result: { suspend } };
      }
      const paused = action === 'pause';
      await run({ paused }, () => setPaused(client, target, paused));
      return { action, result: { paused } };
    }
    case 'undo': {
      const { toRevision } = await readJsonBody(request, bodies.undo, BODY_LIMITS.form);
      const undo = served.resource === 'deployments' ? undoDeployment : undoFromHistory;
      return { action, result: await run({ toRevision }, () => undo(client, target, toRevision)) };
    }
    case 'run': {
      await readJsonBody(request, bodies.none, BODY_LIMITS.form);
      const job = manualJobName(name);
      const created = await audited(actor.audit, { ...what({ job }), successStatus: 201 }, () => runNow(client, target, job));
      return { action, result: created };
    }
    case 'delete': {
      const { confirmName, ...options } = await readJsonBody(request, bodies.delete, BODY_LIMITS.form);
      if (served.group === 'core' && served.resource === 'namespaces' && confirmName !== name) {
        throw consoleErrors.badRequest(`deleting namespace "${name}" needs its name typed back as confirmName`);
      }
      await run({ ...options }, () => deleteObject(client, target, options));
      return { action, result: options };
    }
  }
}

export type ActionState = { scale: ScaleState } | { revisions: Revision[] };

const stateAction = z.enum(['scale', 'undo']);

/** GET …/{action}: what the action's dialog shows first (the replicas and the autoscalers that own them; the revisions to undo to). */
export async function actionState(request: Request, cluster: string, resource: ResourceName, name: string, action: string, namespace: string | undefined): Promise<ActionState> {
  const which = parseInput(stateAction, action, 'action');
  const { actor, served, target } = await locate(request, cluster, resource, name, namespace, which);
  if (which === 'undo') return { revisions: await (served.resource === 'deployments' ? deploymentRevisions : controllerRevisions)(actor.client, target) };
  const [scale, autoscalers] = await Promise.all([readScale(actor.client, target), autoscalersOf(actor.client, target, served.kind)]);
  return { scale: { replicas: scale.spec.replicas ?? 0, autoscalers } };
}
