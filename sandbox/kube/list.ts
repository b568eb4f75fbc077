/**
 * LIST as the API server serves it from etcd: label and field selectors,
 * limit/continue pages over a consistent snapshot, remainingItemCount and the
 * resourceVersion/resourceVersionMatch rules.
 *
 * Snapshots are sorted arrays of a kind's objects at one resourceVersion.
 * The newest is patched forward from the store's change history rather than
 * re-sorted, so paging 150,000 pods costs one sort, not one per page. A
 * bounded number are kept, like etcd's compaction window: a continue token
 * older than that gets 410 Expired.
 */
import { FieldSelectorError, parseFieldSelector, selectableFields, validateFieldSelector, matchesFields, type FieldRequirement } from '@/lib/k8s/field-selector';
import { LabelSelectorError, matchesLabels, parseLabelSelector, type Requirement } from '@/lib/k8s/label-selector';
import { groupVersion, storageKey, type ResourceType } from './resources';
import { StatusError, statusErrors, type Status } from './status';
import type { KubeObject, Store } from './store';

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface KubeList {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: KubeObject[];
}

// ---------------------------------------------------------------------------
// Selectors

export interface CompiledSelector {
  labels: Requirement[];
  fields: FieldRequirement[];
  /** No label or field requirement: everything matches. */
  empty: boolean;
  matches(obj: KubeObject): boolean;
}

/** crConverter.ConvertFieldLabel: a custom resource is selectable by its name, and by its namespace when namespaced. */
function customFieldSelector(type: ResourceType, requirements: FieldRequirement[]): FieldRequirement[] {
  for (const req of requirements) {
    if (req.field !== 'metadata.name' && !(type.namespaced && req.field === 'metadata.namespace')) throw new FieldSelectorError(`field label not supported: ${req.field}`);
  }
  return requirements;
}

/** Parses both selectors as the API server does, throwing its 400 for a malformed or unsupported one. */
export function compileSelector(type: ResourceType, labelSelector: string | undefined, fieldSelector: string | undefined): CompiledSelector {
  let labels: Requirement[];
  let fields: FieldRequirement[];
  try {
    labels = parseLabelSelector(labelSelector ?? '');
    fields = type.crd ? customFieldSelector(type, parseFieldSelector(fieldSelector ?? '')) : validateFieldSelector(type, parseFieldSelector(fieldSelector ?? ''));
  } catch (e) {
    if (e instanceof LabelSelectorError || e instanceof FieldSelectorError) throw statusErrors.badRequest(e.message);
    throw e;
  }
  const empty = labels.length === 0 && fields.length === 0;
  return {
    labels,
    fields,
    empty,
    matches: (obj) => (labels.length === 0 || matchesLabels(labels, obj.metadata.labels)) && (fields.length === 0 || matchesFields(fields, selectableFields(type, obj))),
  };
}

// ---------------------------------------------------------------------------
// Snapshots

interface Snapshot {
  rv: number;
  /** "namespace/name" (or "name" for cluster-scoped kinds), sorted like etcd keys. */
  keys: string[];
  objects: KubeObject[];
  /** When it was taken, in real time: retention follows etcd's wall-clock compaction. */
  takenAt: number;
}

interface Snapshots {
  byRv: Map<number, Snapshot>;
  latest?: Snapshot;
}

/** How long, and how many, snapshots stay available to continue tokens. */
const RETENTION_MS = 5 * 60_000;
const MAX_SNAPSHOTS = 16;

const cache = new WeakMap<Store, Map<string, Snapshots>>();

function snapshotsOf(store: Store, resource: string): Snapshots {
  let byResource = cache.get(store);
  if (!byResource) cache.set(store, (byResource = new Map()));
  let s = byResource.get(resource);
  if (!s) byResource.set(resource, (s = { byRv: new Map() }));
  return s;
}

