import type { Command, Expr, Query } from './ast';
import { Aggregation, type PartialGroups } from './aggregate';
import { compileExpr, fieldsOf, type Evaluator } from './compile';
import { parseQuery } from './parser';
import { prefilter, type Prefilter } from './prefilter';
import { escapeRegex, linearRegex, type LinearRegex } from './regex';
import { FieldDiscovery, LogRecord, type LogEvent } from './record';
import { fromJson, sortCompare, Structure, toStr, truthy, type Value } from './values';

/** Rows a query returns when it sets no limit of its own. */
export const DEFAULT_LIMIT = 10_000;

export interface ResultField {
  field: string;
  value: string;
}

export interface QueryStatistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

export interface QueryOptions {
  /** Account shown in @log (`account-id:log-group-name`); without it @log is the group name alone. */
  accountId?: string;
}

/**
 * What a run of a stats query gathered over part of the input, as plain data
 * (structured-cloneable, for another thread) that `QueryRun.merge` adds up.
 */
export interface PartialRun extends PartialGroups {
  statistics: QueryStatistics;
}

/** A row command on one record: keep it, drop it, or (unnest) replace it with several. */
type Stage = (record: LogRecord) => boolean | LogRecord[];
type SortKey = { evaluate: Evaluator; descending: boolean };

const DEFAULT_ORDER: SortKey[] = [{ evaluate: (r) => r.get('@timestamp'), descending: true }];

function sortRecords(records: LogRecord[], keys: SortKey[]): LogRecord[] {
  const decorated = records.map((record) => ({ record, values: keys.map((k) => k.evaluate(record)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      // Records without the field come last in either direction.
      if (x === null || y === null) {
        if (x === y) continue;
        return x === null ? 1 : -1;
      }
      const k = sortCompare(x, y);
      if (k !== 0) return keys[i].descending ? -k : k;
    }
    return 0;
  });
  return decorated.map((d) => d.record);
}

/** A parse glob: each `*` a lazy group, the last one greedy when the glob ends with it. */
function globRegex(glob: string): LinearRegex {
  const parts = glob.split('*').map(escapeRegex);
  let source = '';
  parts.forEach((p, i) => {
    source += p;
    if (i < parts.length - 1) source += i === parts.length - 2 && parts[parts.length - 1] === '' ? '(.*)' : '(.*?)';
  });
  return linearRegex(source, 's');
}

/**
 * The same pattern with its named groups made plain (or not captured, where
 * `used` says nothing reads the name), and each captured name's group
 * number: matching it builds no groups object. Null when the pattern refers
 * back to a group by name.
 */
export function numberedGroups(re: { source: string }, used: (name: string) => boolean = () => true): { source: string; numbers: Map<string, number> } | null {
  const source = re.source;
  if (source.includes('\\k<')) return null;
  const numbers = new Map<string, number>();
  let out = '';
  let count = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      const named = /^\?<([^=!>][^>]*)>/.exec(source.slice(i + 1));
      if (named) {
        // A group nothing reads need not be captured.
        if (used(named[1])) {
          numbers.set(named[1], ++count);
          out += '(';
        } else out += '(?:';
        i += named[0].length;
        continue;
      }
      if (source[i + 1] !== '?') count++;
    }
    out += c;
  }
  return { source: out, numbers };
}

/** Sets a field the query defines, its slot looked up once. */
function setter(name: string, discovery?: FieldDiscovery): (record: LogRecord, value: Value) => void {
  const slot = discovery?.slots.get(name);
  if (discovery === undefined || slot === undefined) return (r, v) => r.set(name, v);
  return (r, v) => r.setIn(discovery, slot, name, v);
}

/**
 * The per-record effect of a command that keeps the record stream a stream;
 * `discovery`: that of the records, if they share one; `read`: every name
 * the query reads, when known, so values nothing reads are not made.
 */
