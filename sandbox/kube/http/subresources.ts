/** The scale, eviction and binding subresources. */
import { fromLabelSelector, labelSelectorString, matchesLabels, type LabelSelector } from '@/lib/k8s/label-selector';
import { rfc3339, type KubeObject } from '../store';
import { StatusError, statusErrors } from '../status';
import { customScale, scalePaths, setSpecReplicas } from '../crd/scale';
import { type ApiContext } from './context';
import { deleteObject, type DeleteOptions } from './delete';
import { applyPatch, type PatchType } from './patch';
import { isRecord, readObject, writeJson } from './respond';
import { patchTypeOf, readPatch, replaceObject } from './write';

function writeSuccess(ctx: ApiContext, code: number): void {
  writeJson(ctx.res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code });
}

function selectorString(selector: LabelSelector | undefined): string {
  try {
    const reqs = fromLabelSelector(selector);
    return reqs ? labelSelectorString(reqs) : '';
  } catch {
    return '';
  }
}

/** autoscaling/v1 Scale of a deployment, replica set or stateful set, or of a custom resource by its CRD's scale paths. */
export function scaleOf(obj: KubeObject, ctx?: Pick<ApiContext, 'type' | 'version'>) {
  const m = obj.metadata;
  const paths = ctx && scalePaths(ctx.type, ctx.version);
  const custom = paths && customScale(paths, obj);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: custom ? custom.specReplicas : (obj.spec?.replicas ?? 0) },
    status: custom
      ? { replicas: custom.statusReplicas, ...(custom.selector ? { selector: custom.selector } : {}) }
      : { replicas: obj.status?.replicas ?? 0, selector: selectorString(obj.spec?.selector) },
  };
}

