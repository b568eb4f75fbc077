import 'server-only';
/**
 * Server-side apply of one object as the console's field manager, as `kubectl apply --server-side`
 * sends it: a dry run (dryRun=All) answered with the diff of the live object against the result,
 * then the apply itself; `force` takes over the fields another manager owns.
 */
import { diffableYaml } from '@/lib/k8s/apply/configuration';
import { lineDiff, type DiffHunk } from '@/lib/k8s/apply/diff';
import { objectYaml } from '../pod-detail';
import type { KubeObject } from '../related';
import type { KubeClient, ResourceRef, StreamingKubeClient } from '../client';
import { ConsoleError } from '../../errors';

export const FIELD_MANAGER = 'watchdeck';

export interface ApplyOptions {
  dryRun: boolean;
  force: boolean;
}

export interface DryRunResult {
  /** No object of that name yet: the apply creates it. */
  created: boolean;
  /** The live object (empty for a create) against the dry run's result, managedFields, resourceVersion and generation left out. */
  diff: DiffHunk[];
  /** The result as `kubectl get -o yaml` prints it, without managedFields. */
  yaml: string;
}

export interface ApplyResult {
  object: KubeObject;
  yaml: string;
}

function applyQuery({ dryRun, force }: ApplyOptions) {
  return { fieldManager: FIELD_MANAGER, ...(dryRun ? { dryRun: 'All' } : {}), ...(force ? { force: true } : {}) };
}

function withoutManagedFields(object: KubeObject): KubeObject {
  const { managedFields: _fields, ...metadata } = object.metadata ?? {};
  return { ...object, metadata };
}

async function liveObject(client: KubeClient, ref: ResourceRef): Promise<KubeObject | undefined> {
  try {
    return await client.get<KubeObject>(ref);
  } catch (err) {
    if (err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus === 404) return undefined;
    throw err;
  }
}

/**
 * An applied configuration that does not fit the kind's schema (a wrongly typed value, an undeclared
 * field) is refused by kube-apiserver as a plain error, so it arrives as a 500 (kubernetes/kubernetes#122480).
 * It is the caller's mistake: answered 422 with the API server's message and Status kept as they came.
 */
const TYPED_PATCH_FAILURE = 'failed to create typed patch object';

async function sendApply(client: StreamingKubeClient, ref: ResourceRef, configuration: unknown, options: ApplyOptions): Promise<KubeObject> {
  try {
    return await client.patch<KubeObject>(ref, 'apply', configuration, applyQuery(options));
  } catch (err) {
    if (err instanceof ConsoleError && err.kind === 'Status' && err.httpStatus === 500 && err.message.startsWith(TYPED_PATCH_FAILURE)) {
      throw new ConsoleError('Status', 422, err.message, err.status);
    }
    throw err;
  }
}

/** Asks the API server what the apply would do (nothing is stored) and compares it with the object as it is. */
export async function dryRunApply(client: StreamingKubeClient, ref: ResourceRef, configuration: unknown, force: boolean): Promise<DryRunResult> {
  // The write first: a caller who may not patch learns that, not that they may or may not read.
  const result = await sendApply(client, ref, configuration, { dryRun: true, force });
  const live = await liveObject(client, ref);
  return { created: live === undefined, diff: lineDiff(diffableYaml(live), diffableYaml(result)), yaml: objectYaml(result) };
}

export async function apply(client: StreamingKubeClient, ref: ResourceRef, configuration: unknown, force: boolean): Promise<ApplyResult> {
  const result = await sendApply(client, ref, configuration, { dryRun: false, force });
  const object = withoutManagedFields(result);
  return { object, yaml: objectYaml(object) };
}
