/**
 * Conformance: the documented language over a fixed dataset
 * (conformance-events.ts), each query with its expected rows checked by hand.
 * Rows leave out @ptr except where a case is about it.
 */
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_EVENTS as EVENTS } from './conformance-events';
import { runQuery } from './engine';
import { validateQuery } from './validate';

type Row = Record<string, string>;

const rows = (query: string, keepPtr = false): Row[] => runQuery(query, EVENTS).results.map((r) => Object.fromEntries(r.filter((f) => keepPtr || f.field !== '@ptr').map((f) => [f.field, f.value])));

const cases = (list: [string, string, Row[]][]) => it.each(list)('%s', (_name, query, expected) => expect(rows(query)).toEqual(expected));

describe('commands', () => {
  cases([
    [
      'fields picks columns; sort @timestamp asc; plain-text events lack JSON fields',
      'fields @timestamp, level, status | sort @timestamp asc',
      [
        { '@timestamp': '2026-01-01 00:00:00.000', level: 'INFO', status: '200' },
        { '@timestamp': '2026-01-01 00:00:30.000', level: 'WARN', status: '404' },
        { '@timestamp': '2026-01-01 00:01:30.000', level: 'ERROR', status: '500' },
        { '@timestamp': '2026-01-01 00:02:30.000', level: 'INFO', status: '200' },
        { '@timestamp': '2026-01-01 00:06:40.000' },
        { '@timestamp': '2026-01-01 00:06:50.000' },
        { '@timestamp': '2026-01-01 00:11:40.000', level: 'INFO', status: '200' },
      ],
    ],
    [
      'display chooses the columns of the rows, newest first by default',
      'fields path | filter ispresent(level) | display path, level',
      [
        { path: '/api/items', level: 'INFO' },
        { path: '/health', level: 'INFO' },
        { path: '/api/orders', level: 'ERROR' },
        { path: '/api/items', level: 'WARN' },
        { path: '/api/orders', level: 'INFO' },
      ],
    ],
    [
      'filter with a numeric comparison',
      'filter status >= 400 | fields level, status',
      [
        { level: 'ERROR', status: '500' },
        { level: 'WARN', status: '404' },
      ],
    ],
    [
      'stats by bin(5m): one row per bucket, newest first',
      'stats count(*) as n by bin(5m) as t',
      [
        { t: '2026-01-01 00:10:00.000', n: '1' },
        { t: '2026-01-01 00:05:00.000', n: '2' },
        { t: '2026-01-01 00:00:00.000', n: '4' },
      ],
    ],
    [
      'stats by two fields, then sort on several keys; a missing aggregate is left out',
      'stats count(*) as n, max(status) as worst by @logStream, level | sort @logStream asc, n desc',
      [
        { '@logStream': 'web-1', n: '2' },
        { '@logStream': 'web-1', level: 'INFO', n: '1', worst: '200' },
        { '@logStream': 'web-1', level: 'WARN', n: '1', worst: '404' },
        { '@logStream': 'web-2', level: 'INFO', n: '2', worst: '200' },
        { '@logStream': 'web-2', level: 'ERROR', n: '1', worst: '500' },
      ],
    ],
    ['sort asc in natural order, then limit', 'filter ispresent(level) | sort level asc | limit 3 | fields level', [{ level: 'ERROR' }, { level: 'INFO' }, { level: 'INFO' }]],
    [
      'parse with a glob pattern',
      'parse @message "* * * *ms from *" as method, url, code, took, client | filter ispresent(method) | fields method, url, code, took, client',
      [
        { method: 'POST', url: '/api/items', code: '201', took: '130', client: '10.0.3.7' },
        { method: 'GET', url: '/api/orders', code: '200', took: '45', client: '10.0.1.5' },
      ],
    ],
    [
      'parse with a regex; records it does not match group under a missing value',
      'parse @message /(?<verb>GET|POST) (?<route>\\S+)/ | stats count(*) as n by verb',
      [{ n: '5' }, { verb: 'GET', n: '1' }, { verb: 'POST', n: '1' }],
    ],
    ['dedup keeps the newest record per value and every record without one', 'fields level | dedup level', [{ level: 'INFO' }, {}, {}, { level: 'ERROR' }, { level: 'WARN' }]],
    [
      'unnest a jsonParse LIST into one record per item; an empty list gives none',
      'fields jsonParse(@message) as j | unnest j.user.roles into role | display user.id, role',
      [
        { 'user.id': 'u2', role: 'dev' },
        { 'user.id': 'u1', role: 'admin' },
        { 'user.id': 'u1', role: 'dev' },
      ],
    ],
    ['unmask shows the field as stored', 'fields level | unmask level | filter level = "WARN"', [{ level: 'WARN' }]],
    ['# comments run to the end of their line', 'fields @timestamp # newest only\n| limit 1', [{ '@timestamp': '2026-01-01 00:11:40.000' }]],
    [
      'backquoted names and as aliases; an unnamed aggregate is named by its text',
      'fields `user.id` as uid | filter ispresent(uid) | stats count(*) by uid',
      [
        { uid: 'u1', 'count(*)': '2' },
        { uid: 'u2', 'count(*)': '1' },
      ],
    ],
  ]);
});

