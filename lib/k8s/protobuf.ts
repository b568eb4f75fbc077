/**
 * The Kubernetes API's protobuf encoding (application/vnd.kubernetes.protobuf):
 * the "k8s\0" envelope (runtime.Unknown) around a kind's message, each message
 * read and written by field number as k8s.io/api's generated.proto numbers them,
 * to and from the shape the API's JSON has.
 *
 * A schema names only the fields it knows. Decoding skips the others, which is how
 * a reader takes only what it needs from an object; a strict decode refuses any it
 * would lose. Encoding refuses a member the schema lacks rather than drop it.
 * Pure: shared by the console server and the sandbox.
 */

/**
 * How a field's value is written. `int` is any varint integer (int32, int64); `time` is
 * meta/v1 Time, seconds in JSON; `microTime` keeps microseconds; `quantity` and
 * `intOrString` are their apimachinery messages; `fieldsV1` carries JSON as bytes;
 * `stringList` is a message of one repeated string that JSON has as the list itself
 * (authentication's ExtraValue).
 */
export type Scalar = 'string' | 'bytes' | 'int' | 'bool' | 'time' | 'microTime' | 'quantity' | 'intOrString' | 'fieldsV1' | 'stringList';
export type FieldType = Scalar | Schema | { map: FieldType };
/**
 * `repeated` for a list; `inline` for a Go struct embedded in its parent, whose members JSON writes
 * among the parent's own (a key selector's LocalObjectReference, its `name`).
 */
export type Field = readonly [name: string, type: FieldType, mode?: true | 'inline'];
export interface Schema {
  readonly [field: number]: Field;
}

export const PROTOBUF = 'application/vnd.kubernetes.protobuf';
/** The envelope's first four bytes: "k8s" and a zero. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

export class ProtobufError extends Error {}

/** A member the schema has no field for: encoding it would lose it. */
export class UnknownMember extends ProtobufError {
  constructor(readonly path: string) {
    super(`no protobuf field for ${path}`);
  }
}

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * Short strings seen before, by a hash of their bytes: a list's names of phases, conditions, label
 * keys, namespaces and nodes come again pod after pod, and each one found here is a string neither
 * decoded nor allocated again. Direct-mapped: a new string in a slot replaces the old one.
 */
const INTERNED_LENGTH = 32;
const INTERNED_SLOTS = 4096;
const internedText: (string | undefined)[] = new Array<string | undefined>(INTERNED_SLOTS);
let lastSlot = 0;

function slotOf(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return (h >>> 0) & (INTERNED_SLOTS - 1);
}

function interned(buf: Uint8Array, start: number, end: number): string | undefined {
  const slot = slotOf(buf, start, end);
  lastSlot = slot;
  const known = internedText[slot];
  if (known === undefined || known.length !== end - start) return undefined;
  for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== buf[start + i]) return undefined;
  return known;
}

/** Keeps an ASCII string in the slot the last lookup computed. */
function intern(buf: Uint8Array, start: number, end: number, text: string): void {
  if (text.length === end - start) internedText[lastSlot] = text;
}