function rowStage(c: Command, discovery?: FieldDiscovery, read?: Set<string>): Stage | null {
  const compile = (e: Expr) => compileExpr(e, undefined, discovery);
  switch (c.command) {
    case 'filter': {
      const f = compile(c.expr);
      return (r) => truthy(f(r));
    }
    case 'fields': {
      const items = c.items.filter((i) => !(i.expr.type === 'field' && i.expr.name === i.name)).map((i) => ({ set: setter(i.name, discovery), evaluate: compile(i.expr) }));
      if (items.length === 0) return null;
      return (r) => {
        for (const item of items) item.set(r, item.evaluate(r));
        return true;
      };
    }
    case 'parse': {
      const source = compile(c.source);
      const numbered = c.regex ? numberedGroups(c.regex, (n) => read === undefined || read.has(n)) : null;
      if (numbered) {
        const re = linearRegex(numbered.source, c.regex!.flags);
        const names = [...numbered.numbers.keys()];
        const sets = names.map((n) => setter(n, discovery));
        const numbers = names.map((n) => numbered.numbers.get(n)!);
        return (r) => {
          const s = toStr(source(r));
          const m = s === null ? null : re.exec(s);
          if (m) {
            for (let i = 0; i < numbers.length; i++) {
              const v = m[numbers[i]];
              if (v !== undefined) sets[i](r, v);
            }
          }
          return true;
        };
      }
      const names = c.names;
      const sets = names.map((n) => setter(n, discovery));
      if (c.regex) {
        const re = c.regex;
        return (r) => {
          const s = toStr(source(r));
          const groups = s === null ? undefined : re.exec(s)?.groups;
          if (groups) {
            for (let i = 0; i < names.length; i++) {
              const v = groups[names[i]];
              if (v !== undefined) sets[i](r, v);
            }
          }
          return true;
        };
      }
      const re = globRegex(c.glob ?? '');
      return (r) => {
        const s = toStr(source(r));
        const m = s === null ? null : re.exec(s);
        if (m) for (let i = 0; i < sets.length; i++) sets[i](r, m[i + 1] ?? ''); // every glob group takes part in a match
        return true;
      };
    }
    case 'unnest': {
      const { field, into } = c;
      // A LIST gives a record per item; any other value is a list of one; a missing field, no record.
      return (r) => {
        const v = r.get(field);
        if (v === null) return false;
        const items = v instanceof Structure && Array.isArray(v.value) ? v.value.map(fromJson) : [v];
        return items.map((item) => {
          const copy = r.copy();
          copy.set(into, item);
          return copy;
        });
      };
    }
    default:
      // display only chooses columns; unmask shows masked data, and no data here is masked.
      return null;
  }
}

function isRowCommand(c: Command): boolean {
  return c.command !== 'stats' && c.command !== 'sort' && c.command !== 'limit' && c.command !== 'dedup';
}

/**
 * Filters written after a stats command that read none of its outputs filter
 * the events being aggregated, as the service runs `stats ... | filter log like /x/`.
 */
export function hoistFilters(commands: Command[]): Command[] {
  const out = [...commands];
  for (let s = 0; s < out.length; s++) {
    const c = out[s];
    if (c.command !== 'stats') continue;
    const produced = new Set([...c.by.map((b) => b.name), ...c.items.map((i) => i.name)]);
    let j = s + 1;
    while (j < out.length) {
      const f = out[j];
      if (f.command !== 'filter' || [...fieldsOf(f.expr)].some((n) => produced.has(n))) break;
      out.splice(j, 1);
      out.splice(s, 0, f);
      s++;
      j++;
    }
  }
  return out;
}

function outputColumns(commands: Command[]): { columns: string[]; aggregated: boolean } {
  let fields: string[] | null = null;
  let display: string[] | null = null;
  let aggregated = false;
  for (const c of commands) {
    if (c.command === 'fields') {
      fields ??= [];
      for (const i of c.items) if (!fields.includes(i.name)) fields.push(i.name);
    } else if (c.command === 'display') display = c.items.map((i) => i.name);
    else if (c.command === 'stats') {
      aggregated = true;
      fields = [...c.by.map((b) => b.name), ...c.items.map((i) => i.name)];
      display = null;
    }
  }
  return { columns: display ?? fields ?? ['@timestamp', '@message'], aggregated };
}

/** Every name a query reads: in expressions, as columns, or as dedup, unnest and unmask fields. */
function readFields(commands: Command[]): Set<string> {
  // Rows show these without fields or display; bin(), earliest and latest read @timestamp.
  const names = new Set<string>(['@timestamp', '@message']);
  const add = (e: Expr) => fieldsOf(e, names);
  for (const c of commands) {
    switch (c.command) {
      case 'fields':
      case 'display':
        c.items.forEach((i) => {
          names.add(i.name);
          add(i.expr);
        });
        break;
      case 'stats':
        c.items.forEach((i) => add(i.expr));
        c.by.forEach((b) => add(b.expr));
        break;
      case 'filter':
        add(c.expr);
        break;
      case 'sort':
        c.keys.forEach((k) => add(k.expr));
        break;
      case 'parse':
        add(c.source);
        break;
      case 'dedup':
        c.fields.forEach((f) => names.add(f));
        break;
      case 'unnest':
      case 'unmask':
        names.add(c.field);
        break;
      case 'limit':
        break;
    }
  }
  return names;
}