export async function scaleHandler(ctx: ApiContext): Promise<void> {
  const current = ctx.store.mustGet(ctx.resource, ctx.namespace, ctx.info.name);
  const verb = ctx.info.verb;
  if (verb === 'get') return writeJson(ctx.res, 200, scaleOf(current, ctx));
  let scale: unknown;
  if (verb === 'update') scale = await readObject(ctx.req, 'Scale');
  else if (verb === 'patch') {
    const type: PatchType = patchTypeOf(ctx);
    scale = applyPatch(type === 'apply' ? 'merge' : type, scaleOf(current, ctx), await readPatch(ctx, type));
  } else throw statusErrors.methodNotSupported(ctx.type, verb);
  if (!isRecord(scale)) throw statusErrors.badRequest('the object provided is unrecognized (must be of type Scale)');
  const meta = (isRecord(scale.metadata) ? scale.metadata : {}) as { name?: string; resourceVersion?: string };
  if (meta.name && meta.name !== ctx.info.name) {
    throw statusErrors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${ctx.info.name})`);
  }
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw statusErrors.invalid({ group: 'autoscaling', kind: 'Scale' }, ctx.info.name, [
      { reason: 'FieldValueInvalid', message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' },
    ]);
  }
  const next = structuredClone(current);
  const paths = scalePaths(ctx.type, ctx.version);
  if (paths) setSpecReplicas(paths, next, replicas);
  else next.spec = { ...(next.spec ?? {}), replicas };
  next.metadata.resourceVersion = verb === 'update' && meta.resourceVersion ? meta.resourceVersion : current.metadata.resourceVersion;
  const stored = replaceObject(ctx, current, next);
  writeJson(ctx.res, 200, scaleOf(stored, ctx));
}

/** The one PodDisruptionBudget selecting the pod, if any (more than one is an error, as upstream). */
function budgetFor(ctx: ApiContext, pod: KubeObject): KubeObject | undefined {
  const budgets = [...ctx.store.each('policy/poddisruptionbudgets', pod.metadata.namespace)].filter((pdb) => {
    const reqs = fromLabelSelector(pdb.spec?.selector);
    return reqs !== null && reqs.length > 0 && matchesLabels(reqs, pod.metadata.labels);
  });
  if (budgets.length > 1) throw statusErrors.internal('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  return budgets[0];
}

function budgetViolation(cause: string): StatusError {
  return statusErrors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", { causes: [{ reason: 'DisruptionBudget', message: cause }] });
}

function podReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: { type?: string; status?: string }) => c.type === 'Ready' && c.status === 'True');
}

/** unhealthyPodEvictionPolicy: AlwaysAllow, or (the default IfHealthyBudget) while the budget's healthy pods are enough, as eviction.go decides. */
function unhealthyMayGo(pdb: KubeObject): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const { currentHealthy = 0, desiredHealthy = 0 } = pdb.status ?? {};
  return currentHealthy >= desiredHealthy && desiredHealthy > 0;
}

export async function evictionHandler(ctx: ApiContext): Promise<void> {
  if (ctx.type.kind !== 'Pod') throw statusErrors.notFoundResource();
  const body = await readObject(ctx.req, 'Eviction');
  const eviction = (isRecord(body) ? body : {}) as { metadata?: { name?: string }; deleteOptions?: DeleteOptions };
  if (eviction.metadata?.name && eviction.metadata.name !== ctx.info.name) {
    throw statusErrors.badRequest('name in URL does not match name in Eviction object');
  }
  const pod = ctx.store.mustGet('pods', ctx.namespace, ctx.info.name);
  const options = eviction.deleteOptions ?? {};
  const phase = pod.status?.phase;
  const ignoresBudget = pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
  if (!ignoresBudget) {
    const pdb = budgetFor(ctx, pod);
    // An unready pod may go, budget untouched, when its budget allows it: it counts in neither currentHealthy nor desiredHealthy.
    if (pdb && (podReady(pod) || !unhealthyMayGo(pdb))) {
      const status = pdb.status ?? {};
      if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
        throw budgetViolation(`The disruption budget ${pdb.metadata.name} is still being processed by the server.`);
      }
      const allowed = status.disruptionsAllowed ?? 0;
      if (allowed < 0) throw statusErrors.forbidden('pdb disruptions allowed is negative');
      if (allowed === 0) {
        throw budgetViolation(`The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
      }
      ctx.store.mutate('policy/poddisruptionbudgets', pdb.metadata.namespace, pdb.metadata.name, (draft) => {
        draft.status = {
          ...(draft.status ?? {}),
          disruptionsAllowed: allowed - 1,
          disruptedPods: { ...(draft.status?.disruptedPods ?? {}), [pod.metadata.name]: rfc3339(ctx.world.now()) },
        };
      });
    }
  }
  deleteObject(ctx, pod, options);
  writeSuccess(ctx, 201);
}

export async function bindingHandler(ctx: ApiContext): Promise<void> {
  if (ctx.type.kind !== 'Pod') throw statusErrors.notFoundResource();
  const body = await readObject(ctx.req, 'Binding');
  const binding = (isRecord(body) ? body : {}) as { metadata?: { name?: string }; target?: { kind?: string; name?: string } };
  const pod = ctx.store.mustGet('pods', ctx.namespace, ctx.info.name);
  const node = binding.target?.name;
  if (!node) {
    throw statusErrors.invalid({ group: '', kind: 'Binding' }, ctx.info.name, [{ reason: 'FieldValueRequired', message: 'Required value', field: 'target.name' }]);
  }
  const conflict = (message: string) =>
    new StatusError({ ...statusErrors.conflict({ group: '', plural: 'pods/binding' }, ctx.info.name).status, message: `Operation cannot be fulfilled on pods/binding "${ctx.info.name}": ${message}` });
  if (pod.metadata.deletionTimestamp) throw conflict(`pod ${ctx.info.name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName) throw conflict(`pod ${ctx.info.name} is already assigned to node "${pod.spec.nodeName}"`);
  const now = rfc3339(ctx.world.now());
  ctx.store.mutate('pods', ctx.namespace, ctx.info.name, (draft) => {
    draft.spec = { ...draft.spec, nodeName: node };
    const conditions = ((draft.status?.conditions ?? []) as { type: string }[]).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now } as { type: string });
    draft.status = { ...(draft.status ?? {}), conditions };
  });
  writeSuccess(ctx, 201);
}
