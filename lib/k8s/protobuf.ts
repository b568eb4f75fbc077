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

/** Reads fields in order from one message. */
export class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** A varint as a number; one that does not fit 53 bits (a negative int64 among them) is read with BigInt. */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      if (pos >= this.end) throw new ProtobufError('truncated varint');
      const b = buf[pos++];
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
    if (n < 2 ** 53 && this.pos - start < 8) return n;
    this.pos = start;
    return Number(this.bigVarint());
  }

  /** A length-delimited field's extent; the reader moves past it. */
  span(): [start: number, end: number] {
    const len = this.varint();
    const start = this.pos;
    const end = start + len;
    if (end > this.end) throw new ProtobufError('truncated length-delimited field');
    this.pos = end;
    return [start, end];
  }

  bytes(): Uint8Array {
    const [start, end] = this.span();
    return this.buf.subarray(start, end);
  }

  string(): string {
    const [start, end] = this.span();
    return text(this.buf, start, end);
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.span();
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
    const [start, end] = this.span();
    const inner = new Reader(this.buf, start, end);
    while (!inner.done) {
      const tag = inner.varint();
      if (tag >>> 3 === 0 || !inner.skipEmpty(tag & 7)) return false;
    }
    return true;
  }
}

/** UTF-8 text; names and labels are nearly always ASCII, which is read without the decoder's call. */
function text(buf: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return utf8.decode(buf.subarray(start, end));
  let out = '';
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
    out += String.fromCharCode(c);
  }
  return out;
}

/** RFC 3339 in UTC as the API's JSON writes a Time: whole seconds. */
function rfc3339(seconds: number, nanos: number, micro: boolean): string {
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

/** A Time, or undefined for the zero time, which Go writes for a non-pointer Time and JSON as null. */
function decodeTime(r: Reader, micro: boolean): string | undefined {
  const [start, end] = r.span();
  const inner = new Reader(r.buf, start, end);
  let seconds = 0;
  let nanos = 0;
  while (!inner.done) {
    const tag = inner.varint();
    if (tag === 0x08) seconds = inner.int();
    else if (tag === 0x10) nanos = inner.int();
    else inner.skip(tag & 7);
  }
  return seconds === 0 && nanos === 0 ? undefined : rfc3339(seconds, nanos, micro);
}

const INT_OR_STRING: Schema = { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] };
const QUANTITY: Schema = { 1: ['string', 'string'] };
const STRING_LIST: Schema = { 1: ['items', 'string', true] };
const MAP_ENTRIES = new Map<FieldType, Schema>();

/** A map field's entry message: the key, then the value. */
function mapEntry(value: FieldType): Schema {
  let entry = MAP_ENTRIES.get(value);
  if (!entry) MAP_ENTRIES.set(value, (entry = { 1: ['key', 'string'], 2: ['value', value] }));
  return entry;
}

export interface DecodeOptions {
  /** Refuse a field the schema lacks that carries a value, rather than skip it. */
  strict?: boolean;
}

function decodeValue(r: Reader, type: FieldType, options: DecodeOptions): unknown {
  switch (type) {
    case 'string':
      return r.string();
    case 'int':
      return r.int();
    case 'bool':
      return r.varint() !== 0;
    case 'bytes':
      return base64(r.bytes());
    case 'time':
      return decodeTime(r, false);
    case 'microTime':
      return decodeTime(r, true);
    case 'quantity':
      return (decodeSpan(r, QUANTITY, options).string as string | undefined) ?? '0';
    case 'intOrString': {
      const v = decodeSpan(r, INT_OR_STRING, options);
      return v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    }
    case 'fieldsV1': {
      const raw = new Reader(r.buf, ...r.span());
      let value: unknown = {};
      while (!raw.done) {
        const tag = raw.varint();
        if (tag === 0x0a) value = JSON.parse(raw.string());
        else raw.skip(tag & 7);
      }
      return value;
    }
    case 'stringList':
      return decodeSpan(r, STRING_LIST, options).items ?? [];
    default:
      return decodeSpan(r, type as Schema, options);
  }
}

