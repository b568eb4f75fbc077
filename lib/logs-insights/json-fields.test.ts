import { describe, expect, it } from 'vitest';
import { JsonFieldReader, READ_IN_FULL } from './json-fields';
import { discoverJson, FieldDiscovery, MAX_JSON_FIELDS, type Fields } from './record';

/** What the reader gives, as the name-to-value object of the names it found. */
function readFields(reader: JsonFieldReader, message: string): Fields | null | typeof READ_IN_FULL {
  const values = reader.read(message);
  if (values === null || values === READ_IN_FULL) return values;
  return Object.fromEntries(reader.names.flatMap((name, slot) => (values[slot] === null ? [] : [[name, values[slot]]])));
}

/** What a full discovery gives for the same names. */
function fullFields(names: readonly string[], message: string): Fields | null {
  const all = discoverJson(message);
  return all && Object.fromEntries(names.filter((n) => all[n] !== undefined).map((n) => [n, all[n]]));
}

/** What the discovery the engine uses gives, as a name-to-value object. */
function discovered(names: readonly string[], message: string, discovery = new FieldDiscovery(names)): Fields | null {
  const values = discovery.read(message);
  return (
    values &&
    Object.fromEntries(
      names.flatMap((name) => {
        const value = values[discovery.slots.get(name)!];
        return value === null ? [] : [[name, value]];
      }),
    )
  );
}

const MESSAGES = [
  '{"log":"GET /api 200 12ms","stream":"stdout","kubernetes":{"container_name":"backend-app","labels":{"app":"backend-app","app.kubernetes.io/name":"be"}}}',
  '  { "a" : [ 1 , {"b": "x\\"y\\\\"} , [true, null, -1.5e3] ] , "@t" : "\\u00e9\\n" }  ',
  '{"dup":1,"dup":"second","empty":{},"list":[],"n":null,"z":0}',
  '{"deep":{"a":{"b":{"c":{"d":"bottom"}}}},"k.with.dots":{"x":1}}',
  '\t{"l\\u006fg":"escaped key","\\u0040id":"escaped at","@@x":1,"":{"":"empty keys"}}\r\n',
  '{"num":-0,"big":1e400,"exp":2.5E-3,"t":true,"f":false,"s":"\\/\\b\\f\\r\\t"}',
];

const BROKEN = [
  '{"a":1',
  '{"a":1}}',
  '{"a":tru}',
  '{"a":"open}',
  '[1,2]',
  'text {"a":1}',
  '{"a":1,}',
  '{a:1}',
  '',
  // Whatever the reader skips must still be valid JSON.
  '{"a":1,"skip":{"x" "y"}}',
  '{"a":1,"skip":[1,,2]}',
  '{"a":1,"skip":{"x":01}}',
  '{"a":1,"skip":"bad \\x escape"}',
  '{"a":1,"skip":"raw\ttab"}',
  '{"a":1,"skip":"\\u12g4"}',
  '{"a":1,"skip":nul}',
  '{"a":1,"skip":1.}',
  // Full discovery looks for the object after spaces and tabs only.
  '\n{"a":1}',
  '{"a":1} x',
];

