/**
 * Request bodies in application/vnd.kubernetes.protobuf, for the kinds
 * kubectl's typed clients send that way (auth can-i, auth whoami, drain's
 * evictions): the "k8s\0" envelope (runtime.Unknown) around the kind's
 * message, decoded by field number as k8s.io/api's generated.proto numbers them.
 */
import { statusErrors } from '../status';

type Field = [name: string, type: FieldType, repeated?: true];
type FieldType = 'string' | 'bytes' | 'int' | 'bool' | 'stringMap' | Schema | { mapOf: Schema };
interface Schema {
  [field: number]: Field;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  11: ['labels', 'stringMap'],
  12: ['annotations', 'stringMap'],
};
const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
  8: ['fieldSelector', { 1: ['rawSelector', 'string'] }],
  9: ['labelSelector', { 1: ['rawSelector', 'string'] }],
};
const NON_RESOURCE_ATTRIBUTES: Schema = { 1: ['path', 'string'], 2: ['verb', 'string'] };
const EXTRA_VALUE: Schema = { 1: ['items', 'string', true] };
const SUBJECT_ACCESS_REVIEW_SPEC: Schema = {
  1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
  2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES],
  3: ['user', 'string'],
  4: ['groups', 'string', true],
  5: ['extra', { mapOf: EXTRA_VALUE }],
  6: ['uid', 'string'],
};
const DELETE_OPTIONS: Schema = {
  1: ['gracePeriodSeconds', 'int'],
  2: ['preconditions', { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] }],
  3: ['orphanDependents', 'bool'],
  4: ['propagationPolicy', 'string'],
  5: ['dryRun', 'string', true],
};

const KINDS: Record<string, Schema> = {
  SelfSubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['resourceAttributes', RESOURCE_ATTRIBUTES], 2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES] }] },
  SelfSubjectRulesReview: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['namespace', 'string'] }] },
  SubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', SUBJECT_ACCESS_REVIEW_SPEC] },
  LocalSubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', SUBJECT_ACCESS_REVIEW_SPEC] },
  SelfSubjectReview: { 1: ['metadata', OBJECT_META] },
  Eviction: { 1: ['metadata', OBJECT_META], 2: ['deleteOptions', DELETE_OPTIONS] },
  DeleteOptions: DELETE_OPTIONS,
};

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated bytes');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = Number(r.varint());
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    const field = schema[fieldNo];
    if (!field) {
      r.skip(wireType);
      continue;
    }
    const [name, type, repeated] = field;
    let value: unknown;
    if (type === 'int') value = Number(BigInt.asIntN(64, r.varint()));
    else if (type === 'bool') value = r.varint() !== 0n;
    else if (type === 'string') value = r.bytes().toString('utf8');
    else if (type === 'bytes') value = r.bytes();
    else if (type === 'stringMap' || 'mapOf' in type) {
      const entry = decodeMessage(r.bytes(), { 1: ['key', 'string'], 2: ['value', type === 'stringMap' ? 'string' : (type as { mapOf: Schema }).mapOf] });
      const map = (out[name] ??= {}) as Record<string, unknown>;
      const v = type === 'stringMap' ? (entry.value ?? '') : ((entry.value as { items?: string[] } | undefined)?.items ?? []);
      map[String(entry.key ?? '')] = v;
      continue;
    } else value = decodeMessage(r.bytes(), type);
    if (repeated) ((out[name] ??= []) as unknown[]).push(value);
    else out[name] = value;
  }
  return out;
}

/** The object in a protobuf request body, as JSON would have carried it. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw statusErrors.badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  try {
    const unknown = decodeMessage(body.subarray(4), { 1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }], 2: ['raw', 'bytes'] });
    const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const schema = typeMeta.kind ? KINDS[typeMeta.kind] : undefined;
    if (!schema) {
      throw statusErrors.badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    }
    return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage((unknown.raw as Buffer | undefined) ?? Buffer.alloc(0), schema) };
  } catch (err) {
    if (err instanceof Error && 'status' in err) throw err;
    throw statusErrors.badRequest(`unable to decode protobuf body: ${(err as Error).message}`);
  }
}
