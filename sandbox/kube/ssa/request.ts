/** The field manager's part in a request: who writes, with which operation, and the managedFields that result. */
import { rfc3339, type KubeObject } from '../store';
import { statusErrors } from '../status';
import type { ApiContext } from '../http/context';
import { groupVersion } from '../resources';
import { appliedManagedFields, applyConfiguration, updateManagedFields, type Kind, type ManagedFieldsEntry, type Writer } from './managed';
import { rootSchema } from './schema';

type Json = Record<string, unknown>;

/** The fieldManager parameter, or the User-Agent up to its first "/" as the API server defaults it. */
export function fieldManager(ctx: ApiContext): string {
  const given = ctx.url.searchParams.get('fieldManager');
  if (given) return given;
  const agent = String(ctx.req.headers['user-agent'] ?? '');
  return agent.split('/')[0].slice(0, 128);
}

function writer(ctx: ApiContext, operation: 'Apply' | 'Update'): Writer {
  const subresource = ctx.info.subresource || undefined;
  return { manager: fieldManager(ctx), operation, apiVersion: groupVersion(ctx.type, ctx.version), subresource, now: rfc3339(ctx.world.now()) };
}

function kindOf(ctx: ApiContext, version = ctx.type.versions[0]): Kind {
  return { schema: rootSchema(ctx.type.group, version, ctx.type.kind), hasStatus: !!ctx.type.subresources?.includes('status') };
}

const managedOf = (obj: KubeObject | undefined) => (obj?.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields;

/** Sets the managedFields of an object about to be stored by a create (POST: Update; apply of a new object: Apply). */
export function recordCreate(ctx: ApiContext, obj: KubeObject, applied?: KubeObject): void {
  const meta = obj.metadata as { managedFields?: ManagedFieldsEntry[] };
  meta.managedFields = applied
    ? appliedManagedFields(kindOf(ctx, ctx.version), applied as unknown as Json, writer(ctx, 'Apply'))
    : updateManagedFields(kindOf(ctx), undefined, obj as unknown as Json, undefined, writer(ctx, 'Update'));
  if (meta.managedFields.length === 0) delete meta.managedFields;
}

/**
 * Sets the managedFields of `next`, an update of `current`: those the body sent when it sent
 * some (an empty list clears them), else the live object's, moved on by this write.
 */
export function recordUpdate(ctx: ApiContext, current: KubeObject, next: KubeObject): void {
  const sent = managedOf(next);
  const entries = sent === undefined || sent === null ? managedOf(current) : sent.length === 0 ? [] : sent;
  const meta = next.metadata as { managedFields?: ManagedFieldsEntry[] };
  meta.managedFields =
    sent !== undefined && sent !== null && sent.length === 0 ? [] : updateManagedFields(kindOf(ctx), current as unknown as Json, next as unknown as Json, entries, writer(ctx, 'Update'));
  if (meta.managedFields.length === 0) delete meta.managedFields;
}

/** A server-side apply of `config` to `live` (both in the client's version). */
export function applyToLive(ctx: ApiContext, live: KubeObject, config: unknown): { object: KubeObject; managedFields: ManagedFieldsEntry[] } {
  const force = ctx.url.searchParams.get('force');
  if (force !== null && force !== 'true' && force !== 'false') throw statusErrors.badRequest(`strconv.ParseBool: parsing ${JSON.stringify(force)}: invalid syntax`);
  const result = applyConfiguration(kindOf(ctx, ctx.version), live as unknown as Json, config as Json, writer(ctx, 'Apply'), force === 'true');
  return { object: result.object as unknown as KubeObject, managedFields: result.managedFields };
}