/** Every field name a query mentions, read or set: the only JSON fields it can ever read. */
function mentionedFields(commands: Command[]): Set<string> {
  const names = readFields(commands);
  for (const c of commands) {
    if (c.command === 'parse') c.names.forEach((n) => names.add(n));
    else if (c.command === 'unnest') names.add(c.into);
  }
  return names;
}

// eslint-disable-next-line no-control-regex -- refusing control characters is what this pattern is for
const NON_ASCII = /[^\x00-\x7f]/;

function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * A running query: feed it events in chunks with `push`, read `statistics`
 * while it scans, and `results()` at any time (partial until the last chunk).
 */
export class QueryRun {
  readonly query: Query;
  readonly statistics: QueryStatistics = { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 };
  private readonly stages: Stage[];
  private readonly aggregation: Aggregation | null;
  private readonly tail: Command[];
  private readonly columns: string[];
  private readonly aggregated: boolean;
  /** Without stats: matched records, trimmed to the best `topK` when the rest is only sort and limit. */
  private buffer: LogRecord[] = [];
  private readonly topK: { keys: SortKey[]; k: number } | null = null;
  private readonly discovery: FieldDiscovery;
  private readonly prefilter: Prefilter | null;
  private spare: LogRecord | null = null;

  constructor(
    query: Query | string,
    private readonly options: QueryOptions = {},
  ) {
    this.query = typeof query === 'string' ? parseQuery(query) : query;
    const commands = hoistFilters(this.query.commands);
    this.discovery = new FieldDiscovery(mentionedFields(commands));
    const blocking = commands.findIndex((c) => !isRowCommand(c));
    const prefix = blocking < 0 ? commands : commands.slice(0, blocking);
    let rest = blocking < 0 ? [] : commands.slice(blocking);
    const read = readFields(commands);
    this.stages = prefix.map((c) => rowStage(c, this.discovery, read)).filter((s): s is Stage => s !== null);
    this.prefilter = prefilter(prefix);
    const first = rest[0];
    if (first?.command === 'stats') {
      this.aggregation = new Aggregation(first.items, first.by, this.discovery);
      rest = rest.slice(1);
    } else {
      this.aggregation = null;
      const shape = rest.map((c) => c.command).join(',');
      if (shape === '' || shape === 'limit' || shape === 'sort' || shape === 'sort,limit') {
        const sort = rest.find((c) => c.command === 'sort');
        const limit = rest.find((c) => c.command === 'limit');
        this.topK = {
          keys: sort?.command === 'sort' ? sort.keys.map((k) => ({ evaluate: compileExpr(k.expr, undefined, this.discovery), descending: k.descending })) : DEFAULT_ORDER,
          k: limit?.command === 'limit' ? limit.count : DEFAULT_LIMIT,
        };
      }
    }
    this.tail = rest;
    ({ columns: this.columns, aggregated: this.aggregated } = outputColumns(commands));
  }

  push(events: Iterable<LogEvent>): void {
    const stats = this.statistics;
    const account = this.options.accountId;
    let group: string | null = null;
    let logId = '';
    for (const event of events) {
      stats.recordsScanned++;
      stats.bytesScanned += event.bytes ?? utf8Length(event.message);
      if (this.prefilter !== null && !this.prefilter(event.message)) continue;
      if (event.logGroup !== group) {
        group = event.logGroup;
        logId = account ? `${account}:${group}` : group;
      }
      // Records that only feed a stats command are not kept past their event: one serves them all.
      const record = this.aggregation === null ? new LogRecord(event, logId, this.discovery) : (this.spare ??= new LogRecord(event, logId, this.discovery)).reuse(event, logId);
      this.feed(record, 0);
    }
  }

  /**
   * Feeds `events` from index `from` until `deadline` (a `performance.now()` time) has passed,
   * at least one event; returns the index of the first event not fed. Callers yield between
   * calls, so one query's scan never holds the thread for long.
   */
  pushUntil(events: readonly LogEvent[], from: number, deadline: number): number {
    let next = from;
    this.push(
      (function* () {
        for (; next < events.length; next++) {
          if (next > from && performance.now() >= deadline) return;
          yield events[next];
        }
      })(),
    );
    return next;
  }

