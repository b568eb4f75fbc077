/** Which actions an object offers, and the permission each needs, as the API server checks the request the action sends. */
import type { CanCheck } from './use-can';
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
