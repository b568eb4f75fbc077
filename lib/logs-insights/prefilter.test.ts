import { describe, expect, it } from 'vitest';
import { runQuery } from './engine';
import { parseQuery } from './parser';
import { prefilter } from './prefilter';

const test = (query: string) => prefilter(parseQuery(query).commands);

describe('the raw-message prefilter', () => {
  it('needs one of the like needles of an or, and every needle of an and', () => {
    const p = test('filter log not like /^\\[/ and (log like /WARN/ or log like "error")')!;
    expect(p('{"log":"WARN low"}')).toBe(true);
    expect(p('{"log":"an error"}')).toBe(true);
    expect(p('{"log":"all fine"}')).toBe(false);
    const both = test('filter kubernetes.container_name = "backend-app" | filter log like /Health/')!;
    expect(both('{"log":"Health","kubernetes":{"container_name":"frontend"}}')).toBe(false);
    expect(both('{"log":"Health","kubernetes":{"container_name":"backend-app"}}')).toBe(true);
  });

  it('an or of ands needs one needle of each pairing', () => {
    const p = test('filter (log like "disk" and log like "low") or log like "fatal"')!;
    expect(p('{"log":"disk low"}')).toBe(true);
    expect(p('{"log":"fatal"}')).toBe(true);
    expect(p('{"log":"disk fine"}')).toBe(false);
    expect(p('{"log":"low battery"}')).toBe(false);
  });

  it('needles with pattern characters are searched as text', () => {
    const p = test('filter log like "a+b (c)" or log like "x|y"')!;
    expect(p('{"log":"a+b (c)"}')).toBe(true);
    expect(p('{"log":"x|y"}')).toBe(true);
    expect(p('{"log":"aab c x"}')).toBe(false);
  });

  it('gives nothing for filters it cannot turn into a needle', () => {
    expect(test('filter log like /Health GET API called./')).toBeNull();
    expect(test('filter log like /(?i)warn/')).toBeNull();
    expect(test('filter log not like /WARN/')).toBeNull();
    expect(test('filter status = "500"')).toBeNull();
    expect(test('filter path like "/api"')).toBeNull();
    expect(test('filter @logStream like "backend"')).toBeNull();
    expect(test('filter log like /WARN/ or ispresent(x)')).toBeNull();
    expect(test('parse @message "* *" as log, rest | filter log like /WARN/')).toBeNull();
    expect(test('fields @message | stats count(*) by log | filter log like /WARN/')).toBeNull();
  });

  it('reads every message that spells characters as \\u escapes', () => {
    const message = '{"log":"\\u0057ARN disk low"}';
    expect(test('filter log like /WARN/')!(message)).toBe(true);
    expect(runQuery('filter log like /WARN/ | stats count(*) as n', [{ timestamp: 0, message, logStream: 's', logGroup: 'g' }]).results).toEqual([[{ field: 'n', value: '1' }]]);
  });

  it('skipped events still count as scanned, not matched', () => {
    const events = ['{"log":"WARN a"}', '{"log":"fine"}', 'plain WARN text'].map((message, i) => ({ timestamp: i, message, logStream: 's', logGroup: 'g' }));
    expect(runQuery('filter log like /WARN/ | fields log', events).statistics).toEqual({ recordsMatched: 1, recordsScanned: 3, bytesScanned: 45 });
  });
});