  /** Whether the query aggregates its events with stats, so runs over parts of the input can be merged. */
  get mergeable(): boolean {
    return this.aggregation !== null;
  }

  /** What this run gathered, for a run of the same query to `merge`; only for a `mergeable` query. */
  partial(): PartialRun {
    if (this.aggregation === null) throw new Error('only a query that aggregates its events with stats has partial results to merge');
    return { statistics: { ...this.statistics }, ...this.aggregation.partial() };
  }

  /**
   * Adds what a run of the same query gathered over events that all came after this run's
   * (parts merged in input order give the rows and statistics of one run over all of them).
   */
  merge(partial: PartialRun): void {
    if (this.aggregation === null) throw new Error('only a query that aggregates its events with stats has partial results to merge');
    this.statistics.recordsMatched += partial.statistics.recordsMatched;
    this.statistics.recordsScanned += partial.statistics.recordsScanned;
    this.statistics.bytesScanned += partial.statistics.bytesScanned;
    this.aggregation.merge(partial);
  }

  private feed(record: LogRecord, from: number): void {
    const stages = this.stages;
    for (let i = from; i < stages.length; i++) {
      const kept = stages[i](record);
      if (kept === true) continue;
      if (kept !== false) for (const r of kept) this.feed(r, i + 1);
      return;
    }
    this.statistics.recordsMatched++;
    if (this.aggregation) this.aggregation.add(record);
    else {
      this.buffer.push(record);
      if (this.topK && this.buffer.length >= 2 * this.topK.k + 1024) {
        this.buffer = sortRecords(this.buffer, this.topK.keys).slice(0, this.topK.k);
      }
    }
  }

  /** The rows as GetQueryResults returns them: fields without a value are left out. */
  results(): ResultField[][] {
    let records: LogRecord[];
    let ordered: boolean;
    if (this.aggregation) {
      records = this.aggregation.rows();
      ordered = true;
    } else if (this.topK) {
      return this.format(sortRecords(this.buffer, this.topK.keys).slice(0, this.topK.k));
    } else {
      records = [...this.buffer];
      ordered = false;
    }
    let rowsAreEvents = this.aggregation === null;
    let limited = false;
    const ensureOrder = () => {
      if (!ordered && rowsAreEvents) records = sortRecords(records, DEFAULT_ORDER);
      ordered = true;
    };
    for (const c of this.tail) {
      switch (c.command) {
        case 'sort':
          records = sortRecords(
            records,
            c.keys.map((k) => ({ evaluate: compileExpr(k.expr), descending: k.descending })),
          );
          ordered = true;
          break;
        case 'limit':
          ensureOrder();
          records = records.slice(0, c.count);
          limited = true;
          break;
        case 'dedup': {
          ensureOrder();
          const seen = new Set<string>();
          records = records.filter((r) => {
            const values = c.fields.map((f) => r.get(f));
            // Records with a null in any dedup field are never duplicates.
            if (values.some((v) => v === null)) return true;
            const key = values.map((v) => `${typeof v}:${toStr(v)}`).join('\u0000');
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
          break;
        }
        case 'stats': {
          const aggregation = new Aggregation(c.items, c.by);
          for (const r of records) aggregation.add(r);
          records = aggregation.rows();
          rowsAreEvents = false;
          ordered = true;
          break;
        }
        default: {
          const stage = rowStage(c);
          if (stage) {
            records = records.flatMap((r) => {
              const kept = stage(r);
              return kept === true ? [r] : kept === false ? [] : kept;
            });
          }
        }
      }
    }
    ensureOrder();
    return this.format(limited ? records : records.slice(0, DEFAULT_LIMIT));
  }

  private format(records: LogRecord[]): ResultField[][] {
    const columns = this.columns;
    return records.map((r) => {
      const row: ResultField[] = [];
      for (const field of columns) {
        const value = toStr(r.get(field));
        if (value !== null) row.push({ field, value });
      }
      if (!this.aggregated && r.event?.ptr !== undefined && !columns.includes('@ptr')) row.push({ field: '@ptr', value: r.event.ptr });
      return row;
    });
  }
}

/** Runs a query over events held in memory. */
export function runQuery(query: Query | string, events: Iterable<LogEvent>, options: QueryOptions = {}): { results: ResultField[][]; statistics: QueryStatistics } {
  const run = new QueryRun(query, options);
  run.push(events);
  return { results: run.results(), statistics: { ...run.statistics } };
}

export type { Value };