/** Reads fields in order from one message. */
export class Reader {
  pos: number;
  /** Where the message being read ends: a nested one's end while it is read. */
  end: number;
  /** Node's Buffer decodes UTF-8 in about half the time TextDecoder takes for short strings. */
  private readonly nodeBuffer: boolean;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
    this.nodeBuffer = typeof (buf as { utf8Slice?: unknown }).utf8Slice === 'function';
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a number; one that does not fit 53 bits (a negative int64 among them) is read with BigInt. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.end) throw new ProtobufError('truncated varint');
    let b = buf[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let result = b & 0x7f;
    let scale = 128;
    for (let i = 1; i < 7; i++) {
      if (pos >= this.end) throw new ProtobufError('truncated varint');
      b = buf[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
      scale *= 128;
    }
    return Number(this.bigVarint());
  }

  /** A varint with every bit, as protobuf's int64 has it (two's complement over ten bytes). */
  bigVarint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
      if (shift > 63n) throw new ProtobufError('varint longer than ten bytes');
    }
  }

  /** An integer field: int32 and int64 both, negative ones included. */
  int(): number {
    const start = this.pos;
    const n = this.varint();
    if (this.pos - start < 8) return n;
    this.pos = start;
    return Number(this.bigVarint());
  }

  /** Reads a length-delimited field's length: the reader stands at the field's start, and this is its end. */
  enter(): number {
    const len = this.varint();
    const end = this.pos + len;
    if (end > this.end) throw new ProtobufError('truncated length-delimited field');
    return end;
  }

  bytes(): Uint8Array {
    const end = this.enter();
    const out = this.buf.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  string(): string {
    const end = this.enter();
    const start = this.pos;
    this.pos = end;
    if (start === end) return '';
    if (end - start <= INTERNED_LENGTH) {
      const known = interned(this.buf, start, end);
      if (known !== undefined) return known;
    }
    const text = this.nodeBuffer ? (this.buf as Buffer).toString('utf8', start, end) : utf8.decode(this.buf.subarray(start, end));
    if (end - start <= INTERNED_LENGTH) intern(this.buf, start, end, text);
    return text;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos = this.enter();
    else if (wireType === 5) this.pos += 4;
    else throw new ProtobufError(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) throw new ProtobufError('truncated field');
  }

  /** Skips a field; false when it carried a value (not zero, not an empty string or message). */
  skipEmpty(wireType: number): boolean {
    if (wireType === 0) return this.varint() === 0;
    if (wireType !== 2) {
      this.skip(wireType);
      return false;
    }
    const end = this.enter();
    const inner = new Reader(this.buf, this.pos, end);
    this.pos = end;
    while (!inner.done) {
      const tag = inner.varint();
      if (tag >>> 3 === 0 || !inner.skipEmpty(tag & 7)) return false;
    }
    return true;
  }
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** RFC 3339 in UTC as the API's JSON writes a Time (whole seconds), or a MicroTime; the civil date from days as in Hinnant's days_from_civil inverse. */
export function rfc3339(seconds: number, nanos = 0, micro = false): string {
  const days = Math.floor(seconds / 86_400);
  let rest = seconds - days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(seconds * 1000).toISOString().slice(0, 19) + (micro ? `.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : 'Z');
  const time = `${year}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(secs)}`;
  return micro ? `${time}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${time}Z`;
}

/** A Time, or undefined for the zero time, which Go writes for a non-pointer Time and JSON as null. */
function readTime(r: Reader, micro: boolean): string | undefined {
  const end = r.enter();
  let seconds = 0;
  let nanos = 0;
  const outer = r.end;
  r.end = end;
  while (r.pos < end) {
    const tag = r.varint();
    if (tag === 0x08) seconds = r.int();
    else if (tag === 0x10) nanos = r.int();
    else r.skip(tag & 7);
  }
  r.end = outer;
  return seconds === 0 && nanos === 0 ? undefined : rfc3339(seconds, nanos, micro);
}

const INT_OR_STRING: Schema = { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] };
const QUANTITY: Schema = { 1: ['string', 'string'] };
const STRING_LIST: Schema = { 1: ['items', 'string', true] };
export interface DecodeOptions {
  /** Refuse a field the schema lacks that carries a value, rather than skip it. */
  strict?: boolean;
}

/** How a field is read, as a small number the reader switches on. */
const enum Kind {
  String,
  Int,
  Bool,
  Bytes,
  Time,
  MicroTime,
  Quantity,
  IntOrString,
  FieldsV1,
  StringList,
  Message,
  Map,
}

/** A schema's field as the reader and the writer use it: its kind a number, a message's fields compiled too. */
interface CompiledField {
  number: number;
  name: string;
  kind: Kind;
  message?: Compiled;
  /** A map's value. */
  value?: CompiledField;
  repeated: boolean;
  inline: boolean;
}

/** A schema made once for each schema object. */
interface Compiled {
  /** For the reader, looked up by field number. */
  byNumber: CompiledField[];
  /** For the writer, in number order as Go writes them. */
  fields: CompiledField[];
  /** The member names the message takes, an inlined struct's among them. */
  names: Set<string>;
}

const KINDS: Record<Scalar, Kind> = {
  string: Kind.String,
  int: Kind.Int,
  bool: Kind.Bool,
  bytes: Kind.Bytes,
  time: Kind.Time,
  microTime: Kind.MicroTime,
  quantity: Kind.Quantity,
  intOrString: Kind.IntOrString,
  fieldsV1: Kind.FieldsV1,
  stringList: Kind.StringList,
};

const COMPILED = new WeakMap<Schema, Compiled>();

function compiledField(number: number, name: string, type: FieldType, mode: Field[2]): CompiledField {
  const field: CompiledField = { number, name, kind: Kind.Message, repeated: mode === true, inline: mode === 'inline' };
  if (typeof type === 'string') field.kind = KINDS[type];
  else if ('map' in type) {
    field.kind = Kind.Map;
    field.value = compiledField(2, 'value', type.map as FieldType, undefined);
  } else field.message = compiled(type as Schema);
  return field;
}

function compiled(schema: Schema): Compiled {
  let built = COMPILED.get(schema);
  if (!built) {
    built = { byNumber: [], fields: [], names: new Set() };
    // Set before the fields are made, so a schema that contains itself ends.
    COMPILED.set(schema, built);
    const entries = (Object.entries(schema) as [string, Field][]).sort((x, y) => Number(x[0]) - Number(y[0]));
    for (const [number, [name, type, mode]] of entries) {
      const field = compiledField(Number(number), name, type, mode);
      built.byNumber[field.number] = field;
      built.fields.push(field);
      if (field.inline) for (const member of field.message!.names) built.names.add(member);
      else built.names.add(name);
    }
  }
  return built;
}

const INT_OR_STRING_FIELDS = compiled(INT_OR_STRING).byNumber;
const QUANTITY_FIELDS = compiled(QUANTITY).byNumber;
const STRING_LIST_FIELDS = compiled(STRING_LIST).byNumber;
const FIELDS_V1_FIELDS = compiled({ 1: ['raw', 'string'] }).byNumber;

function readValue(r: Reader, field: CompiledField, options: DecodeOptions): unknown {
  switch (field.kind) {
    case Kind.String:
      return r.string();
    case Kind.Int:
      return r.int();
    case Kind.Bool:
      return r.varint() !== 0;
    case Kind.Bytes:
      return base64(r.bytes());
    case Kind.Time:
      return readTime(r, false);
    case Kind.MicroTime:
      return readTime(r, true);
    case Kind.Quantity:
      return (readMessage(r, QUANTITY_FIELDS, options, r.enter()).string as string | undefined) ?? '0';
    case Kind.IntOrString: {
      const v = readMessage(r, INT_OR_STRING_FIELDS, options, r.enter());
      return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    }
    case Kind.FieldsV1: {
      const raw = readMessage(r, FIELDS_V1_FIELDS, options, r.enter()).raw as string | undefined;
      return raw ? JSON.parse(raw) : {};
    }
    case Kind.StringList:
      return readMessage(r, STRING_LIST_FIELDS, options, r.enter()).items ?? [];
    default:
      return readMessage(r, field.message!.byNumber, options, r.enter());
  }
}

/** The fields up to `end` as the API's JSON has them; the reader ends at `end`. */
function readMessage(r: Reader, fields: CompiledField[], options: DecodeOptions, end: number): Record<string, unknown> {
  const outer = r.end;
  r.end = end;
  const out: Record<string, unknown> = {};
  while (r.pos < end) {
    const tag = r.varint();
    const field = fields[tag >>> 3];
    const wireType = tag & 7;
    if (field === undefined) {
      // Go writes zero-valued non-pointer fields too: only one with content would be lost.
      if (!options.strict) r.skip(wireType);
      else if (!r.skipEmpty(wireType)) throw new UnknownMember(`field ${tag >>> 3}`);
      continue;
    }
    const name = field.name;
    if (field.kind === Kind.Map) {
      const entryEnd = r.enter();
      let key = '';
      let value: unknown;
      r.end = entryEnd;
      while (r.pos < entryEnd) {
        const entryTag = r.varint();
        if (entryTag === 0x0a) key = r.string();
        else if (entryTag === 0x12) value = readValue(r, field.value!, options);
        else r.skip(entryTag & 7);
      }
      r.end = end;
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[key] = value ?? zero(field.value!.kind);
      continue;
    }
    if (wireType === 2 && (field.kind === Kind.Int || field.kind === Kind.Bool)) {
      // A packed repeated number.
      const packedEnd = r.enter();
      const list = (out[name] ??= []) as unknown[];
      r.end = packedEnd;
      while (r.pos < packedEnd) list.push(field.kind === Kind.Int ? r.int() : r.varint() !== 0);
      r.end = end;
      continue;
    }
    const value = readValue(r, field, options);
    if (value === undefined) continue;
    if (field.inline) Object.assign(out, value);
    else if (field.repeated) ((out[name] ??= []) as unknown[]).push(value);
    // Go writes every non-pointer string, empty or not; JSON leaves the empty ones out.
    else if (value !== '' || field.kind !== Kind.String) out[name] = value;
  }
  r.end = outer;
  return out;
}

/** One message as the API's JSON has it. */
export function decodeMessage(buf: Uint8Array, schema: Schema, options: DecodeOptions = {}, start = 0, end = buf.length): Record<string, unknown> {
  return readMessage(new Reader(buf, start, end), compiled(schema).byNumber, options, end);
}

function zero(kind: Kind): unknown {
  if (kind === Kind.String || kind === Kind.Bytes) return '';
  if (kind === Kind.Quantity) return '0';
  if (kind === Kind.Int || kind === Kind.IntOrString) return 0;
  if (kind === Kind.Bool) return false;
  if (kind === Kind.StringList) return [];
  return {};
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : '=') + '=';
  }
  return out;
}

function fromBase64(text: string, path: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) throw new ProtobufError(`${path}: not base64`);
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of clean) {
    acc = (acc << 6) | BASE64.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Appends fields to a growing buffer; a nested message is written in place, its length put before it after. */
export class Writer {
  buf = new Uint8Array(256);
  len = 0;

  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  varint(value: number): void {
    if (value < 0 || !Number.isSafeInteger(value)) return this.bigVarint(BigInt(value));
    this.room(10);
    while (value >= 0x80) {
      this.buf[this.len++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buf[this.len++] = value;
  }

  bigVarint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    this.room(10);
    while (v >= 0x80n) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
  }

  tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  bytes(field: number, bytes: Uint8Array): void {
    this.tag(field, 2);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  string(field: number, value: string): void {
    this.tag(field, 2);
    // ASCII, nearly every name and label, is written as it is read; anything else through the encoder.
    if (value.length < 128) {
      this.room(value.length + 1);
      const start = this.len;
      let at = start + 1;
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) {
          at = -1;
          break;
        }
        this.buf[at++] = c;
      }
      if (at >= 0) {
        this.buf[start] = value.length;
        this.len = at;
        return;
      }
    }
    const bytes = utf8Encoder.encode(value);
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Starts a nested message: returns where its content starts, after one byte kept for its length. */
  fork(field: number): number {
    this.tag(field, 2);
    this.room(1);
    this.len += 1;
    return this.len;
  }

  /** Ends the nested message `fork` started: its length goes before it, moving it on when that takes more than a byte. */
  join(start: number): void {
    const size = this.len - start;
    if (size < 0x80) {
      this.buf[start - 1] = size;
      return;
    }
    let extra = 0;
    for (let n = size >>> 7; n > 0; n >>>= 7) extra++;
    this.room(extra);
    this.buf.copyWithin(start + extra, start, this.len);
    this.len = start - 1;
    this.varint(size);
    this.len = start + extra + size;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function timeSeconds(value: unknown, path: string): { seconds: number; nanos: number } {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new ProtobufError(`${path}: not a time: ${JSON.stringify(value)}`);
  const frac = typeof value === 'string' ? /\.(\d+)/.exec(value)?.[1] : undefined;
  return { seconds: Math.floor(ms / 1000), nanos: frac ? Number(frac.slice(0, 9).padEnd(9, '0')) : 0 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function writeValue(w: Writer, field: CompiledField, value: unknown, path: string): void {
  const number = field.number;
  switch (field.kind) {
    case Kind.String:
      if (typeof value !== 'string') throw new ProtobufError(`${path}: not a string`);
      return w.string(number, value);
    case Kind.Int:
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ProtobufError(`${path}: not an integer`);
      w.tag(number, 0);
      return w.varint(value);
    case Kind.Bool:
      if (typeof value !== 'boolean') throw new ProtobufError(`${path}: not a boolean`);
      w.tag(number, 0);
      return w.varint(value ? 1 : 0);
    case Kind.Bytes:
      if (typeof value !== 'string') throw new ProtobufError(`${path}: not base64 text`);
      return w.bytes(number, fromBase64(value, path));
    case Kind.Time:
    case Kind.MicroTime: {
      const { seconds, nanos } = timeSeconds(value, path);
      const start = w.fork(number);
      if (seconds !== 0) {
        w.tag(1, 0);
        w.varint(seconds);
      }
      if (field.kind === Kind.MicroTime && nanos !== 0) {
        w.tag(2, 0);
        w.varint(nanos);
      }
      return w.join(start);
    }
    case Kind.Quantity: {
      if (typeof value !== 'string' && typeof value !== 'number') throw new ProtobufError(`${path}: not a quantity`);
      const start = w.fork(number);
      w.string(1, String(value));
      return w.join(start);
    }
    case Kind.IntOrString: {
      if (typeof value !== 'number' && typeof value !== 'string') throw new ProtobufError(`${path}: not an int or string`);
      const start = w.fork(number);
      w.tag(1, 0);
      if (typeof value === 'number') {
        w.varint(0);
        w.tag(2, 0);
        w.varint(value);
      } else {
        w.varint(1);
        w.string(3, value);
      }
      return w.join(start);
    }
    case Kind.FieldsV1: {
      const start = w.fork(number);
      w.string(1, JSON.stringify(value));
      return w.join(start);
    }
    case Kind.StringList: {
      if (!Array.isArray(value)) throw new ProtobufError(`${path}: not a list`);
      const start = w.fork(number);
      value.forEach((item, i) => {
        if (typeof item !== 'string') throw new ProtobufError(`${path}[${i}]: not a string`);
        w.string(1, item);
      });
      return w.join(start);
    }
    case Kind.Map: {
      if (!isRecord(value)) throw new ProtobufError(`${path}: not an object`);
      for (const key of Object.keys(value).sort()) {
        if (value[key] === null) continue;
        const start = w.fork(number);
        w.string(1, key);
        writeValue(w, field.value!, value[key], `${path}[${key}]`);
        w.join(start);
      }
      return;
    }
    default: {
      if (!isRecord(value)) throw new ProtobufError(`${path}: not an object`);
      const start = w.fork(number);
      writeFields(w, field.message!, value, path, true);
      return w.join(start);
    }
  }
}

/** The message's fields present in `obj`, in number order as Go writes them; `own` checks that nothing else is there. */
function writeFields(w: Writer, schema: Compiled, obj: Record<string, unknown>, path: string, own: boolean): void {
  for (const field of schema.fields) {
    if (field.inline) {
      // An embedded struct: its members are among the parent's, and its message is written when one is there.
      if (![...field.message!.names].some((name) => obj[name] !== undefined && obj[name] !== null)) continue;
      const start = w.fork(field.number);
      writeFields(w, field.message!, obj, path, false);
      w.join(start);
      continue;
    }
    const value = obj[field.name];
    if (value === undefined || value === null) continue;
    const at = path ? `${path}.${field.name}` : field.name;
    if (field.repeated) {
      if (!Array.isArray(value)) throw new ProtobufError(`${at}: not a list`);
      for (let i = 0; i < value.length; i++) writeValue(w, field, value[i], `${at}[${i}]`);
    } else writeValue(w, field, value, at);
  }
  if (!own) return;
  for (const name in obj) {
    if (!schema.names.has(name) && obj[name] !== undefined && obj[name] !== null) throw new UnknownMember(path ? `${path}.${name}` : name);
  }
}

/**
 * A JSON object as one message, fields in number order as Go writes them. Nulls are absent;
 * a member with no field throws UnknownMember, with its path.
 */
export function encodeMessage(obj: Record<string, unknown>, schema: Schema, path = ''): Uint8Array {
  const w = new Writer();
  writeFields(w, compiled(schema), obj, path, true);
  return w.finish();
}

/** runtime.Unknown: the type and the message, after the magic bytes. */
export function wrapUnknown(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const typeMeta = new Writer();
  typeMeta.string(1, apiVersion);
  typeMeta.string(2, kind);
  const w = new Writer();
  w.bytes(1, typeMeta.finish());
  w.bytes(2, raw);
  // contentEncoding and contentType: empty, as the API server writes them.
  w.string(3, '');
  w.string(4, '');
  const out = new Uint8Array(4 + w.len);
  out.set(MAGIC);
  out.set(w.buf.subarray(0, w.len), 4);
  return out;
}

export interface Unwrapped {
  apiVersion: string;
  kind: string;
  /** Where the kind's message lies in the buffer. */
  start: number;
  end: number;
}

/** The envelope's type and where its message lies; a ProtobufError when it is not one. */
const TYPE_META_FIELDS = compiled({ 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }).byNumber;

export function unwrapUnknown(buf: Uint8Array): Unwrapped {
  if (buf.length < 4 || MAGIC.some((b, i) => buf[i] !== b)) {
    throw new ProtobufError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const r = new Reader(buf, 4);
  const out: Unwrapped = { apiVersion: '', kind: '', start: 0, end: 0 };
  while (!r.done) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const t = readMessage(r, TYPE_META_FIELDS, {}, r.enter());
      out.apiVersion = (t.apiVersion as string | undefined) ?? '';
      out.kind = (t.kind as string | undefined) ?? '';
    } else if (tag === 0x12) {
      out.end = r.enter();
      out.start = r.pos;
      r.pos = out.end;
    } else r.skip(tag & 7);
  }
  return out;
}