function keyOf(obj: KubeObject): string {
  return obj.metadata.namespace !== undefined ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function build(store: Store, resource: string, rv: number): Snapshot {
  const entries: [string, KubeObject][] = [];
  for (const obj of store.each(resource)) entries.push([keyOf(obj), obj]);
  entries.sort((a, b) => compareKeys(a[0], b[0]));
  return { rv, keys: entries.map((e) => e[0]), objects: entries.map((e) => e[1]), takenAt: Date.now() };
}

/** The previous snapshot moved forward by the changes since it, in one merge pass. */
function patch(prev: Snapshot, changed: Map<string, KubeObject | null>, rv: number): Snapshot {
  const changedKeys = [...changed.keys()].sort(compareKeys);
  const keys: string[] = [];
  const objects: KubeObject[] = [];
  let i = 0;
  for (const key of changedKeys) {
    const at = lowerBound(prev.keys, key);
    for (; i < at; i++) {
      keys.push(prev.keys[i]);
      objects.push(prev.objects[i]);
    }
    if (i < prev.keys.length && prev.keys[i] === key) i++;
    const obj = changed.get(key);
    if (obj) {
      keys.push(key);
      objects.push(obj);
    }
  }
  for (; i < prev.keys.length; i++) {
    keys.push(prev.keys[i]);
    objects.push(prev.objects[i]);
  }
  return { rv, keys, objects, takenAt: Date.now() };
}

function remember(s: Snapshots, snap: Snapshot, rv: number): void {
  s.byRv.set(rv, snap);
  s.latest = snap;
  const cutoff = Date.now() - RETENTION_MS;
  for (const [r, old] of s.byRv) {
    if (s.byRv.size <= 1) break;
    if (old.takenAt < cutoff || s.byRv.size > MAX_SNAPSHOTS) s.byRv.delete(r);
  }
}

/** The kind's objects as of the store's current resourceVersion. */
function currentSnapshot(store: Store, type: ResourceType): Snapshot {
  const resource = storageKey(type);
  const s = snapshotsOf(store, resource);
  const rv = store.resourceVersion;
  const existing = s.byRv.get(rv);
  if (existing) return existing;
  const prev = s.latest;
  let snap: Snapshot | undefined;
  if (prev && prev.rv <= rv && prev.rv >= store.oldestWatchableResourceVersion) {
    const changed = new Map<string, KubeObject | null>();
    for (const e of store.changesSince(prev.rv)) {
      if (e.resource === resource) changed.set(keyOf(e.object), e.type === 'DELETED' ? null : e.object);
    }
    if (changed.size === 0) snap = prev;
    else if (changed.size < prev.keys.length / 4) snap = patch(prev, changed, rv);
  }
  snap ??= build(store, resource, rv);
  // An unchanged kind keeps one snapshot under several resourceVersions.
  const stored = snap === prev ? { ...prev, rv, takenAt: Date.now() } : snap;
  remember(s, stored, rv);
  return stored;
}

/** The kind's current objects in one namespace (or all), in etcd key order, from the shared snapshot. */
export function currentObjects(store: Store, type: ResourceType, namespace: string | undefined): { rv: number; objects: KubeObject[] } {
  const snap = currentSnapshot(store, type);
  if (!type.namespaced || namespace === undefined) return { rv: snap.rv, objects: snap.objects };
  const from = lowerBound(snap.keys, `${namespace}/`);
  const end = lowerBound(snap.keys, `${namespace}0`);
  return { rv: snap.rv, objects: snap.objects.slice(from, end) };
}

/** The kind at an older resourceVersion within the watch window: the current snapshot with the later changes undone. */
function snapshotAt(store: Store, type: ResourceType, rv: number): Snapshot | undefined {
  if (rv < store.oldestWatchableResourceVersion) return undefined;
  const resource = storageKey(type);
  const current = currentSnapshot(store, type);
  const changes = store.changesSince(rv);
  const replaced = store.replacedSince(rv);
  const before = new Map<string, KubeObject | null>();
  changes.forEach((e, i) => {
    const key = keyOf(e.object);
    // What a key held at `rv` is what the first change after it replaced.
    if (e.resource === resource && !before.has(key)) before.set(key, replaced[i]);
  });
  return before.size === 0 ? { ...current, rv } : patch(current, before, rv);
}

function retainedSnapshot(store: Store, type: ResourceType, rv: number): Snapshot | undefined {
  const s = snapshotsOf(store, storageKey(type));
  const snap = s.byRv.get(rv);
  if (snap && snap.takenAt >= Date.now() - RETENTION_MS) return snap;
  if (rv === store.resourceVersion) return currentSnapshot(store, type);
  return undefined;
}

// ---------------------------------------------------------------------------
// Continue tokens (storage.EncodeContinue / DecodeContinue)

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

export function encodeContinue(start: string, rv: number): string {
  const token: ContinueToken = { v: 'meta.k8s.io/v1', rv, start };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function invalidContinue(detail: string): StatusError {
  return statusErrors.badRequest(`invalid continue token: continue key is not valid: ${detail}`);
}

function decodeContinue(value: string): { start: string; rv: number } {
  const bad = value.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0 || value.length % 4 === 1) throw invalidContinue(`illegal base64 data at input byte ${bad >= 0 ? bad : value.length - 1}`);
  let token: Partial<ContinueToken>;
  try {
    token = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (token === null || typeof token !== 'object') throw new Error('not an object');
  } catch (e) {
    throw invalidContinue((e as Error).message);
  }
  if (token.v !== 'meta.k8s.io/v1') throw invalidContinue(`server does not recognize this encoded version ${JSON.stringify(token.v ?? '')}`);
  if (!token.rv) throw invalidContinue('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!token.start) throw invalidContinue('encoded start key empty (version meta.k8s.io/v1)');
  // path.Clean must leave the key as it is, so a token cannot reach outside the listed prefix.
  const key = token.start.startsWith('/') ? token.start : `/${token.start}`;
  if (/\/\.{1,2}(\/|$)/.test(key) || key.includes('//') || (key.length > 1 && key.endsWith('/'))) throw invalidContinue(token.start);
  return { start: key.slice(1), rv: token.rv };
}

/** 410 Expired for a compacted continue token, carrying a token that resumes at the latest state. */
function expiredContinue(start: string): StatusError {
  const err = statusErrors.expiredContinue();
  (err.status as Omit<Status, 'metadata'> & { metadata: { continue?: string } }).metadata = { continue: encodeContinue(start, -1) };
  return err;
}

// ---------------------------------------------------------------------------
// resourceVersion and resourceVersionMatch

export interface ListOptionsCause {
  field: string;
  reason: 'FieldValueForbidden' | 'FieldValueNotSupported';
  /** The field error's body, e.g. "Forbidden: ..." */
  body: string;
}

/** 422 for invalid list or watch options, as errors.NewInvalid words it for meta.k8s.io ListOptions. */
export function invalidListOptions(causes: ListOptionsCause[]): StatusError {
  const texts = causes.map((c) => `${c.field}: ${c.body}`);
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `ListOptions.meta.k8s.io "" is invalid: ${texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`}`,
    reason: 'Invalid',
    details: { group: 'meta.k8s.io', kind: 'ListOptions', causes: causes.map((c) => ({ reason: c.reason, message: c.body, field: c.field })) },
    code: 422,
  });
}

const forbidden = (field: string, detail: string): ListOptionsCause => ({ field, reason: 'FieldValueForbidden', body: `Forbidden: ${detail}` });

function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Timeout: Too large resource version: ${requested}, current: ${current}`,
    reason: 'Timeout',
    details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
    code: 504,
  });
}