describe('reading only the wanted JSON fields', () => {
  it.each(MESSAGES)('gives the same names and values as a full discovery: %s', (message) => {
    const all = discoverJson(message)!;
    const names = Object.keys(all);
    expect(discovered(names, message)).toEqual(all);
    // A subset reads only that subset.
    const some = names.filter((_, i) => i % 2 === 0);
    expect(discovered(some, message)).toEqual(fullFields(some, message));
  });

  it.each(MESSAGES.filter((m) => !m.includes('dup')))('settles a message without duplicate keys alone: %s', (message) => {
    const all = discoverJson(message)!;
    expect(readFields(new JsonFieldReader(Object.keys(all), MAX_JSON_FIELDS), message)).toEqual(all);
  });

  it('reads an escaped key as its text and doubles an escaped top-level @', () => {
    const reader = new JsonFieldReader(['log', '@@id', '@@@x', '.'], MAX_JSON_FIELDS);
    expect(fullFields(reader.names, MESSAGES[4])).toEqual({ log: 'escaped key', '@@id': 'escaped at', '@@@x': 1, '.': 'empty keys' });
    expect(readFields(reader, MESSAGES[4])).toEqual({ log: 'escaped key', '@@id': 'escaped at', '@@@x': 1, '.': 'empty keys' });
  });

  it('reaches keys with dots through their dotted name', () => {
    const reader = new JsonFieldReader(['kubernetes.labels.app.kubernetes.io/name', 'k.with.dots.x'], MAX_JSON_FIELDS);
    expect(readFields(reader, MESSAGES[0])).toEqual({ 'kubernetes.labels.app.kubernetes.io/name': 'be' });
    expect(readFields(reader, MESSAGES[3])).toEqual({ 'k.with.dots.x': 1 });
  });

  it.each(BROKEN)('finds nothing in a message that is not a JSON object: %s', (message) => {
    expect(discoverJson(message)).toBeNull();
    expect(new JsonFieldReader(['a'], MAX_JSON_FIELDS).read(message)).toBeNull();
  });

  it.each([
    ['a later duplicate key wins', '{"a":1,"a":2}', ['a'], { a: 2 }],
    ['a later null removes the field', '{"a":1,"a":null}', ['a'], {}],
    ['a later scalar replaces an object', '{"a":{"b":1},"a":2}', ['a', 'a.b'], { a: 2 }],
    ['a later object replaces a scalar', '{"a":2,"a":{"b":1}}', ['a', 'a.b'], { 'a.b': 1 }],
    ['a later object replaces an earlier one', '{"a":{"b":1},"a":{"c":2}}', ['a.b', 'a.c'], { 'a.c': 2 }],
    ['a dotted key and a nested object name the same field', '{"a":{"b":1},"a.b":2}', ['a.b'], { 'a.b': 2 }],
    ['integer keys come first in a full discovery', '{"0.a":2,"0":{"a":1}}', ['0.a'], { '0.a': 2 }],
    ['an array and a dotted key name the same item', '{"a":[5],"a.0":6}', ['a.0'], { 'a.0': 6 }],
  ])('settles names reached twice as a full discovery does: %s', (_, message, names, expected) => {
    expect(fullFields(names, message)).toEqual(expected);
    expect(new JsonFieldReader(names, MAX_JSON_FIELDS).read(message)).toBe(READ_IN_FULL);
    expect(discovered(names, message)).toEqual(expected);
  });

  it('a duplicate key the query does not read is skipped without a full read', () => {
    const reader = new JsonFieldReader(['log'], MAX_JSON_FIELDS);
    expect(readFields(reader, '{"log":"x","other":1,"other":2}')).toEqual({ log: 'x' });
  });

  it('reads arrays by index, and a top-level @ name doubled', () => {
    const message = '{"@timestamp":"t","list":[{"x":"first"},["deep"],3],"tags":["a","b"]}';
    const names = ['@@timestamp', '@timestamp', 'list.0.x', 'list.1.0', 'list.2', 'tags.1', 'tags.2'];
    expect(readFields(new JsonFieldReader(names, MAX_JSON_FIELDS), message)).toEqual({
      '@@timestamp': 't',
      'list.0.x': 'first',
      'list.1.0': 'deep',
      'list.2': 3,
      'tags.1': 'b',
    });
    expect(fullFields(names, message)).toEqual(readFields(new JsonFieldReader(names, MAX_JSON_FIELDS), message));
  });

  it('hands messages that may hold more than 200 fields back for a full discovery', () => {
    const big = JSON.stringify({ first: 'x', rest: Object.fromEntries(Array.from({ length: 220 }, (_, i) => [`f${i}`, i])) });
    const small = JSON.stringify({ first: 'x', rest: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, i])) });
    const reader = new JsonFieldReader(['first', 'rest.f210'], MAX_JSON_FIELDS);
    expect(reader.read(big)).toBe(READ_IN_FULL);
    expect(readFields(reader, small)).toEqual({ first: 'x' });
    // Full discovery stops at 200 fields: rest.f210 is not one of them.
    expect(discovered(['first', 'rest.f210'], big)).toEqual({ first: 'x' });
  });

  it('nulls count as no field towards the 200', () => {
    const message = JSON.stringify({ first: 'x', rest: Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, i < 60 ? i : null])) });
    expect(readFields(new JsonFieldReader(['first', 'rest.f59'], MAX_JSON_FIELDS), message)).toEqual({ first: 'x', 'rest.f59': 59 });
  });

  it('a container repeated across messages reads the same as the first time, and a changed one is read afresh', () => {
    const kubernetes = { pod_name: 'backend-app-7d9f8c6b5-x2kqp', namespace_name: 'eks-work', container_name: 'backend-app', labels: { app: 'backend-app' } };
    const messages = [
      JSON.stringify({ log: 'one', kubernetes }),
      JSON.stringify({ log: 'two', kubernetes }),
      JSON.stringify({ log: 'three', kubernetes: { ...kubernetes, container_name: 'frontend' } }),
      JSON.stringify({ log: 'four', kubernetes: { ...kubernetes, extra: 1 } }),
      `{"log":"five","kubernetes":${JSON.stringify(kubernetes).slice(0, -1)}`,
      JSON.stringify({ log: 'six', kubernetes }),
      // The same container again, now beside a dotted key that names one of its fields.
      `${JSON.stringify({ log: 'seven', kubernetes }).slice(0, -1)},"kubernetes.container_name":"outer"}`,
      JSON.stringify({ log: 'eight', kubernetes, again: kubernetes }),
    ];
    const wanted = ['log', 'kubernetes.container_name', 'kubernetes.extra'];
    const read = new JsonFieldReader(wanted, MAX_JSON_FIELDS);
    const skip = new JsonFieldReader(['log'], MAX_JSON_FIELDS);
    for (const m of messages) {
      const full = read.read(m) === READ_IN_FULL ? READ_IN_FULL : fullFields(wanted, m);
      expect(readFields(read, m)).toEqual(full);
      expect(discovered(wanted, m)).toEqual(fullFields(wanted, m));
      expect(readFields(skip, m)).toEqual(fullFields(['log'], m));
    }
    expect(discovered(wanted, messages[6])).toEqual({ log: 'seven', 'kubernetes.container_name': 'outer' });
  });

  it('a repeated large container still hands the message back for a full discovery', () => {
    const rest = Object.fromEntries(Array.from({ length: 220 }, (_, i) => [`f${i}`, i]));
    const reader = new JsonFieldReader(['first'], MAX_JSON_FIELDS);
    expect(reader.read(JSON.stringify({ first: 'a', rest }))).toBe(READ_IN_FULL);
    expect(reader.read(JSON.stringify({ first: 'b', rest }))).toBe(READ_IN_FULL);
  });

  it('a string with more escapes than the pattern can hold is left to a full read', () => {
    const message = `{"a":"${'\\n'.repeat(20_000_000)}","b":1}`;
    expect(discovered(['b'], message)).toEqual({ b: 1 });
  });
});

