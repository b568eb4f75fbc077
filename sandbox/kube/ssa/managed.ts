/**
 * metadata.managedFields as the API server's field manager keeps them
 * (k8s.io/apiserver fieldmanager over structured-merge-diff's Updater):
 * every write records, per manager, operation and subresource, the fields
 * it set; an apply merges by ownership, refuses to change fields others own
 * unless forced, and drops the fields its manager stopped applying.
 */
import { StatusError } from '../status';
import { FieldSet, pathString, type FieldPath, type FieldsV1 } from './fieldset';
import type { Schema } from './schema';
import { compare, merge, removePaths, toFieldSet } from './walk';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldsV1;
  subresource?: string;
}

interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** What the write is and who makes it. */
export interface Writer {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  now: string;
}

type Json = Record<string, unknown>;

/** BuildManagerIdentifier: the entry without time, fields, and (for Apply) apiVersion, as JSON in field order. */
function identity(m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return JSON.stringify({ manager: m.manager, operation: m.operation, ...(m.operation === 'Update' ? { apiVersion: m.apiVersion } : {}), ...(m.subresource ? { subresource: m.subresource } : {}) });
}

function decode(entries: ManagedFieldsEntry[] | undefined): Map<string, Manager> {
  const out = new Map<string, Manager>();
  for (const e of entries ?? []) {
    const m: Manager = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, subresource: e.subresource, time: e.time, set: FieldSet.fromFieldsV1(e.fieldsV1) };
    out.set(identity(m), m);
  }
  return out;
}

