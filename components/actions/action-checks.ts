/** Which actions an object offers, and the permission each needs, as the API server checks the request the action sends. */
import type { CanCheck, CanResult } from './use-can';
import type { ActionObject } from './api';

export type ActionKind = 'scale' | 'restart' | 'pause' | 'resume' | 'undo' | 'suspend' | 'resume-cronjob' | 'run' | 'delete';

const SCALABLE = new Set(['apps/deployments', 'apps/statefulsets', 'apps/replicasets']);
const RESTARTABLE = new Set(['apps/deployments', 'apps/statefulsets', 'apps/daemonsets']);

/**
 * The actions of an object, in the order the bar shows them; `state` hides the one that would change nothing.
 * `subresources` are its kind's from discovery: any kind serving "scale" (a custom resource's CRD declaring it) is scaled.
 */
export function actionsFor(o: ActionObject, state: { paused?: boolean; suspend?: boolean } = {}, subresources: string[] = []): ActionKind[] {
  const key = `${o.group}/${o.resource}`;
  const out: ActionKind[] = [];
  if (SCALABLE.has(key) || subresources.includes('scale')) out.push('scale');
  if (RESTARTABLE.has(key)) out.push('restart');
  if (key === 'apps/deployments') {
    if (state.paused !== true) out.push('pause');
    if (state.paused !== false) out.push('resume');
  }
  if (RESTARTABLE.has(key)) out.push('undo');
  if (key === 'batch/cronjobs') {
    if (state.suspend !== true) out.push('suspend');
    if (state.suspend !== false) out.push('resume-cronjob');
    out.push('run');
  }
  out.push('delete');
  return out;
}

/** The request each action sends, as SelfSubjectAccessReview attributes. */
export function checkFor(o: ActionObject, action: ActionKind): CanCheck {
  const group = o.group === 'core' ? '' : o.group;
  const scope = { ...(o.namespace ? { namespace: o.namespace } : {}) };
  switch (action) {
    case 'scale':
      return { verb: 'patch', group, resource: o.resource, subresource: 'scale', ...scope, name: o.name };
    case 'run':
      return { verb: 'create', group: 'batch', resource: 'jobs', ...scope };
    case 'delete':
      return { verb: 'delete', group, resource: o.resource, ...scope, name: o.name };
    default:
      return { verb: 'patch', group, resource: o.resource, ...scope, name: o.name };
  }
}

/**
 * Every request the action sends, as the server sends them (server/k8s/actions), the one
 * checkFor names last: scale reads the scale first; undo reads the object and lists its
 * revisions (ReplicaSets of a Deployment, ControllerRevisions otherwise); run now reads the CronJob.
 */
export function checksFor(o: ActionObject, action: ActionKind): CanCheck[] {
  const main = checkFor(o, action);
  const group = o.group === 'core' ? '' : o.group;
  const scope = { ...(o.namespace ? { namespace: o.namespace } : {}) };
  switch (action) {
    case 'scale':
      return [{ ...main, verb: 'get' }, main];
    case 'undo':
      return [
        { verb: 'get', group, resource: o.resource, ...scope, name: o.name },
        { verb: 'list', group: 'apps', resource: o.resource === 'deployments' ? 'replicasets' : 'controllerrevisions', ...scope },
        main,
      ];
    case 'run':
      return [{ verb: 'get', group, resource: o.resource, ...scope, name: o.name }, main];
    default:
      return [main];
  }
}

/** One needed permission and the API server's answer for it (undefined while asked). */
export interface Need {
  check: CanCheck;
  result: CanResult | undefined;
}

/**
 * The answer for an action that needs every one of `needs`: undefined while any is asked, allowed
 * when all are, else the first refusal (its 403 is the one the action would meet first).
 */
export function allNeeded(needs: readonly Need[]): CanResult | undefined {
  if (needs.some((n) => n.result === undefined)) return undefined;
  return needs.find((n) => !n.result!.allowed)?.result ?? { allowed: true };
}

/** A permission as one line, as RBAC spells it: `patch deployments.apps/scale "web" in eks-work`, `list pods cluster-wide`, `patch nodes "ip-1"`. */
export function needText(check: CanCheck): string {
  const { request, scope, namespace } = needParts(check);
  return scope === 'namespace' ? `${request} in ${namespace}` : scope === 'clusterWide' ? `${request} cluster-wide` : request;
}

/** A permission as kubectl's words for the request, and where it applies for the page to say in its language. */
export function needParts(check: CanCheck): { request: string; scope: 'namespace' | 'clusterWide' | 'object'; namespace: string } {
  const request = `${check.verb} ${check.group ? `${check.resource}.${check.group}` : check.resource}${check.subresource ? `/${check.subresource}` : ''}${check.name ? ` "${check.name}"` : ''}`;
  // Without a namespace, a named object is cluster-scoped (a node); an unnamed request spans every namespace.
  return { request, scope: check.namespace ? 'namespace' : check.name ? 'object' : 'clusterWide', namespace: check.namespace ?? '' };
}

/** Each action's needs with their answers, from one flat list of answers in the order of the actions' checks. */
export function neededPerAction(perAction: readonly CanCheck[][], results: readonly (CanResult | undefined)[]): Need[][] {
  let at = 0;
  return perAction.map((checks) => checks.map((check) => ({ check, result: results[at++] })));
}