function decodeSpan(r: Reader, schema: Schema, options: DecodeOptions): Record<string, unknown> {
  const [start, end] = r.span();
  return decodeMessage(r.buf, schema, options, start, end);
}

/** One message as the API's JSON has it. */
export function decodeMessage(buf: Uint8Array, schema: Schema, options: DecodeOptions = {}, start = 0, end = buf.length): Record<string, unknown> {
  const r = new Reader(buf, start, end);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = r.varint();
    const field = schema[tag >>> 3];
    const wireType = tag & 7;
    if (!field) {
      // Go writes zero-valued non-pointer fields too: only one with content would be lost.
      if (options.strict ? !r.skipEmpty(wireType) : (r.skip(wireType), false)) throw new UnknownMember(`field ${tag >>> 3}`);
      continue;
    }
    const [name, type, repeated] = field;
    if (typeof type === 'object' && 'map' in type) {
      const entry = decodeSpan(r, mapEntry(type.map), options);
      const map = (out[name] ??= {}) as Record<string, unknown>;
      map[(entry.key as string | undefined) ?? ''] = entry.value ?? zero(type.map);
      continue;
    }
    if (wireType === 2 && (type === 'int' || type === 'bool')) {
      // A packed repeated number.
      const [s, e] = r.span();
      const packed = new Reader(buf, s, e);
      const list = (out[name] ??= []) as unknown[];
      while (!packed.done) list.push(type === 'int' ? packed.int() : packed.varint() !== 0);
      continue;
    }
    const value = decodeValue(r, type, options);
    if (value === undefined) continue;
    if (repeated === 'inline') Object.assign(out, value);
    else if (repeated) ((out[name] ??= []) as unknown[]).push(value);
    // Go writes every non-pointer string, empty or not; JSON leaves the empty ones out.
    else if (value !== '' || type !== 'string') out[name] = value;
  }
  return out;
}

function zero(type: FieldType): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'quantity') return '0';
  if (type === 'int' || type === 'intOrString') return 0;
  if (type === 'bool') return false;
  if (type === 'stringList') return [];
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

/** Appends fields to a growing buffer. */
export class Writer {
  buf = new Uint8Array(256);
  len = 0;