/** sortEncodedManagedFields: Apply before Update, then by time, manager, apiVersion, subresource. */
function encode(managers: Map<string, Manager>): ManagedFieldsEntry[] {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const list = [...managers.values()].filter((m) => !m.set.isEmpty());
  list.sort(
    (p, q) => cmp(p.operation, q.operation) || seconds(p.time) - seconds(q.time) || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return list.map((m) => ({
    manager: m.manager,
    operation: m.operation,
    apiVersion: m.apiVersion,
    ...(m.time ? { time: m.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: m.set.toFieldsV1(),
    ...(m.subresource ? { subresource: m.subresource } : {}),
  }));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The fields no manager owns: identity, server-set metadata, and the part another endpoint owns (status or everything but it). */
function stripped(obj: Json, subresource: string | undefined, hasStatus: boolean): Json {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  const meta = { ...((metadata as Json | undefined) ?? {}) };
  for (const f of ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion']) delete meta[f];
  const out: Json = Object.keys(meta).length > 0 ? { ...rest, metadata: meta } : rest;
  if (subresource === 'status') return { status: obj.status };
  if (hasStatus && !subresource) delete out.status;
  return out;
}

/** Where the ResourceVersion check and ignored fields leave the update's managers, as Updater.update does; conflicts come back by manager. */
function reconcile(managers: Map<string, Manager>, before: Json, after: Json, schema: Schema | undefined, writerId: string): { conflicts: Map<string, FieldSet>; changed: ReturnType<typeof compare> } {
  const changed = compare(before, after, schema);
  const touched = changed.modified.union(changed.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, m] of managers) {
    if (id === writerId) continue;
    const conflict = m.set.intersection(touched);
    if (!conflict.isEmpty()) conflicts.set(id, conflict);
  }
  return { conflicts, changed };
}

function dropFromOthers(managers: Map<string, Manager>, writerId: string, fields: FieldSet): void {
  for (const [id, m] of managers) if (id !== writerId) managers.set(id, { ...m, set: m.set.difference(fields) });
}

function setOwnership(managers: Map<string, Manager>, writer: Writer, set: FieldSet): void {
  const id = identity(writer);
  const previous = managers.get(id);
  // A manager's time moves only when what it owns does.
  const time = previous && previous.set.equals(set) ? previous.time : writer.now;
  managers.set(id, { manager: writer.manager, operation: writer.operation, apiVersion: writer.apiVersion, subresource: writer.subresource, time, set });
}

export interface Kind {
  schema: Schema | undefined;
  hasStatus: boolean;
}

/** The managedFields after a create or update by `writer` (operation Update) that turned `live` into `next`. */
export function updateManagedFields(kind: Kind, live: Json | undefined, next: Json, entries: ManagedFieldsEntry[] | undefined, writer: Writer): ManagedFieldsEntry[] {
  const managers = decode(entries);
  const id = identity(writer);
  const before = live ? stripped(live, writer.subresource, kind.hasStatus) : {};
  const after = stripped(next, writer.subresource, kind.hasStatus);
  const { conflicts, changed } = reconcile(managers, before, after, kind.schema, id);
  for (const fields of conflicts.values()) dropFromOthers(managers, id, fields);
  dropFromOthers(managers, id, changed.removed);
  const own = (managers.get(id)?.set ?? FieldSet.empty()).difference(changed.removed).union(changed.modified).union(changed.added);
  setOwnership(managers, writer, own);
  return encode(managers);
}

/** The managedFields of an object created by an apply. */
export function appliedManagedFields(kind: Kind, config: Json, writer: Writer): ManagedFieldsEntry[] {
  const managers = new Map<string, Manager>();
  setOwnership(managers, writer, toFieldSet(stripped(config, writer.subresource, kind.hasStatus), kind.schema));
  return encode(managers);
}

/**
 * Updater.Apply: the configuration merged into the live object, the fields this manager applied
 * before and omits now removed unless another manager owns them, and its ownership set to what it
 * applied. Fields others own and this apply changes are a 409 unless `force`, which takes them over.
 */
export function applyConfiguration(kind: Kind, live: Json, config: Json, writer: Writer, force: boolean): { object: Json; managedFields: ManagedFieldsEntry[] } {
  const managers = decode((live.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields);
  const id = identity(writer);
  const previous = managers.get(id)?.set ?? FieldSet.empty();
  const applied = toFieldSet(stripped(config, writer.subresource, kind.hasStatus), kind.schema);
  let object = merge(live, config, kind.schema) as Json;
  let others = FieldSet.empty();
  for (const [other, m] of managers) if (other !== id) others = others.union(m.set);
  const dropped = previous
    .difference(applied)
    .paths()
    .filter((p) => !others.touches(p));
  object = removePaths(object, dropped, kind.schema) as Json;
  setOwnership(managers, writer, applied);
  const { conflicts, changed } = reconcile(managers, stripped(live, writer.subresource, kind.hasStatus), stripped(object, writer.subresource, kind.hasStatus), kind.schema, id);
  if (conflicts.size > 0 && !force) throw conflictError(managers, conflicts);
  for (const fields of conflicts.values()) dropFromOthers(managers, id, fields);
  dropFromOthers(managers, id, changed.removed);
  return { object, managedFields: encode(managers) };
}

/** printManager: "name", with its subresource, and for Update its apiVersion. */
function printManager(m: Manager): string {
  let out = JSON.stringify(m.manager);
  if (m.subresource) out += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') out += ` using ${m.apiVersion}`;
  return out;
}

/** NewConflictError: 409 Conflict, one cause per field, the message grouped by manager in identifier order. */
function conflictError(managers: Map<string, Manager>, conflicts: Map<string, FieldSet>): StatusError {
  const ids = [...conflicts.keys()].sort();
  const all: { manager: Manager; path: FieldPath }[] = ids.flatMap((id) =>
    conflicts
      .get(id)!
      .paths()
      .map((path) => ({ manager: managers.get(id)!, path })),
  );
  let message: string;
  if (all.length === 1) message = `Apply failed with 1 conflict: conflict with ${printManager(all[0].manager)}: ${pathString(all[0].path)}`;
  else {
    const lines = ids.flatMap((id) => [
      `conflicts with ${printManager(managers.get(id)!)}:`,
      ...conflicts
        .get(id)!
        .paths()
        .map((p) => `- ${pathString(p)}`),
    ]);
    message = `Apply failed with ${all.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: { causes: all.map(({ manager, path }) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(manager)}`, field: pathString(path) })) },
    code: 409,
  });
}
