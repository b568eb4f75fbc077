import { fromJson, Structure, structurePath, type Value } from './values';

export interface LogEvent {
  /** Event time, ms since the epoch. */
  timestamp: number;
  ingestionTime?: number;
  message: string;
  logStream: string;
  logGroup: string;
  /** Opaque pointer GetLogRecord accepts; returned as @ptr. */
  ptr?: string;
  /** The message's size in UTF-8 bytes, when the store knows it; computed from the message otherwise. */
  bytes?: number;
}

/** Fields Logs Insights discovers in one JSON log event, as documented. */
export const MAX_JSON_FIELDS = 200;

export type Fields = Record<string, Value>;

/**
 * One record moving through a query: a log event with its discovered fields,
 * plus the fields the query's own commands set (fields, parse, stats).
 */
export class LogRecord {
  values: Map<string, Value> | null = null;
  private json: Fields | null | undefined = undefined;
  /** Whether a value set by the query is a jsonParse() structure, whose insides dotted names reach. */
  private structures = false;

  constructor(
    readonly event: LogEvent | null,
    private readonly logId: string | null,
    private readonly discover: (message: string) => Fields | null = discoverJson,
  ) {}

  static row(values: Map<string, Value>): LogRecord {
    const r = new LogRecord(null, null);
    r.values = values;
    for (const v of values.values()) if (v instanceof Structure) r.structures = true;
    return r;
  }

  set(name: string, value: Value): void {
    (this.values ??= new Map()).set(name, value);
    if (value instanceof Structure) this.structures = true;
  }

  /** A copy for unnest: the same event and discovered fields, its own query fields. */
  copy(): LogRecord {
    const r = new LogRecord(this.event, this.logId, this.discover);
    r.json = this.json;
    r.structures = this.structures;
    r.values = this.values === null ? null : new Map(this.values);
    return r;
  }

  private inStructure(name: string): Value | undefined {
    for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
      const head = this.values!.get(name.slice(0, i));
      if (head instanceof Structure) {
        const found = structurePath(head.value, name.slice(i + 1));
        if (found !== undefined) return fromJson(found);
      }
    }
    return undefined;
  }

  get timestamp(): number | null {
    const v = this.values?.get('@timestamp');
    if (v instanceof Date) return v.getTime();
    return this.event ? this.event.timestamp : null;
  }

  get(name: string): Value {
    if (this.values !== null) {
      const v = this.values.get(name);
      if (v !== undefined) return v;
      if (this.structures) {
        const inner = this.inStructure(name);
        if (inner !== undefined) return inner;
      }
    }
    const e = this.event;
    if (e === null) return null;
    if (name.charCodeAt(0) === 64 /* @ */) {
      switch (name) {
        case '@timestamp':
          return new Date(e.timestamp);
        case '@message':
          return e.message;
        case '@logStream':
          return e.logStream;
        case '@log':
          return this.logId;
        case '@ingestionTime':
          return e.ingestionTime === undefined ? null : new Date(e.ingestionTime);
        case '@ptr':
          return e.ptr ?? null;
      }
    }
    if (this.json === undefined) this.json = this.discover(e.message);
    if (this.json === null) return null;
    return this.json[name] ?? null;
  }
}

/** Flattens a JSON message into dotted field names (arrays by index), up to MAX_JSON_FIELDS. */
export function discoverJson(message: string): Fields | null {
  let i = 0;
  while (i < message.length && (message[i] === ' ' || message[i] === '\t')) i++;
  if (message[i] !== '{') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const out: Fields = Object.create(null) as Fields;
  let count = 0;
  const walk = (obj: object, prefix: string): boolean => {
    for (const [key, v] of Object.entries(obj)) {
      // A discovered field whose own name starts with @ gets a second @, so it cannot shadow system fields.
      const name = prefix === '' ? (key.startsWith('@') ? `@${key}` : key) : `${prefix}.${key}`;
      if (v === null) continue;
      if (typeof v === 'object') {
        if (!walk(v as object, name)) return false;
        continue;
      }
      if (count >= MAX_JSON_FIELDS) return false;
      out[name] = typeof v === 'boolean' ? String(v) : (v as string | number);
      count++;
    }
    return true;
  };
  walk(parsed, '');
  return out;
}