export function parseResourceVersion(raw: string): number {
  if (!/^[0-9]+$/.test(raw)) throw statusErrors.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}

function validate(query: ListQuery): void {
  const match = query.resourceVersionMatch;
  if (match) {
    const causes: ListOptionsCause[] = [];
    if (!query.resourceVersion) causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (query.continue) causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match === 'Exact' && query.resourceVersion === '0') causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    if (match !== 'Exact' && match !== 'NotOlderThan') {
      causes.push({ field: 'resourceVersionMatch', reason: 'FieldValueNotSupported', body: `Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan", ""` });
    }
    if (causes.length > 0) throw invalidListOptions(causes);
  }
  if (query.continue && query.resourceVersion && query.resourceVersion !== '0') {
    throw statusErrors.badRequest('specifying resource version is not allowed when using continue');
  }
  if (query.limit !== undefined && query.limit < 0) throw statusErrors.badRequest('limit must be a non-negative integer');
}

/** Which snapshot a first page is served from. */
function snapshotFor(store: Store, type: ResourceType, query: ListQuery): Snapshot {
  const raw = query.resourceVersion ?? '';
  if (raw === '' || raw === '0') return currentSnapshot(store, type);
  const rv = parseResourceVersion(raw);
  const current = store.resourceVersion;
  if (rv > current) throw tooLargeResourceVersion(rv, current);
  if (query.resourceVersionMatch !== 'Exact') return currentSnapshot(store, type);
  // etcd answers within its compaction window, which the sandbox makes the watch window.
  const snap = retainedSnapshot(store, type, rv) ?? snapshotAt(store, type, rv);
  if (!snap) throw new StatusError({ ...statusErrors.expiredContinue().status, message: 'The resourceVersion for the provided list is too old.' });
  return snap;
}

// ---------------------------------------------------------------------------

/**
 * Lists a kind (in one namespace, or all when `namespace` is undefined) the
 * way the API server answers GET .../pods?labelSelector=&limit=&continue=.
 * Items are the stored objects in etcd key order.
 */
export function listObjects(store: Store, type: ResourceType, namespace: string | undefined, query: ListQuery): KubeList {
  validate(query);
  const selector = compileSelector(type, query.labelSelector, query.fieldSelector);
  const prefix = type.namespaced && namespace !== undefined ? `${namespace}/` : '';

  let snap: Snapshot;
  let startKey = prefix;
  if (query.continue) {
    const token = decodeContinue(query.continue);
    const found = token.rv < 0 ? currentSnapshot(store, type) : retainedSnapshot(store, type, token.rv);
    if (!found) throw expiredContinue(token.start);
    snap = found;
    startKey = prefix + token.start;
  } else {
    snap = snapshotFor(store, type, query);
  }

  const { keys, objects } = snap;
  let from = lowerBound(keys, startKey);
  // Keys under "ns/" sort before "ns0", so one namespace is one contiguous range.
  const end = prefix ? lowerBound(keys, `${prefix.slice(0, -1)}0`) : keys.length;
  // The watch cache answers resourceVersion=0 in full, without pages.
  const limit = query.limit && query.limit > 0 && query.resourceVersion !== '0' ? query.limit : undefined;

  const items: KubeObject[] = [];
  let last = -1;
  for (; from < end; from++) {
    if (limit !== undefined && items.length >= limit) break;
    last = from;
    const obj = objects[from];
    if (selector.empty || selector.matches(obj)) items.push(obj);
  }

  const metadata: ListMeta = { resourceVersion: String(snap.rv) };
  if (limit !== undefined && from < end && last >= 0) {
    metadata.continue = encodeContinue(`${keys[last].slice(prefix.length)}\u0000`, snap.rv);
    if (selector.empty) metadata.remainingItemCount = end - last - 1;
  }
  return { apiVersion: groupVersion(type), kind: `${type.kind}List`, metadata, items };
}
