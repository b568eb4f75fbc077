import { JsonFieldReader, READ_IN_FULL } from './json-fields';
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
 * The JSON fields of event messages, read only for the names a query
 * mentions; messages the partial reader cannot settle are flattened in full,
 * so which fields exist stays exactly as with a full discovery.
 */
export class FieldDiscovery {
  private readonly reader: JsonFieldReader;
  /** Each name's place in what `read` returns. */
  readonly slots = new Map<string, number>();
  /** One undefined per slot. */
  readonly unset: undefined[];
  readonly timestampSlot: number | undefined;

  constructor(names: Iterable<string>) {
    const list = [...new Set(names)];
    list.forEach((name, slot) => this.slots.set(name, slot));
    this.unset = list.map(() => undefined);
    this.timestampSlot = this.slots.get('@timestamp');
    this.reader = new JsonFieldReader(list, MAX_JSON_FIELDS);
  }

  /** The values of the names by slot (null where absent), or null when the message is not a JSON object; `into`: an array to fill rather than a new one. */
  read(message: string, into?: Value[]): Value[] | null {
    const values = this.reader.read(message, into);
    if (values !== READ_IN_FULL) return values;
    const all = discoverJson(message);
    if (all === null) return null;
    const out = into ?? [];
    this.reader.names.forEach((name, slot) => (out[slot] = all[name] ?? null));
    return out;
  }
}

/**
 * One record moving through a query: a log event with its discovered fields,
 * plus the fields the query's own commands set (fields, parse, stats).
 */
export class LogRecord {
  /** Values the query set under names the discovery has no slot for (and every value of a stats row). */
  values: Map<string, Value> | null = null;
  /** Values the query set, by the discovery's slot; undefined where it set none. */
  private own: (Value | undefined)[] | null = null;
  /** The discovery's values by slot, once read. */
  private json: Value[] | null | undefined = undefined;
  /** Every field of the message, for a name the discovery does not hold. */
  private all: Fields | null | undefined = undefined;
  /** Whether a value set by the query is a jsonParse() structure, whose insides dotted names reach. */
  private structures = false;
  /** Arrays a record used for another event, kept for its next one. */
  private spareOwn: (Value | undefined)[] | null = null;
  private spareJson: Value[] | null = null;

  constructor(
    public event: LogEvent | null,
    private logId: string | null,
    private readonly discovery: FieldDiscovery | null = null,
  ) {}

  /**
   * The record made over for another event of the same discovery, reusing
   * its arrays: for a run whose records no command keeps past the event.
   */
  reuse(event: LogEvent, logId: string): this {
    this.event = event;
    this.logId = logId;
    this.values = null;
    this.all = undefined;
    this.structures = false;
    if (this.own !== null) {
      this.spareOwn = this.own.fill(undefined);
      this.own = null;
    }
    if (this.json) this.spareJson = this.json;
    this.json = undefined;
    return this;
  }

  private ownValues(discovery: FieldDiscovery): (Value | undefined)[] {
    if (this.spareOwn === null) return discovery.unset.slice();
    const own = this.spareOwn;
    this.spareOwn = null;
    return own;
  }

  static row(values: Map<string, Value>): LogRecord {
    const r = new LogRecord(null, null);
    r.values = values;
    for (const v of values.values()) if (v instanceof Structure) r.structures = true;
    return r;
  }

  set(name: string, value: Value): void {
    const slot = this.discovery?.slots.get(name);
    if (slot !== undefined) (this.own ??= this.ownValues(this.discovery!))[slot] = value;
    else (this.values ??= new Map()).set(name, value);
    if (value instanceof Structure) this.structures = true;
  }

  /** `set` with the name's slot in `discovery` looked up beforehand. */
  setIn(discovery: FieldDiscovery, slot: number, name: string, value: Value): void {
    if (this.discovery !== discovery) return this.set(name, value);
    (this.own ??= this.ownValues(discovery))[slot] = value;
    if (value instanceof Structure) this.structures = true;
  }

  /** A copy for unnest: the same event and discovered fields, its own query fields. */
  copy(): LogRecord {
    const r = new LogRecord(this.event, this.logId, this.discovery);
    r.json = this.json;
    r.all = this.all;
    r.structures = this.structures;
    r.own = this.own === null ? null : this.own.slice();
    r.values = this.values === null ? null : new Map(this.values);
    return r;
  }

  /** The value the query set under a name, if it set one. */
  private setValue(name: string, slot = this.discovery?.slots.get(name)): Value | undefined {
    if (slot !== undefined && this.own !== null) {
      const v = this.own[slot];
      if (v !== undefined) return v;
    }
    return this.values === null ? undefined : this.values.get(name);
  }

  private inStructure(name: string): Value | undefined {
    for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
      const head = this.setValue(name.slice(0, i));
      if (head instanceof Structure) {
        const found = structurePath(head.value, name.slice(i + 1));
        if (found !== undefined) return fromJson(found);
      }
    }
    return undefined;
  }

  get timestamp(): number | null {
    if (this.own !== null || this.values !== null) {
      const v = this.setValue('@timestamp', this.discovery?.timestampSlot);
      if (v instanceof Date) return v.getTime();
    }
    return this.event ? this.event.timestamp : null;
  }

  get(name: string): Value {
    return this.lookup(name, this.discovery?.slots.get(name));
  }

  /** `get` with the name's slot in `discovery` looked up beforehand. */
  getIn(discovery: FieldDiscovery, slot: number, name: string): Value {
    return this.discovery === discovery ? this.lookup(name, slot) : this.get(name);
  }

  private lookup(name: string, slot: number | undefined): Value {
    if (this.own !== null || this.values !== null) {
      const v = this.setValue(name, slot);
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
    if (slot !== undefined) {
      if (this.json === undefined) {
        this.json = this.discovery!.read(e.message, this.spareJson ?? undefined);
        this.spareJson = null;
      }
      return this.json === null ? null : this.json[slot];
    }
    if (this.all === undefined) this.all = discoverJson(e.message);
    return this.all === null ? null : (this.all[name] ?? null);
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
  const walk = (obj: object, prefix: string | null): boolean => {
    for (const [key, v] of Object.entries(obj)) {
      // A discovered field whose own name starts with @ gets a second @, so it cannot shadow system fields.
      const name = prefix === null ? (key.startsWith('@') ? `@${key}` : key) : `${prefix}.${key}`;
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
  walk(parsed, null);
  return out;
}