  private room(n: number): void {
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
    this.bytes(field, utf8Encoder.encode(value));
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

function encodeValue(w: Writer, field: number, type: FieldType, value: unknown, path: string): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw new ProtobufError(`${path}: not a string`);
      return w.string(field, value);
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ProtobufError(`${path}: not an integer`);
      w.tag(field, 0);
      return w.varint(value);
    case 'bool':
      if (typeof value !== 'boolean') throw new ProtobufError(`${path}: not a boolean`);
      w.tag(field, 0);
      return w.varint(value ? 1 : 0);
    case 'bytes':
      if (typeof value !== 'string') throw new ProtobufError(`${path}: not base64 text`);
      return w.bytes(field, fromBase64(value, path));
    case 'time':
    case 'microTime': {
      const { seconds, nanos } = timeSeconds(value, path);
      const inner = new Writer();
      if (seconds !== 0) {
        inner.tag(1, 0);
        inner.varint(seconds);
      }
      if (type === 'microTime' && nanos !== 0) {
        inner.tag(2, 0);
        inner.varint(nanos);
      }
      return w.bytes(field, inner.finish());
    }
    case 'quantity': {
      if (typeof value !== 'string' && typeof value !== 'number') throw new ProtobufError(`${path}: not a quantity`);
      const inner = new Writer();
      inner.string(1, String(value));
      return w.bytes(field, inner.finish());
    }
    case 'intOrString': {
      const inner = new Writer();
      if (typeof value === 'number') {
        inner.tag(1, 0);
        inner.varint(0);
        inner.tag(2, 0);
        inner.varint(value);
      } else if (typeof value === 'string') {
        inner.tag(1, 0);
        inner.varint(1);
        inner.string(3, value);
      } else throw new ProtobufError(`${path}: not an int or string`);
      return w.bytes(field, inner.finish());
    }
    case 'fieldsV1': {
      const inner = new Writer();
      inner.string(1, JSON.stringify(value));
      return w.bytes(field, inner.finish());
    }
    case 'stringList':
      return w.bytes(field, encodeMessage({ items: value }, STRING_LIST, path));
    default:
      if (!isRecord(value)) throw new ProtobufError(`${path}: not an object`);
      return w.bytes(field, encodeMessage(value, type as Schema, path));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const BY_NAME = new WeakMap<Schema, Map<string, [number, Field]>>();

/** The schema's fields by JSON member name; an inline field's members each name the inline field. */
function fieldsByName(schema: Schema): Map<string, [number, Field]> {
  let byName = BY_NAME.get(schema);
  if (!byName) {
    byName = new Map();
    for (const [n, f] of Object.entries(schema) as [string, Field][]) {
      if (f[2] === 'inline') for (const member of fieldsByName(f[1] as Schema).keys()) byName.set(member, [Number(n), f]);
      else byName.set(f[0], [Number(n), f]);
    }
    BY_NAME.set(schema, byName);
  }
  return byName;
}

/**
 * A JSON object as one message, fields in number order as Go writes them. Nulls are absent;
 * a member with no field throws UnknownMember, with its path.
 */
export function encodeMessage(obj: Record<string, unknown>, schema: Schema, path = ''): Uint8Array {
  const byName = fieldsByName(schema);
  const present: [number, Field, unknown][] = [];
  const inlined = new Map<number, Record<string, unknown>>();
  for (const [name, raw] of Object.entries(obj)) {
    if (raw === null || raw === undefined) continue;
    const hit = byName.get(name);
    if (!hit) throw new UnknownMember(path ? `${path}.${name}` : name);
    if (hit[1][2] !== 'inline') present.push([hit[0], hit[1], raw]);
    else {
      let members = inlined.get(hit[0]);
      if (!members) {
        inlined.set(hit[0], (members = {}));
        present.push([hit[0], hit[1], members]);
      }
      members[name] = raw;
    }
  }
  present.sort((a, b) => a[0] - b[0]);
  const w = new Writer();
  for (const [number, [name, type, repeated], value] of present) {
    const at = path ? `${path}.${name}` : name;
    if (typeof type === 'object' && 'map' in type) {
      if (!isRecord(value)) throw new ProtobufError(`${at}: not an object`);
      const entry = mapEntry(type.map);
      for (const key of Object.keys(value).sort()) {
        if (value[key] === null) continue;
        w.bytes(number, encodeMessage({ key, value: value[key] }, entry, `${at}[${key}]`));
      }
    } else if (repeated === true) {
      if (!Array.isArray(value)) throw new ProtobufError(`${at}: not a list`);
      value.forEach((item, i) => encodeValue(w, number, type, item, `${at}[${i}]`));
    } else encodeValue(w, number, type, value, at);
  }
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
export function unwrapUnknown(buf: Uint8Array): Unwrapped {
  if (buf.length < 4 || MAGIC.some((b, i) => buf[i] !== b)) {
    throw new ProtobufError('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  const r = new Reader(buf, 4);
  const out: Unwrapped = { apiVersion: '', kind: '', start: 0, end: 0 };
  while (!r.done) {
    const tag = r.varint();
    if (tag === 0x0a) {
      const t = decodeSpan(r, { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }, {});
      out.apiVersion = (t.apiVersion as string | undefined) ?? '';
      out.kind = (t.kind as string | undefined) ?? '';
    } else if (tag === 0x12) [out.start, out.end] = r.span();
    else r.skip(tag & 7);
  }
  return out;
}