describe('operators', () => {
  cases([
    ['in', 'filter level in ["WARN", "ERROR"] | fields level', [{ level: 'ERROR' }, { level: 'WARN' }]],
    ['not in, and', 'filter level not in ["INFO"] and ispresent(level) | fields level', [{ level: 'ERROR' }, { level: 'WARN' }]],
    ['like with a string', 'filter path like "orders" | fields path', [{ path: '/api/orders' }, { path: '/api/orders' }]],
    [
      'like with a /regex/',
      'filter @message like /^(GET|POST) / | fields @message',
      [{ '@message': 'POST /api/items 201 130ms from 10.0.3.7' }, { '@message': 'GET /api/orders 200 45ms from 10.0.1.5' }],
    ],
    ['=~ with (?i)', 'filter @message =~ /(?i)error/ | fields level', [{ level: 'ERROR' }]],
    ['not like is true for a missing field', 'filter path not like /api/ | fields path', [{}, {}, { path: '/health' }]],
    ['not over a comparison with a missing field', 'filter not (status = 200) | fields status', [{}, {}, { status: '500' }, { status: '404' }]],
    [
      'arithmetic: + - * / % ^ and unary minus',
      'fields latency * 2 + 1 as a, latency / 4 as b, latency % 7 as c, 2 ^ 3 as d, -latency as e | filter level = "WARN"',
      [{ a: '71', b: '8.75', c: '0', d: '8', e: '-35' }],
    ],
    ['or', 'filter level = "WARN" or status = 500 | fields level', [{ level: 'ERROR' }, { level: 'WARN' }]],
  ]);
});

describe('functions', () => {
  cases([
    [
      'aggregations: count, count_distinct, sum, avg, min, max, stddev (sample), pct and percentile (nearest rank)',
      'stats count(*) as n, count(level) as withLevel, count_distinct(path) as paths, sum(latency) as total, avg(latency) as mean, min(latency) as lo, max(latency) as hi, stddev(latency) as sd, pct(latency, 50) as p50, percentile(latency, 90) as p90',
      [{ n: '7', withLevel: '5', paths: '3', total: '1195', mean: '239', lo: '35', hi: '900', sd: '370.816666292118', p50: '80', p90: '900' }],
    ],
    [
      'earliest, latest, sortsFirst, sortsLast',
      'stats earliest(level) as first, latest(level) as last, sortsFirst(path) as sf, sortsLast(path) as sl',
      [{ first: 'INFO', last: 'INFO', sf: '/api/items', sl: '/health' }],
    ],
    [
      'numeric: abs, ceil, floor, greatest, least, log, sqrt',
      'filter level = "WARN" | fields abs(-latency) as a, ceil(latency / 10) as c, floor(latency / 10) as f, greatest(latency, 50, 10) as g, least(latency, 50, 10) as l, log(latency) as ln, sqrt(latency + 14) as sq',
      [{ a: '35', c: '4', f: '3', g: '50', l: '10', ln: '3.5553480614894135', sq: '7' }],
    ],
    [
      'string: concat, strlen, trim, ltrim, rtrim, toupper, tolower, substr, replace, strcontains, isempty, isblank',
      'filter ispresent(note) | fields concat(level, "-", path) as k, strlen(note) as n, trim(note) as t, ltrim(note) as lt, rtrim(note) as rt, toupper(path) as u, tolower(level) as lo, substr(path, 1, 3) as s, replace(path, "/", "_") as r, strcontains(path, "items") as sc, isempty(note) as ie, isblank(missing) as ib',
      [{ k: 'INFO-/api/items', n: '10', t: 'padded', lt: 'padded  ', rt: '  padded', u: '/API/ITEMS', lo: 'info', s: 'api', r: '_api_items', sc: '1', ie: '0', ib: '1' }],
    ],
    [
      'datetime: datefloor, dateceil, toMillis, fromMillis, bin',
      'filter level = "ERROR" | fields datefloor(@timestamp, 1h) as f, dateceil(@timestamp, 1m) as c, toMillis(@timestamp) as ms, fromMillis(1767225600000) as fm, bin(1d) as d',
      [{ f: '2026-01-01 00:00:00.000', c: '2026-01-01 00:02:00.000', ms: '1767225690000', fm: '2026-01-01 00:00:00.000', d: '2026-01-01 00:00:00.000' }],
    ],
    [
      'IP addresses: isValidIp, isValidIpV4, isValidIpV6, isIpInSubnet, isIpv4InSubnet, isIpv6InSubnet',
      'fields isValidIp(ip) as v, isValidIpV4(ip) as v4, isValidIpV6(ip) as v6, isIpInSubnet(ip, "10.0.0.0/16") as sub, isIpv4InSubnet(ip, "192.168.0.0/16") as sub4, isIpv6InSubnet(ip, "2001:db8::/32") as sub6 | filter ispresent(ip) | sort @timestamp asc',
      [
        { v: '1', v4: '1', v6: '0', sub: '1', sub4: '0', sub6: '0' },
        { v: '1', v4: '1', v6: '0', sub: '1', sub4: '0', sub6: '0' },
        { v: '1', v4: '1', v6: '0', sub: '0', sub4: '1', sub6: '0' },
        { v: '1', v4: '0', v6: '1', sub: '0', sub4: '0', sub6: '1' },
        { v: '1', v4: '1', v6: '0', sub: '1', sub4: '0', sub6: '0' },
      ],
    ],
    [
      'general: coalesce, ispresent',
      'fields coalesce(level, "TEXT") as lv, ispresent(status) as p | sort @timestamp asc',
      [
        { lv: 'INFO', p: '1' },
        { lv: 'WARN', p: '1' },
        { lv: 'ERROR', p: '1' },
        { lv: 'INFO', p: '1' },
        { lv: 'TEXT', p: '0' },
        { lv: 'TEXT', p: '0' },
        { lv: 'INFO', p: '1' },
      ],
    ],
    [
      'JSON: jsonParse reached with dotted names and list indexes',
      'filter level = "INFO" | fields jsonParse(@message) as j | fields j.user.roles.0 as r0, j.path as jp | display jp, r0',
      [{ jp: '/api/items' }, { jp: '/health' }, { jp: '/api/orders', r0: 'admin' }],
    ],
    ['JSON: jsonStringify of a MAP and of a string', 'filter level = "WARN" | fields jsonStringify(jsonParse(@message)) as s, jsonStringify(level) as l', [{ s: EVENTS[1].message, l: '"WARN"' }]],
  ]);
});