/** A small seeded generator, so a failure names its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['a', 'b', 'log', '@a', 'a.b', '0', '1', 'x.y.z', '', 'k\\u0065y', 'b.0'];
const STRINGS = ['"x"', '"GET /a 200"', '"q\\"uote"', '"\\u00e9\\n"', '""', '"a.b"', '"\\\\"'];
const LITERALS = ['0', '-1.5', '2e3', 'true', 'false', 'null', '12345678901234567890'];
// Pieces that turn valid text into invalid JSON somewhere inside.
const DAMAGE = ['', ',', '}', '"', '\\', '\t', '\u0001', ' ', 'tru', '01'];

function generate(next: () => number, depth: number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const r = next();
  if (depth > 0 && r < 0.3) {
    const n = Math.floor(next() * 4);
    return `{${Array.from({ length: n }, () => `"${pick(KEYS)}":${generate(next, depth - 1)}`).join(',')}}`;
  }
  if (depth > 0 && r < 0.45) return `[${Array.from({ length: Math.floor(next() * 3) }, () => generate(next, depth - 1)).join(', ')}]`;
  return r < 0.75 ? pick(STRINGS) : pick(LITERALS);
}

describe('the partial reader and full discovery agree on generated messages', () => {
  it('over 3,000 random messages, valid and damaged, with repeated containers', () => {
    const names = ['a', 'b', 'log', '@@a', '@a', 'a.b', 'a.b.a', '0', '0.1', 'b.0', 'b.0.a', 'x.y.z', 'key', 'a.0', 'a.1.b', '.', 'a.'];
    const reader = new JsonFieldReader(names, MAX_JSON_FIELDS);
    const discovery = new FieldDiscovery(names);
    const next = random(20261123);
    let valid = 0;
    let settled = 0;
    // Containers repeated across messages, long enough to be remembered.
    const shared = [
      ...Array.from({ length: 4 }, () => generate(next, 3)),
      '{"pod_name":"backend-app-7d9f8c6b5-x2kqp","a":{"b":"inner"},"labels":{"app":"x","app.kubernetes.io/name":"y"}}',
      '[{"a":1,"b":[true,"long enough to be remembered by the reader"]},"x",{"b":{"a":2}}]',
    ];
    for (let n = 0; n < 3000; n++) {
      const keys = Array.from(
        { length: 1 + Math.floor(next() * 5) },
        () => `"${KEYS[Math.floor(next() * KEYS.length)]}":${next() < 0.3 ? shared[Math.floor(next() * shared.length)] : generate(next, 3)}`,
      );
      let message = `{${keys.join(',')}}`;
      if (next() < 0.2) {
        const at = Math.floor(next() * message.length);
        message = message.slice(0, at) + DAMAGE[Math.floor(next() * DAMAGE.length)] + message.slice(at + 1);
      }
      const full = fullFields(names, message);
      if (full !== null) valid++;
      const partial = readFields(reader, message);
      if (partial !== READ_IN_FULL) {
        settled++;
        expect([message, partial]).toEqual([message, full]);
      }
      expect([message, discovered(names, message, discovery)]).toEqual([message, full]);
    }
    // Valid and broken messages both generated in earnest (seeded, so exact), and most settled without a full read.
    expect(valid).toBe(2581);
    expect(settled).toBe(2261);
  });
});
