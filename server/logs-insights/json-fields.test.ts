import { describe, expect, it } from 'vitest';
import { jsonFieldReader, TOO_MANY, wantedFields } from './json-fields';
import { discoverJson, MAX_JSON_FIELDS } from './record';

const MESSAGES = [
  '{"log":"GET /api 200 12ms","stream":"stdout","kubernetes":{"container_name":"backend-app","labels":{"app":"backend-app","app.kubernetes.io/name":"be"}}}',
  '  { "a" : [ 1 , {"b": "x\\"y\\\\"} , [true, null, -1.5e3] ] , "@t" : "\\u00e9\\n" }  ',
  '{"dup":1,"dup":"second","empty":{},"list":[],"n":null,"z":0}',
  '{"deep":{"a":{"b":{"c":{"d":"bottom"}}}},"k.with.dots":{"x":1}}',
];

const BROKEN = ['{"a":1', '{"a":1}}', '{"a":tru}', '{"a":"open}', '[1,2]', 'text {"a":1}', '{"a":1,}', '{a:1}', ''];

describe('reading only the wanted JSON fields', () => {
  it.each(MESSAGES)('gives the same names and values as a full discovery: %s', (message) => {
    const all = discoverJson(message)!;
    const names = Object.keys(all);
    expect(jsonFieldReader(wantedFields(names), MAX_JSON_FIELDS)(message)).toEqual(all);
    // A subset reads only that subset.
    const some = names.filter((_, i) => i % 2 === 0);
    expect(jsonFieldReader(wantedFields(some), MAX_JSON_FIELDS)(message)).toEqual(Object.fromEntries(some.map((n) => [n, all[n]])));
  });

  it('reaches keys with dots through their dotted name', () => {
    const read = jsonFieldReader(wantedFields(['kubernetes.labels.app.kubernetes.io/name', 'k.with.dots.x']), MAX_JSON_FIELDS);
    expect(read(MESSAGES[0])).toEqual({ 'kubernetes.labels.app.kubernetes.io/name': 'be' });
    expect(read(MESSAGES[3])).toEqual({ 'k.with.dots.x': 1 });
  });

  it.each(BROKEN)('finds nothing in a message that is not a JSON object: %s', (message) => {
    expect(discoverJson(message)).toBeNull();
    expect(jsonFieldReader(wantedFields(['a']), MAX_JSON_FIELDS)(message)).toBeNull();
  });

  it('hands messages that may hold more than 200 fields back for a full discovery', () => {
    const big = JSON.stringify({ first: 'x', rest: Object.fromEntries(Array.from({ length: 220 }, (_, i) => [`f${i}`, i])) });
    const small = JSON.stringify({ first: 'x', rest: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, i])) });
    const read = jsonFieldReader(wantedFields(['first']), MAX_JSON_FIELDS);
    expect(read(big)).toBe(TOO_MANY);
    expect(read(small)).toEqual({ first: 'x' });
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
    ];
    const wanted = ['log', 'kubernetes.container_name', 'kubernetes.extra'];
    const read = jsonFieldReader(wantedFields(wanted), MAX_JSON_FIELDS);
    const skip = jsonFieldReader(wantedFields(['log']), MAX_JSON_FIELDS);
    for (const m of messages) {
      const all = discoverJson(m);
      expect(read(m)).toEqual(all && Object.fromEntries(wanted.filter((n) => n in all).map((n) => [n, all[n]])));
      expect(skip(m)).toEqual(all && { log: all.log });
    }
  });

  it('a repeated large container still hands the message back for a full discovery', () => {
    const rest = Object.fromEntries(Array.from({ length: 220 }, (_, i) => [`f${i}`, i]));
    const read = jsonFieldReader(wantedFields(['first']), MAX_JSON_FIELDS);
    expect(read(JSON.stringify({ first: 'a', rest }))).toBe(TOO_MANY);
    expect(read(JSON.stringify({ first: 'b', rest }))).toBe(TOO_MANY);
  });
});