describe('system fields', () => {
  it('@log, @logStream, @ingestionTime, and @ptr ending each event row', () => {
    expect(rows('fields @log, @logStream, @ingestionTime | limit 1', true)).toEqual([
      { '@log': '/conformance/app', '@logStream': 'web-2', '@ingestionTime': '2026-01-01 00:11:40.250', '@ptr': 'p700' },
    ]);
  });

  it('@message and @timestamp are the default columns', () => {
    expect(rows('filter level = "ERROR"')).toEqual([{ '@timestamp': '2026-01-01 00:01:30.000', '@message': EVENTS[2].message }]);
  });
});

describe('errors: line, column and what was expected', () => {
  it.each([
    ['fields @message\n| filter status >', { message: 'Expected an expression but found end of query', line: 2, column: 18, start: 33, end: 33 }],
    ['fields a | sortt a', { message: "Unknown command 'sortt': expected one of fields, display, filter, stats, sort, limit, parse, dedup, unnest, unmask", line: 1, column: 12, start: 11, end: 16 }],
    ['filter a like "x', { message: 'Unterminated string: expected a closing "', line: 1, column: 15, start: 14, end: 16 }],
    ['stats avg(latency)\n| limit 0', { message: 'limit must be between 1 and 100000, got 0', line: 2, column: 9, start: 27, end: 28 }],
    ['parse @message "* *" as a', { message: "The parse pattern has 2 '*' but 1 field name follows 'as'", line: 1, column: 16, start: 15, end: 25 }],
    ['fields count(*)', { message: "The aggregation function 'count' can only be used in a stats command", line: 1, column: 8, start: 7, end: 12 }],
    ['fields nosuch(a)', { message: "Unknown function 'nosuch'", line: 1, column: 8, start: 7, end: 13 }],
    ['stats count(*) by bin(5parsecs)', { message: "Unknown time unit 'parsecs': expected one of ms, s, m, h, d, w, mo, q, y (or their long names)", line: 1, column: 23, start: 22, end: 30 }],
    ['unnest a b', { message: "Expected 'into' but found 'b'", line: 1, column: 10, start: 9, end: 10 }],
    ['fields a |', { message: 'Expected a query command but found end of query', line: 1, column: 11, start: 10, end: 10 }],
  ])('%j', (query, error) => {
    const result = validateQuery(query);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const { message, line, column, start, end } = result.error;
    expect({ message, line, column, start, end }).toEqual(error);
  });
});
