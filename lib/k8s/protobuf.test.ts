import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, ProtobufError, Reader, rfc3339, UnknownMember, unwrapUnknown, wrapUnknown, Writer, type Schema } from './protobuf';
import { decodeStatus, STATUS } from './protobuf-schemas';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('protobuf wire', () => {
  it('writes and reads integers as protobuf varints, negative ones over ten bytes', () => {
    const w = new Writer();
    for (const n of [0, 1, 127, 128, 300, 2 ** 31 - 1, 2 ** 40, -1, -(2 ** 31)]) w.varint(n);
    // 300 is ac 02 and -1 is ten bytes ending 01 (the protobuf encoding guide's own examples).
    expect(hex(w.finish())).toBe(['00', '01', '7f', '8001', 'ac02', 'ffffffff07', '808080808020', 'ffffffffffffffffff01', '80808080f8ffffffff01'].join(''));
    const r = new Reader(w.finish());
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(() => r.int())).toEqual([0, 1, 127, 128, 300, 2 ** 31 - 1, 2 ** 40, -1, -(2 ** 31)]);
    expect(r.done).toBe(true);
  });

  it('reads back every string, short ones seen before among them, whatever shares their slot', () => {
    // More distinct short strings than the 4,096 slots kept, so that many share one; each read twice, and non-ASCII ones.
    const texts = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? `네임스페이스-${i}` : `pod-${i.toString(36)}`));
    const written = [...texts, ...[...texts].reverse()];
    const w = new Writer();
    for (const text of written) w.string(1, text);
    const r = new Reader(Buffer.from(w.finish()));
    const read: string[] = [];
    while (!r.done) {
      r.varint();
      read.push(r.string());
    }
    expect(read).toEqual(written);
  });

  it('refuses a truncated message rather than read past it', () => {
    expect(() => decodeMessage(Uint8Array.from([0x0a, 0x05, 0x61]), { 1: ['name', 'string'] })).toThrow(ProtobufError);
    expect(() => decodeMessage(Uint8Array.from([0x08, 0x80]), { 1: ['n', 'int'] })).toThrow('truncated varint');
  });
});

const SCHEMA: Schema = {
  1: ['name', 'string'],
  2: ['count', 'int'],
  3: ['on', 'bool'],
  4: ['at', 'time'],
  5: ['labels', { map: 'string' }],
  6: ['limits', { map: 'quantity' }],
  7: ['port', 'intOrString'],
  8: ['items', { 1: ['key', 'string'] }, true],
  9: ['ref', { 1: ['secretName', 'string'] }, 'inline'],
  10: ['data', { map: 'bytes' }],
  11: ['micro', 'microTime'],
};

describe('messages from and to the API JSON', () => {
  it('gives back the JSON it was given', () => {
    const obj = {
      name: '결제-api',
      count: -3,
      on: true,
      at: '2026-12-07T09:30:00Z',
      labels: { app: 'web', tier: '' },
      limits: { cpu: '500m', memory: '1Gi' },
      port: 'http',
      items: [{ key: 'a' }, { key: 'b' }],
      name2: undefined,
      data: { 'ca.crt': 'aGVsbG8=' },
      micro: '2026-12-07T09:30:00.123456Z',
    };
    delete (obj as { name2?: unknown }).name2;
    expect(decodeMessage(encodeMessage(obj, SCHEMA), SCHEMA)).toEqual(obj);
    expect(decodeMessage(encodeMessage({ port: 8080 }, SCHEMA), SCHEMA)).toEqual({ port: 8080 });
  });

  it("writes an embedded struct's members in its own field and reads them back among the parent's", () => {
    const bytes = encodeMessage({ key: 'x', name: 'app-config' }, { 1: ['ref', { 1: ['name', 'string'] }, 'inline'], 2: ['key', 'string'] });
    // Field 1 holds a message whose field 1 is "app-config"; field 2 is "x".
    expect(hex(bytes)).toBe(`0a0c0a0a${Buffer.from('app-config').toString('hex')}1201${Buffer.from('x').toString('hex')}`);
    expect(decodeMessage(bytes, { 1: ['ref', { 1: ['name', 'string'] }, 'inline'], 2: ['key', 'string'] })).toEqual({ name: 'app-config', key: 'x' });
  });

  it('refuses a member it has no field for, naming where it is', () => {
    expect(() => encodeMessage({ items: [{ key: 'a', extra: 1 }] }, SCHEMA)).toThrow(new UnknownMember('items[0].extra'));
    expect(() => encodeMessage({ labels: { a: 1 } }, SCHEMA)).toThrow('labels[a]: not a string');
  });

  it('skips the fields a schema leaves out, unless asked to refuse those that carry a value', () => {
    const bytes = encodeMessage({ name: 'web', count: 2, at: '2026-12-07T09:30:00Z' }, SCHEMA);
    expect(decodeMessage(bytes, { 1: ['name', 'string'] })).toEqual({ name: 'web' });
    expect(() => decodeMessage(bytes, { 1: ['name', 'string'] }, { strict: true })).toThrow(UnknownMember);
    // Go writes zero values of non-pointer fields: those are not lost.
    expect(decodeMessage(encodeMessage({ name: 'web', count: 0 }, SCHEMA), { 1: ['name', 'string'] }, { strict: true })).toEqual({ name: 'web' });
  });

  it('reads the zero Time Go writes for an unset non-pointer Time as absent, as JSON has null', () => {
    const w = new Writer();
    w.bytes(4, new Uint8Array());
    w.string(1, '');
    expect(decodeMessage(w.finish(), SCHEMA)).toEqual({});
  });
});

describe('Times', () => {
  it('are written as JavaScript writes the same instant, for every day from 1969 to 2401', () => {
    // Every day at a time of day that moves, through the leap days of 2000 and 2400 and the non-leap 2100.
    for (let seconds = -86_400 * 366; seconds < 86_400 * 157_000; seconds += 86_400 + 3_607) {
      expect(rfc3339(seconds)).toBe(new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));
    }
    expect(rfc3339(1_767_225_600, 123_456_789, true)).toBe('2026-01-01T00:00:00.123456Z');
    expect(rfc3339(-62_135_596_800)).toBe('0001-01-01T00:00:00Z');
  });
});

describe('the envelope', () => {
  it('wraps a Status as the API server does and reads it back', () => {
    const status = {
      metadata: {},
      status: 'Failure',
      message: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'pods' },
      code: 403,
    };
    const body = wrapUnknown('v1', 'Status', encodeMessage(status, STATUS));
    expect(hex(body.subarray(0, 4))).toBe('6b387300');
    expect(unwrapUnknown(body)).toMatchObject({ apiVersion: 'v1', kind: 'Status' });
    expect(decodeStatus(body)).toEqual({ kind: 'Status', apiVersion: 'v1', ...status });
  });

  it('refuses what does not start with the magic bytes, with the API server message', () => {
    expect(() => unwrapUnknown(Buffer.from('{"kind":"Status"}'))).toThrow('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  });
});
