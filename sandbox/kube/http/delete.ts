/**
 * delete and deletecollection: preconditions, graceful deletion of bound
 * pods (deletionTimestamp now, the kubelet removes them after the grace
 * period), finalizers, and propagationPolicy recorded as the garbage
 * collector's orphan / foregroundDeletion finalizers.
 */
import { listObjects } from '../list';
import { rfc3339, type KubeObject } from '../store';
import { StatusError, statusErrors } from '../status';
import { intParam, isDryRun, type ApiContext } from './context';
import { toVersion } from './conversion';
import { isRecord, readObject, writeJson } from './respond';
import { listQuery } from './read';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

const POLICIES = new Set(['Orphan', 'Background', 'Foreground']);

export async function readDeleteOptions(ctx: ApiContext): Promise<DeleteOptions> {
  const body = await readObject(ctx.req, 'DeleteOptions');
  const options: DeleteOptions = isRecord(body) ? (body as DeleteOptions) : {};
  const grace = intParam(ctx.url, 'gracePeriodSeconds');
  if (grace !== undefined) options.gracePeriodSeconds = grace;
  const policy = ctx.url.searchParams.get('propagationPolicy');
  if (policy) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = ctx.url.searchParams.get('orphanDependents');
  if (orphan) options.orphanDependents = orphan === 'true';
  if (options.propagationPolicy !== undefined && !POLICIES.has(options.propagationPolicy)) {
    throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      { reason: 'FieldValueNotSupported', message: `Unsupported value: "${options.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`, field: 'propagationPolicy' },
    ]);
  }
  if (options.orphanDependents !== undefined && options.propagationPolicy !== undefined) {
    throw statusErrors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      { reason: 'FieldValueInvalid', message: `Invalid value: "${options.propagationPolicy}": orphanDependents and deletionPropagation cannot be both set`, field: 'propagationPolicy' },
    ]);
  }
  return options;
}

function preconditionFailed(ctx: ApiContext, obj: KubeObject, message: string): StatusError {
  return new StatusError({ ...statusErrors.conflict(ctx.type, obj.metadata.name).status, message: `Precondition failed: ${message}` });
}

/** Pods that have not been scheduled, or have finished, have nothing to wait for. */
function gracePeriodFor(ctx: ApiContext, obj: KubeObject, options: DeleteOptions): number {
  if (ctx.type.kind !== 'Pod') return 0;
  let grace = options.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  if (!obj.spec?.nodeName) grace = 0;
  const phase = obj.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') grace = 0;
  return Math.max(0, grace);
}

function gcFinalizer(options: DeleteOptions): string | undefined {
  if (options.propagationPolicy === 'Foreground') return 'foregroundDeletion';
  if (options.propagationPolicy === 'Orphan' || options.orphanDependents === true) return 'orphan';
  return undefined;
}

/** Deletes one object; returns what the response carries (the object, last seen or marked for deletion). */
export function deleteObject(ctx: ApiContext, current: KubeObject, options: DeleteOptions): KubeObject {
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== current.metadata.uid) {
    throw preconditionFailed(ctx, current, `UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw preconditionFailed(ctx, current, `ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
  const dryRun = isDryRun(ctx.url);
  const now = ctx.world.now();
  const grace = gracePeriodFor(ctx, current, options);
  const finalizers = [...(current.metadata.finalizers ?? [])];
  const extra = gcFinalizer(options);
  if (extra && !finalizers.includes(extra)) finalizers.push(extra);
  const isNamespace = ctx.type.kind === 'Namespace';

  if (current.metadata.deletionTimestamp) {
    // Already being deleted: only a shorter grace period changes anything.
    const remaining = current.metadata.deletionGracePeriodSeconds ?? 0;
    if (ctx.type.kind !== 'Pod' || grace >= remaining || dryRun) return current;
    if (grace === 0 && finalizers.length === 0) return ctx.store.delete(ctx.resource, current.metadata.namespace, current.metadata.name);
    return ctx.store.mutate(ctx.resource, current.metadata.namespace, current.metadata.name, (draft) => {
      draft.metadata.deletionGracePeriodSeconds = grace;
      draft.metadata.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
    });
  }

  if (grace > 0 || finalizers.length > 0 || isNamespace) {
    const marked = (draft: KubeObject) => {
      draft.metadata.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
      draft.metadata.deletionGracePeriodSeconds = grace;
      if (finalizers.length > 0) draft.metadata.finalizers = finalizers;
      if (isNamespace) draft.status = { ...(draft.status ?? {}), phase: 'Terminating' };
    };
    if (dryRun) {
      const copy = structuredClone(current);
      marked(copy);
      return copy;
    }
    // The namespace controller deletes a terminating namespace's content, then the namespace.
    return ctx.store.mutate(ctx.resource, current.metadata.namespace, current.metadata.name, marked);
  }
  if (dryRun) return current;
  return ctx.store.delete(ctx.resource, current.metadata.namespace, current.metadata.name);
}

export async function deleteHandler(ctx: ApiContext): Promise<void> {
  const options = await readDeleteOptions(ctx);
  const current = ctx.store.mustGet(ctx.resource, ctx.namespace, ctx.info.name);
  const result = deleteObject(ctx, current, options);
  writeJson(ctx.res, 200, toVersion(ctx.type, result, ctx.version));
}

export async function deleteCollectionHandler(ctx: ApiContext): Promise<void> {
  const options = await readDeleteOptions(ctx);
  const list = listObjects(ctx.store, ctx.type, ctx.namespace, { ...listQuery(ctx.url), limit: undefined, continue: undefined });
  const items = list.items.map((obj) => toVersion(ctx.type, deleteObject(ctx, obj, options), ctx.version));
  writeJson(ctx.res, 200, { ...list, apiVersion: ctx.type.group ? `${ctx.type.group}/${ctx.version}` : ctx.version, items });
}
