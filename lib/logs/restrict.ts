import { parseQuery, QueryCompileError, type Command, type Query } from '../logs-insights';

/**
 * Which container log records a user may read: every namespace's, or only those of the
 * namespaces in which the API server lets them `get pods/log`.
 */
export type LogAccess = { clusterWide: true } | { clusterWide: false; namespaces: string[] };

/** The field Fluentd's kubernetes_metadata filter puts each container's namespace in. */
export const NAMESPACE_FIELD = 'kubernetes.namespace_name';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Line breaks other than \n, NUL and other control characters could end a `#` comment for the service where they do not for this parser.
// eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/;

export class QueryRefused extends Error {}

/** The stage every restricted query starts with. */
export function restrictionStage(namespaces: string[]): string {
  for (const n of namespaces) if (!DNS_LABEL.test(n)) throw new QueryRefused(`"${n}" is not a namespace name`);
  const list = namespaces.map((n) => `"${n}"`).join(', ');
  return `filter ${NAMESPACE_FIELD} in [${list}]\n| `;
}

/** The AST without source positions, for comparing two parses of the same commands. */
function shape(value: unknown): unknown {
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'start' && k !== 'end') out[k] = shape(v);
    return out;
  }
  return value;
}

function isRestrictionStage(c: Command, namespaces: string[]): boolean {
  if (c.command !== 'filter' || c.expr.type !== 'in' || c.expr.negate) return false;
  const { left, list } = c.expr;
  if (left.type !== 'field' || left.name !== NAMESPACE_FIELD || list.type !== 'list') return false;
  const values = list.items.map((i) => (i.type === 'literal' && typeof i.value === 'string' ? i.value : null));
  return values.length === namespaces.length && values.every((v, i) => v === namespaces[i]);
}

export interface RestrictedQuery {
  /** The text to send to the service. */
  queryString: string;
  /** The user's query as parsed, for its columns and errors. */
  query: Query;
  /** How many characters precede the user's text in queryString: the service's error offsets minus this point into the user's text. */
  offset: number;
}

/**
 * The user's query, parsed, and, for a user without cluster-wide access, the same query behind
 * a first stage that keeps only their namespaces' records. The combined text is parsed again and
 * must be exactly that stage followed by the user's own commands, so nothing in the user's text
 * (comments, strings, quotes, a command this parser does not know) can reach the stage.
 * Throws QueryCompileError for a query that does not compile, QueryRefused for one that cannot be restricted.
 */
export function restrictQuery(text: string, access: LogAccess): RestrictedQuery {
  const query = parseQuery(text);
  if (access.clusterWide) return { queryString: text, query, offset: 0 };
  const bad = UNSAFE_CHARACTERS.exec(text);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).padStart(4, '0');
    throw new QueryRefused(`the query contains the control character U+${code.toUpperCase()} at offset ${bad.index}; remove it`);
  }
  if (access.namespaces.length === 0) throw new QueryRefused('you may not read the logs of any namespace (get pods/log)');
  const stage = restrictionStage(access.namespaces);
  const queryString = stage + text;
  let combined: Query;
  try {
    combined = parseQuery(queryString);
  } catch (e) {
    if (e instanceof QueryCompileError) throw new QueryRefused('the query could not be limited to your namespaces');
    throw e;
  }
  const [first, ...rest] = combined.commands;
  const exact = isRestrictionStage(first, access.namespaces) && JSON.stringify(shape(rest)) === JSON.stringify(shape(query.commands)) && combined.warnings.length === query.warnings.length;
  if (!exact) throw new QueryRefused('the query could not be limited to your namespaces');
  return { queryString, query, offset: stage.length };
}

/** The namespace of a Container Insights log stream (`<host>-application.var.log.containers.<pod>_<namespace>_<container>-<id>.log`), when the name has one. */
export function streamNamespace(logStream: string): string | undefined {
  const m = /(?:^|\.)containers\.[^_/]+_([a-z0-9]([-a-z0-9]*[a-z0-9])?)_[^_]+$/.exec(logStream) ?? /^[^_]+_([a-z0-9]([-a-z0-9]*[a-z0-9])?)_[^_]+$/.exec(logStream);
  return m?.[1];
}

/**
 * Whether a result row may be shown: a second check behind the query's first stage. A row that
 * shows a namespace, a log stream of a namespace, or a message whose namespace is not the user's is dropped.
 */
export function rowAllowed(row: { field: string; value: string }[], access: LogAccess): boolean {
  if (access.clusterWide) return true;
  const allowed = new Set(access.namespaces);
  for (const { field, value } of row) {
    if (field === NAMESPACE_FIELD && !allowed.has(value)) return false;
    if (field === '@logStream') {
      const ns = streamNamespace(value);
      if (ns !== undefined && !allowed.has(ns)) return false;
    }
    if (field === '@message') {
      const ns = messageNamespace(value);
      if (ns !== undefined && !allowed.has(ns)) return false;
    }
  }
  return true;
}

/** `kubernetes.namespace_name` of a Fluentd JSON message, when it is one. */
export function messageNamespace(message: string): string | undefined {
  if (!message.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(message) as { kubernetes?: { namespace_name?: unknown } };
    const ns = parsed?.kubernetes?.namespace_name;
    return typeof ns === 'string' ? ns : undefined;
  } catch {
    return undefined;
  }
}
