import 'server-only';
/**
 * Any resource's list as `kubectl get` prints it: the API server's own meta.k8s.io/v1 Table
 * (server-side printing, a CRD's additionalPrinterColumns included), one row per object with the
 * object's metadata beside its cells.
 */
import { consoleErrors } from '../errors';
import type { KubeClient, Query, ResourceRef } from './client';
import { isForbidden } from './errors';
import { BY_NAMESPACE, decodeToken, encodeToken, listableNamespaces, olderResourceVersion, type ByNamespaceToken, type ListMeta, type ObjectMeta, type Omitted } from './pods';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** includeObject=Metadata: each row carries the object's metadata, not the whole object. */
export const TABLE_QUERY: Query = { includeObject: 'Metadata' };

/** meta/v1 TableColumnDefinition; priority > 0 is what `kubectl get -o wide` adds. */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A cell as the API server printed it: text, a number, a boolean, or null for none. */
export type TableCell = string | number | boolean | null;

/** meta/v1 Table as the API server sends it. */
export interface KubeTable {
  kind?: string;
  metadata?: ListMeta;
  columnDefinitions?: TableColumn[] | null;
  rows?: { cells?: unknown[]; object?: { metadata?: ObjectMeta } }[] | null;
}

export interface ResourceRow {
  name: string;
  /** "" for a cluster-scoped object. */
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  creationTimestamp: string;
  cells: TableCell[];
}

export interface ResourceTable {
  columns: TableColumn[];
  rows: ResourceRow[];
  continue?: string;
  resourceVersion?: string;
  remainingItemCount?: number;
  /** All namespaces for a caller who may not list the resource cluster-wide: the namespaces left out, and why. */
  omitted?: Omitted[];
}

const cell = (value: unknown): TableCell => (value === undefined || value === null ? null : typeof value === 'object' ? JSON.stringify(value) : (value as TableCell));

export function tableColumns(table: KubeTable): TableColumn[] {
  return (table.columnDefinitions ?? []).map((c) => ({ name: c.name, type: c.type ?? 'string', format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }));
}

/** The rows of a Table, each with the name, namespace, uid, labels and creation time of its object's metadata. */
export function tableRows(table: KubeTable): ResourceRow[] {
  return (table.rows ?? []).map((row) => {
    const meta = row.object?.metadata ?? {};
    return {
      name: meta.name ?? '',
      namespace: meta.namespace ?? '',
      uid: meta.uid ?? '',
      labels: meta.labels ?? {},
      creationTimestamp: meta.creationTimestamp ?? '',
      cells: (row.cells ?? []).map(cell),
    };
  });
}

export interface TableListQuery {
  /** Undefined: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

type Collection = Omit<ResourceRef, 'namespace' | 'name'>;

async function tablePage(client: KubeClient, ref: Collection, namespace: string | undefined, query: TableListQuery, upstream: string | undefined): Promise<ResourceTable> {
  const table = await client.get<KubeTable>(
    { ...ref, namespace },
    { ...TABLE_QUERY, labelSelector: query.labelSelector || undefined, fieldSelector: query.fieldSelector || undefined, limit: query.limit, continue: upstream },
    { accept: TABLE_ACCEPT },
  );
  const meta = table.metadata ?? {};
  return {
    columns: tableColumns(table),
    rows: tableRows(table),
    ...(meta.continue ? { continue: meta.continue } : {}),
    ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
    ...(meta.remainingItemCount !== undefined && meta.remainingItemCount !== null ? { remainingItemCount: meta.remainingItemCount } : {}),
  };
}

async function spread(client: KubeClient, ref: Collection, query: TableListQuery, token: ByNamespaceToken): Promise<ResourceTable> {
  const omitted = [...token.omitted];
  let { index: at, upstream, resourceVersion } = token;
  while (at < token.namespaces.length) {
    const namespace = token.namespaces[at];
    try {
      const page = await tablePage(client, ref, namespace, query, upstream);
      resourceVersion = olderResourceVersion(resourceVersion, page.resourceVersion);
      upstream = page.continue;
      if (!upstream) at += 1;
      const next = at < token.namespaces.length ? encodeToken({ ...token, omitted, index: at, upstream, resourceVersion }) : undefined;
      return { columns: page.columns, rows: page.rows, ...(next ? { continue: next } : {}), ...(resourceVersion ? { resourceVersion } : {}), omitted };
    } catch (err) {
      if (!isForbidden(err)) throw err;
      omitted.push({ name: namespace, reason: err.message });
      at += 1;
      upstream = undefined;
    }
  }
  // Every remaining namespace refused: no rows, and no columns since no API server printed any.
  return { columns: [], rows: [], ...(resourceVersion ? { resourceVersion } : {}), omitted };
}

/**
 * One page of a resource's Table. Every namespace of a namespaced resource: one cluster-wide list
 * when the caller may; otherwise their namespaces one by one, with those left out named in `omitted`.
 */
export async function listTable(client: KubeClient, ref: Collection & { namespaced: boolean }, query: TableListQuery): Promise<ResourceTable> {
  const { namespaced, ...collection } = ref;
  const namespace = namespaced ? query.namespace : undefined;
  if (query.continue?.startsWith(BY_NAMESPACE)) {
    if (namespace !== undefined || !namespaced) throw consoleErrors.badRequest('invalid continue token');
    return spread(client, collection, query, decodeToken(query.continue));
  }
  try {
    return await tablePage(client, collection, namespace, query, query.continue);
  } catch (err) {
    if (!namespaced || namespace !== undefined || query.continue || !isForbidden(err)) throw err;
  }
  const { namespaces, omitted } = await listableNamespaces(client, { tryDenied: true });
  return spread(client, collection, query, { namespaces, omitted, index: 0 });
}

/** Every page of a Table listing in order, the next asked for as soon as the current one arrives. */
export async function* listTablePages(
  client: KubeClient,
  ref: Collection & { namespaced: boolean },
  query: Omit<TableListQuery, 'limit' | 'continue'>,
  sizes: { first: number; next: number },
): AsyncGenerator<ResourceTable> {
  let pending: Promise<ResourceTable> | undefined = listTable(client, ref, { ...query, limit: sizes.first });
  let columns: TableColumn[] = [];
  try {
    while (pending) {
      const page: ResourceTable = await pending;
      pending = page.continue ? listTable(client, ref, { ...query, limit: sizes.next, continue: page.continue }) : undefined;
      pending?.catch(() => undefined);
      // A namespace that refused keeps the columns the last one printed.
      if (page.columns.length) columns = page.columns;
      yield { ...page, columns };
    }
  } finally {
    pending?.catch(() => undefined);
  }
}
