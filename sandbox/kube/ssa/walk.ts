/**
 * An object walked by its schema: the field paths it sets (ToFieldSet), how
 * two versions of it differ (Compare), the merge of an applied configuration
 * into the live object (Merge), and removing paths from it (RemoveItems).
 */
import { FieldSet, type FieldPath } from './fieldset';
import { definitions } from '../http/openapi';
import { definitionOf, isAtomicMapField, keyElement, shapeOf, type Schema } from './schema';

type Json = unknown;
type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A member path and, for leaves, the value it holds. */
interface Entry {
  path: FieldPath;
  leaf: boolean;
  value?: Json;
}

/** The schema of a struct's field, or of a map's values, with the owning definition for list-map keys. */
interface Context {
  schema: Schema | undefined;
  field?: string;
  owner?: string;
}

function childContexts(value: Json, ctx: Context): { element: string; value: Json; ctx: Context }[] | 'leaf' {
  if (ctx.field && isAtomicMapField(ctx.owner, ctx.field)) return 'leaf';
  const shape = shapeOf(ctx.schema, ctx.field, ctx.owner);
  switch (shape.kind) {
    case 'struct': {
      if (!isObject(value) || Object.keys(value).length === 0) return 'leaf';
      const owner = definitionOf(ctx.schema);
      return Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => ({ element: `f:${k}`, value: v, ctx: { schema: shape.fields[k], field: k, owner } }));
    }
    case 'map':
      if (!isObject(value)) return 'leaf';
      return Object.entries(value).map(([k, v]) => ({ element: `f:${k}`, value: v, ctx: { schema: shape.values } }));
    case 'associative':
      if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) return 'leaf';
      return value.map((item) => ({ element: keyElement(item, shape.keys), value: item, ctx: { schema: shape.items } }));
    case 'set':
      if (!Array.isArray(value)) return 'leaf';
      return value.map((item) => ({ element: `v:${JSON.stringify(item)}`, value: item, ctx: { schema: undefined } }));
    default:
      return 'leaf';
  }
}

/**
 * Which inner nodes are members themselves. An applied configuration's set (ToFieldSet) has its
 * leaves and list items. An update's (Compare against the old object) also has each map and each
 * optional list it adds, since the typed old object holds the required ones, empty, already.
 */
function isMemberNode(ctx: Context, element: string, mode: Mode): boolean {
  if (element.startsWith('k:')) return true;
  if (mode === 'apply') return false;
  const shape = shapeOf(ctx.schema, ctx.field, ctx.owner);
  if (shape.kind === 'map') return true;
  if (shape.kind !== 'associative' && shape.kind !== 'set') return false;
  const required = ctx.owner ? ((definitions()[ctx.owner]?.required as string[] | undefined) ?? []) : [];
  return !required.includes(ctx.field ?? '');
}

type Mode = 'apply' | 'update';

function flatten(value: Json, ctx: Context, path: FieldPath, out: Entry[], mode: Mode): void {
  const children = childContexts(value, ctx);
  if (children === 'leaf') {
    if (path.length > 0) out.push({ path, leaf: true, value });
    return;
  }
  if (path.length > 0 && isMemberNode(ctx, path[path.length - 1], mode)) out.push({ path, leaf: false });
  for (const child of children) flatten(child.value, child.ctx, [...path, child.element], out, mode);
}

export function entries(obj: Json, root: Schema | undefined, mode: Mode = 'update'): Entry[] {
  const out: Entry[] = [];
  flatten(obj, { schema: root }, [], out, mode);
  return out;
}

/** ToFieldSet of an applied configuration. */
export function toFieldSet(obj: Json, root: Schema | undefined): FieldSet {
  return FieldSet.fromPaths(entries(obj, root, 'apply').map((e) => e.path));
}

function canonical(value: Json): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** typed.Compare: the paths only `after` has, those only `before` has, and the leaves whose values differ. */
export function compare(before: Json, after: Json, root: Schema | undefined): Comparison {
  const key = (p: FieldPath) => p.join('\u0000');
  const old = new Map(entries(before, root).map((e) => [key(e.path), e]));
  const now = new Map(entries(after, root).map((e) => [key(e.path), e]));
  const added: FieldPath[] = [];
  const modified: FieldPath[] = [];
  const removed: FieldPath[] = [];
  for (const [k, e] of now) {
    const prev = old.get(k);
    if (!prev) added.push(e.path);
    else if ((e.leaf || prev.leaf) && canonical(e.value) !== canonical(prev.value)) modified.push(e.path);
  }
  for (const [k, e] of old) if (!now.has(k)) removed.push(e.path);
  return { added: FieldSet.fromPaths(added), modified: FieldSet.fromPaths(modified), removed: FieldSet.fromPaths(removed) };
}

/** typed.Merge: the applied configuration laid over the live object, lists merged by their keys, atomic values replaced. */
export function merge(live: Json, config: Json, root: Schema | undefined): Json {
  return mergeValue(live, config, { schema: root });
}

function mergeValue(live: Json, config: Json, ctx: Context): Json {
  if (config === undefined) return live;
  const children = childContexts(config, ctx);
  if (children === 'leaf') return structuredClone(config);
  const shape = shapeOf(ctx.schema, ctx.field, ctx.owner);
  if (shape.kind === 'associative' || shape.kind === 'set') {
    const liveItems = Array.isArray(live) ? live : [];
    const liveChildren = childContexts(liveItems, ctx);
    const liveElements = liveChildren === 'leaf' ? [] : liveChildren.map((c) => c.element);
    const out = [...liveItems];
    for (const child of children) {
      const at = liveElements.indexOf(child.element);
      if (at >= 0) out[at] = mergeValue(liveItems[at], child.value, child.ctx);
      else out.push(structuredClone(child.value));
    }
    return out;
  }
  const out: JsonObject = isObject(live) ? { ...live } : {};
  for (const child of children) {
    const name = child.element.slice(2);
    if (child.value === null) delete out[name];
    else out[name] = mergeValue(out[name], child.value, child.ctx);
  }
  return out;
}

/** Removes each path of `paths` (with whatever is under it) from `obj`. */
export function removePaths(obj: Json, paths: FieldPath[], root: Schema | undefined): Json {
  let out = structuredClone(obj);
  // Deepest first, so an item's index is still right when its parent list is visited.
  for (const path of [...paths].sort((a, b) => b.length - a.length)) out = removeAt(out, path, { schema: root });
  return out;
}

function removeAt(value: Json, path: FieldPath, ctx: Context): Json {
  if (path.length === 0) return value;
  const children = childContexts(value, ctx);
  if (children === 'leaf') return value;
  const index = children.findIndex((c) => c.element === path[0]);
  if (index < 0) return value;
  const child = children[index];
  if (Array.isArray(value)) {
    if (path.length === 1) return value.filter((_, i) => i !== index);
    return value.map((item, i) => (i === index ? removeAt(item, path.slice(1), child.ctx) : item));
  }
  const out = { ...(value as JsonObject) };
  const name = child.element.slice(2);
  if (path.length === 1) delete out[name];
  else out[name] = removeAt(out[name], path.slice(1), child.ctx);
  return out;
}
