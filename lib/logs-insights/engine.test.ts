import { describe, expect, it } from 'vitest';
import { numberedGroups, QueryRun, runQuery } from './engine';
import { discoverJson, MAX_JSON_FIELDS, type LogEvent } from './record';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from './seed-queries';
import { EVENTS, fluentdEvent, GROUP, T0 } from './test-events';

/** Rows as plain objects, keeping field order visible. */
const rows = (query: string, events: LogEvent[] = EVENTS, accountId?: string) => runQuery(query, events, { accountId }).results.map((r) => r.map(({ field, value }) => [field, value]));

describe('the seed queries, unchanged', () => {
  it('ACCESS_COUNT counts backend-app health, region and location calls that are not framework lines', () => {
    const q = ACCESS_COUNT_QUERY;
    expect(q).toContain('log like / \nREGION GET ALL API/');
    // The seed's regex was wrapped across a line, so it matches only a log with that line break:
    // "REGION GET ALL API" alone is not counted, exactly as the text asks.
    expect(rows(q)).toEqual([[['ACCESS_COUNT', '3']]]);
    expect(runQuery(q, EVENTS).statistics).toEqual({
      recordsMatched: 3,
      recordsScanned: 12,
      bytesScanned: EVENTS.reduce((n, e) => n + e.message.length, 0),
    });
  });

  it('ERROR_COUNT counts WARN and error lines per container as APP', () => {
    const q = ERROR_COUNT_QUERY;
    expect(rows(q)).toEqual([
      [
        ['APP', 'backend-app'],
        ['ERROR_COUNT', '1'],
      ],
      [
        ['APP', 'frontend'],
        ['ERROR_COUNT', '2'],
      ],
      [
        ['APP', 'aws-node'],
        ['ERROR_COUNT', '1'],
      ],
    ]);
  });

  it('the seed regex matches a log that really carries the wrapped line break', () => {
    const q = ACCESS_COUNT_QUERY;
    expect(rows(q, [fluentdEvent(0, 'backend-app', 'x \nREGION GET ALL API')])).toEqual([[['ACCESS_COUNT', '1']]]);
  });
});

describe('records and columns', () => {
  it('a query without fields returns @timestamp, @message and @ptr, newest first', () => {
    const r = rows('filter kubernetes.container_name = "aws-node"');
    expect(r).toEqual([
      [
        ['@timestamp', '2026-01-01 00:01:20.000'],
        ['@message', EVENTS[8].message],
        ['@ptr', 'ptr-80'],
      ],
    ]);
  });

  it('fields picks columns and leaves out fields a record lacks', () => {
    expect(rows('fields @timestamp, stream, nosuch | filter kubernetes.container_name = "frontend" | limit 2')).toEqual([
      [
        ['@timestamp', '2026-01-01 00:01:40.000'],
        ['stream', 'stdout'],
        ['@ptr', 'ptr-100'],
      ],
      [
        ['@timestamp', '2026-01-01 00:01:30.000'],
        ['stream', 'stdout'],
        ['@ptr', 'ptr-90'],
      ],
    ]);
  });

  it('system fields: @logStream, @log with the account, @ingestionTime', () => {
    expect(rows('fields @log, @logStream, @ingestionTime | limit 1', EVENTS, '123456789012')).toEqual([
      [
        ['@log', `123456789012:${GROUP}`],
        ['@logStream', EVENTS[11].logStream],
        ['@ingestionTime', '2026-01-01 00:06:01.500'],
        ['@ptr', 'ptr-360'],
      ],
    ]);
  });

  it('display replaces the columns; only the last display counts', () => {
    expect(rows('fields log, stream | display stream | display log | filter log like "upstream"')).toEqual([
      [
        ['log', 'upstream error'],
        ['@ptr', 'ptr-100'],
      ],
    ]);
  });

  it('unmask shows a field as stored: nothing here is masked', () => {
    expect(rows('fields log | unmask log | filter stream = "stderr"')).toEqual([
      [
        ['log', 'fetch error: 502'],
        ['@ptr', 'ptr-60'],
      ],
    ]);
  });

  it('without a limit at most 10000 records come back', () => {
    const many = Array.from({ length: 10_050 }, (_, i) => ({ timestamp: T0 + i, message: `m${i}`, logStream: 's', logGroup: 'g' }));
    const result = runQuery('fields @message', many).results;
    expect(result.length).toBe(10_000);
    expect(result[0]).toEqual([{ field: '@message', value: 'm10049' }]);
    expect(result[9_999]).toEqual([{ field: '@message', value: 'm50' }]);
    expect(runQuery('fields @message | limit 10040', many).results.length).toBe(10_040);
  });
});

describe('JSON field discovery', () => {
  it('flattens nested objects with dots and arrays by index', () => {
    expect(discoverJson('{"a":{"b":1,"c":[{"d":"x"},true]},"@id":"7","n":null}')).toEqual({
      'a.b': 1,
      'a.c.0.d': 'x',
      'a.c.1': 'true',
      '@@id': '7',
    });
  });

  it('stops after the documented 200 fields', () => {
    const obj = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, i]));
    const fields = discoverJson(JSON.stringify(obj))!;
    expect(MAX_JSON_FIELDS).toBe(200);
    expect(Object.keys(fields).length).toBe(200);
    expect(fields.f199).toBe(199);
    expect(fields.f200).toBeUndefined();
  });

  it('a query sees the same 200 fields: the 201st field of a large event is not there', () => {
    const obj = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, i]));
    const e = { timestamp: T0, message: JSON.stringify(obj), logStream: 's', logGroup: 'g' };
    expect(rows('fields f10, f199, f200', [e])).toEqual([
      [
        ['f10', '10'],
        ['f199', '199'],
      ],
    ]);
  });

  it('plain text and broken JSON discover nothing', () => {
    expect(discoverJson('INFO started')).toBeNull();
    expect(discoverJson('{"a":')).toBeNull();
  });

  it('backquoted names reach fields with characters outside letters, digits, @ and dots', () => {
    const e = { timestamp: T0, message: '{"foo-bar":"yes"}', logStream: 's', logGroup: 'g' };
    expect(rows('fields `foo-bar`', [e])).toEqual([[['foo-bar', 'yes']]]);
  });
});

describe('filter', () => {
  it('like with a string is a case-sensitive substring match', () => {
    expect(rows('filter log like "Health" | display log')).toEqual([
      [
        ['log', 'Health GET API called.'],
        ['@ptr', 'ptr-360'],
      ],
      [
        ['log', '[INFO] Health GET API called.'],
        ['@ptr', 'ptr-10'],
      ],
      [
        ['log', 'Health GET API called.'],
        ['@ptr', 'ptr-0'],
      ],
    ]);
    expect(rows('filter log like "health"')).toEqual([]);
  });

  it('=~ with (?i) anywhere in the regex ignores case', () => {
    expect(rows('filter log =~ /^(?i)warn/ | display log')).toEqual([
      [
        ['log', 'WARN connection pool low'],
        ['@ptr', 'ptr-40'],
      ],
    ]);
  });

  it('in and not in test membership, numbers against numeric text', () => {
    expect(rows('parse log "GET * * *" as path, status, took | filter status in [500, 404] | display path')).toEqual([
      [
        ['path', '/api/locations'],
        ['@ptr', 'ptr-90'],
      ],
    ]);
    expect(rows('filter kubernetes.container_name not in ["backend-app", "frontend"] | display log')).toEqual([
      [
        ['log', 'ipamd error: no free IP'],
        ['@ptr', 'ptr-80'],
      ],
    ]);
  });

  it('comparisons and arithmetic on numbers; missing fields never compare', () => {
    expect(rows('parse log "GET * * *ms" as path, status, took | filter took * 2 >= 24 and status != 500 | display took')).toEqual([
      [
        ['took', '12'],
        ['@ptr', 'ptr-70'],
      ],
    ]);
  });

  it('not, and, or with parentheses across lines and comments', () => {
    const q = `# errors outside backend-app
filter not (kubernetes.container_name = "backend-app")
  # | filter stream = "stdout"
  and (stream = "stderr" or log like /upstream/)
| display log`;
    expect(rows(q)).toEqual([
      [
        ['log', 'upstream error'],
        ['@ptr', 'ptr-100'],
      ],
      [
        ['log', 'fetch error: 502'],
        ['@ptr', 'ptr-60'],
      ],
    ]);
  });
});

describe('parse', () => {
  it('glob: stars are lazy, a trailing star takes the rest, the pattern need not match at the start', () => {
    const e = { timestamp: T0, message: '25 May 2019 10:24:39,474 [ERROR] {foo=2, bar=data} The error was: DataIntegrityException', logStream: 's', logGroup: 'g' };
    expect(rows('parse @message "[*] * The error was: *" as level, config, exception | display level, config, exception', [e])).toEqual([
      [
        ['level', 'ERROR'],
        ['config', '{foo=2, bar=data}'],
        ['exception', 'DataIntegrityException'],
      ],
    ]);
  });

  it('regex: named groups become fields', () => {
    const e = { timestamp: T0, message: '25 May 2019 10:24:39,474 [ERROR] {foo=2, bar=data} The error was: DataIntegrityException', logStream: 's', logGroup: 'g' };
    expect(rows('parse @message /\\[(?<level>\\S+)\\]\\s+(?<config>\\{.*\\})\\s+The error was: (?<exception>\\S+)/ | display exception, level', [e])).toEqual([
      [
        ['exception', 'DataIntegrityException'],
        ['level', 'ERROR'],
      ],
    ]);
  });

  it('regex: named groups found among plain and non-capturing groups, escaped parentheses and classes', () => {
    const e = { timestamp: T0, message: 'id=(7) user alice [x(y] took 12ms', logStream: 's', logGroup: 'g' };
    const query = 'parse @message /id=\\((\\d)\\) (?:user) (?<user>\\w+) \\[[^(]\\((?<inner>y)\\] took (?<took>\\d+)(?<never>z)?/ | display user, inner, took, never';
    expect(rows(query, [e])).toEqual([
      [
        ['user', 'alice'],
        ['inner', 'y'],
        ['took', '12'],
      ],
    ]);
    expect(numberedGroups(/a(b)(?:c)(?<x>d)[(](?<=d\()(?<y>e)/)).toEqual({
      source: 'a(b)(?:c)(d)[(](?<=d\\()(e)',
      numbers: new Map([
        ['x', 2],
        ['y', 3],
      ]),
    });
    expect(numberedGroups(/(?<x>a)\k<x>/)).toBeNull();
  });

  it('regex: groups nothing reads are matched without being captured', () => {
    expect(numberedGroups(/(?<a>x)(y)(?<b>z)/, (n) => n === 'b')).toEqual({ source: '(?:x)(y)(z)', numbers: new Map([['b', 2]]) });
    const events = ['GET /a 200 12ms', 'POST /b 500 30ms', 'noise'].map((message, i) => ({ timestamp: T0 + i, message, logStream: 's', logGroup: 'g' }));
    const query = 'parse @message /^(?<method>[A-Z]+) (?<path>\\S+) (?<status>\\d{3}) (?<took>\\d+)ms$/';
    expect(runQuery(`${query} | filter ispresent(took) | stats sum(took) as total by status`, events).results).toEqual([
      [
        { field: 'status', value: '200' },
        { field: 'total', value: '12' },
      ],
      [
        { field: 'status', value: '500' },
        { field: 'total', value: '30' },
      ],
    ]);
    expect(runQuery(`${query} | filter ispresent(took) | display method`, events).results.map((r) => r[0])).toEqual([
      { field: 'method', value: 'POST' },
      { field: 'method', value: 'GET' },
    ]);
  });

  it('records the pattern does not match keep the fields unset', () => {
    // "GET * *" matches anywhere: the health, region and frontend lines (6), not the other 6.
    expect(rows('parse log "GET * *" as path, status | stats count(path) as withPath, count(*) as all')).toEqual([
      [
        ['withPath', '6'],
        ['all', '12'],
      ],
    ]);
  });
});

describe('stats', () => {
  const timed = 'parse log "GET * * *ms" as path, status, took';

  it('each event is aggregated with its own fields only, none carried over from the event before', () => {
    const events = ['{"a":1,"b":"x","tags":["t1","t2"]}', 'plain', '{"a":2}', '{"a":1,"b":"x"}', '{"b":"y"'].map((message, i) => ({ timestamp: T0 + i, message, logStream: 's', logGroup: 'g' }));
    expect(rows('parse @message /(?<p>plain)/ | fields jsonParse(@message) as j | stats count(*) as n, count(j.b) as withB by a, b, p', events)).toEqual([
      [
        ['a', '1'],
        ['b', 'x'],
        ['n', '2'],
        ['withB', '2'],
      ],
      [
        ['p', 'plain'],
        ['n', '1'],
        ['withB', '0'],
      ],
      [
        ['a', '2'],
        ['n', '1'],
        ['withB', '0'],
      ],
      [
        ['n', '1'],
        ['withB', '0'],
      ],
    ]);
    expect(rows('fields jsonParse(@message) as j | unnest j.tags into tag | stats count(*) as n by tag, a', events)).toEqual([
      [
        ['tag', 't1'],
        ['a', '1'],
        ['n', '1'],
      ],
      [
        ['tag', 't2'],
        ['a', '1'],
        ['n', '1'],
      ],
    ]);
  });

  it('numeric aggregations', () => {
    expect(rows(`${timed} | stats sum(took), avg(took), min(took), max(took), stddev(took), pct(took, 50), count_distinct(status)`)).toEqual([
      [
        ['sum(took)', '352'],
        ['avg(took)', '176'],
        ['min(took)', '12'],
        ['max(took)', '340'],
        ['stddev(took)', String(Math.sqrt(((12 - 176) ** 2 + (340 - 176) ** 2) / 1))],
        ['pct(took, 50)', '12'],
        ['count_distinct(status)', '2'],
      ],
    ]);
  });

  it('earliest, latest, sortsFirst, sortsLast', () => {
    expect(rows('stats earliest(log) as first, latest(log) as last, sortsFirst(log) as lo, sortsLast(log) as hi by kubernetes.container_name as c | filter c = "frontend"')).toEqual([
      [
        ['c', 'frontend'],
        ['first', 'fetch error: 502'],
        ['last', 'upstream error'],
        ['lo', 'GET /api/locations 500 340ms'],
        ['hi', 'upstream error'],
      ],
    ]);
  });

  it('by bin(5m) gives one row per bucket, newest first', () => {
    expect(rows('stats count(*) by bin(5m)')).toEqual([
      [
        ['bin(5m)', '2026-01-01 00:05:00.000'],
        ['count(*)', '1'],
      ],
      [
        ['bin(5m)', '2026-01-01 00:00:00.000'],
        ['count(*)', '11'],
      ],
    ]);
  });

  it('calendar bins truncate to the month', () => {
    const e = [{ timestamp: Date.UTC(2026, 1, 17, 5), message: 'x', logStream: 's', logGroup: 'g' }];
    expect(rows('stats count(*) as n by bin(1mo) as month', e)).toEqual([
      [
        ['month', '2026-02-01 00:00:00.000'],
        ['n', '1'],
      ],
    ]);
  });

  it('several by expressions and arithmetic over aggregations', () => {
    expect(rows('stats count(*) * 10 as tens by kubernetes.namespace_name as ns, stream | sort tens desc, stream asc')).toEqual([
      [
        ['ns', 'eks-work'],
        ['stream', 'stdout'],
        ['tens', '100'],
      ],
      [
        ['ns', 'eks-work'],
        ['stream', 'stderr'],
        ['tens', '10'],
      ],
      [
        ['ns', 'kube-system'],
        ['stream', 'stdout'],
        ['tens', '10'],
      ],
    ]);
  });

  it('a filter on a stats output filters the aggregated rows', () => {
    expect(rows('stats count(*) as n by kubernetes.container_name as c | filter n > 3 | sort n')).toEqual([
      [
        ['c', 'frontend'],
        ['n', '4'],
      ],
      [
        ['c', 'backend-app'],
        ['n', '7'],
      ],
    ]);
  });

  it('a stats query over no records returns no rows', () => {
    expect(rows('filter log like "no such text" | stats count(*)')).toEqual([]);
  });

  it('a second stats aggregates the rows of the first', () => {
    expect(rows('stats count(*) as n by kubernetes.container_name | stats sum(n) as total, count(*) as containers')).toEqual([
      [
        ['total', '12'],
        ['containers', '3'],
      ],
    ]);
  });
});

describe('sort, limit, dedup', () => {
  it('sort follows the documented natural order: text first, digit runs by length, numbers last', () => {
    const documented = ['!:', '#', '*%04', '0#', '5A', '111A', '2345_', '@', '@_', 'A', 'A9876fghj', 'a12345hfh', '0', '01', '1', '2', '3'];
    const shuffled = [...documented].sort((a, b) => ((a.length * 7 + a.charCodeAt(0)) % 5) - ((b.length * 7 + b.charCodeAt(0)) % 5));
    const events = shuffled.map((v, i) => ({ timestamp: T0 + i, message: JSON.stringify({ v }), logStream: 's', logGroup: 'g' }));
    expect(rows('fields v | sort v asc', events).map((r) => r[0][1])).toEqual(documented);
    expect(rows('fields v | sort v desc', events).map((r) => r[0][1])).toEqual([...documented].reverse());
  });

  it('sort on several keys with asc and desc', () => {
    expect(rows('fields kubernetes.container_name as c, @timestamp | sort c desc, @timestamp asc | limit 3')).toEqual([
      [
        ['c', 'frontend'],
        ['@timestamp', '2026-01-01 00:01:00.000'],
        ['@ptr', 'ptr-60'],
      ],
      [
        ['c', 'frontend'],
        ['@timestamp', '2026-01-01 00:01:10.000'],
        ['@ptr', 'ptr-70'],
      ],
      [
        ['c', 'frontend'],
        ['@timestamp', '2026-01-01 00:01:30.000'],
        ['@ptr', 'ptr-90'],
      ],
    ]);
  });

  it('dedup keeps the first record per value in @timestamp desc order', () => {
    expect(rows('fields kubernetes.container_name as c, log | dedup c')).toEqual([
      [
        ['c', 'backend-app'],
        ['log', 'Health GET API called.'],
        ['@ptr', 'ptr-360'],
      ],
      [
        ['c', 'frontend'],
        ['log', 'upstream error'],
        ['@ptr', 'ptr-100'],
      ],
      [
        ['c', 'aws-node'],
        ['log', 'ipamd error: no free IP'],
        ['@ptr', 'ptr-80'],
      ],
    ]);
  });

  it('dedup keeps every record whose field is missing', () => {
    expect(rows('parse log "GET * *" as path, rest | display path, log | dedup path | limit 4').length).toBe(4);
    // Paths API (3 records), ALL, /api/regions, /api/locations: 4 kept, plus the 6 records without a path.
    expect(rows('parse log "GET * *" as path, rest | dedup path').length).toBe(10);
  });
});

describe('functions', () => {
  const one = (expr: string, message = '{"s":"  Hello World  ","n":-2.5,"ip":"10.0.1.23","ip6":"2001:db8::1","ms":1767225600000}') =>
    rows(`fields ${expr} as v`, [{ timestamp: T0 + 90_061_001, message, logStream: 's', logGroup: 'g' }])[0]?.[0]?.[1];

  it.each([
    ['concat("a", s, "b")', 'a  Hello World  b'],
    ['trim(s)', 'Hello World'],
    ['ltrim(s)', 'Hello World  '],
    ['rtrim(s)', '  Hello World'],
    ['trim("xyZfooxyZ", "xyZ")', 'foo'],
    ['ltrim("xyZfooxyZ", "xyZ")', 'fooxyZ'],
    ['rtrim("xyZfooxyZ", "xyZ")', 'xyZfoo'],
    ['strlen("héllo")', '5'],
    ['toupper(trim(s))', 'HELLO WORLD'],
    ['tolower(trim(s))', 'hello world'],
    ['substr("xyZfooxyZ", 3, 3)', 'foo'],
    ['substr("xyZfooxyZ", 3)', 'fooxyZ'],
    ['replace("foo", "o", "0")', 'f00'],
    ['strcontains(s, "World")', '1'],
    ['strcontains(s, "world")', '0'],
    ['isempty(nosuch)', '1'],
    ['isblank("   ")', '1'],
    ['isempty(s)', '0'],
    ['ispresent(n)', '1'],
    ['ispresent(nosuch)', '0'],
    ['coalesce(nosuch, n)', '-2.5'],
    ['abs(n)', '2.5'],
    ['ceil(n)', '-2'],
    ['floor(n)', '-3'],
    ['greatest(1, n, 7)', '7'],
    ['least(1, n, 7)', '-2.5'],
    ['sqrt(16)', '4'],
    ['log(1)', '0'],
    ['2 ^ 3', '8'],
    ['10 % 3', '1'],
    ['datefloor(@timestamp, 1h)', '2026-01-02 01:00:00.000'],
    ['dateceil(@timestamp, 1h)', '2026-01-02 02:00:00.000'],
    ['bin(1d)', '2026-01-02 00:00:00.000'],
    ['fromMillis(ms)', '2026-01-01 00:00:00.000'],
    ['toMillis(@timestamp)', String(T0 + 90_061_001)],
    ['isValidIp(ip)', '1'],
    ['isValidIpV4(ip6)', '0'],
    ['isValidIpV6(ip6)', '1'],
    ['isIpInSubnet(ip, "10.0.0.0/16")', '1'],
    ['isIpv4InSubnet(ip, "10.1.0.0/16")', '0'],
    ['isIpv6InSubnet(ip6, "2001:db8::/32")', '1'],
  ])('%s = %s', (expr, expected) => {
    expect(one(expr)).toBe(expected);
  });

  it('a function result that is missing leaves the column out', () => {
    expect(one('abs(s)')).toBeUndefined();
  });
});

describe('jsonParse and unnest', () => {
  const event = (message: string) => ({ timestamp: T0, message, logStream: 's', logGroup: 'g' });
  const doc = event('{"events":[{"name":"exception"},{"name":"user action"}],"accounts":[{"id":"1","type":"internal"},{"id":"2","type":"external"}]}');

  it('unnest turns a LIST into one record per item (the documented example)', () => {
    expect(rows('fields jsonParse(@message) as json_message | unnest json_message.events into event | display event.name', [doc])).toEqual([
      [['event.name', 'exception']],
      [['event.name', 'user action']],
    ]);
  });

  it('unnested items can be filtered and aggregated', () => {
    expect(rows('fields jsonParse(@message) as js | unnest js.accounts into account | filter account.type = "internal" | display account.id', [doc])).toEqual([[['account.id', '1']]]);
    expect(rows('fields jsonParse(@message) as js | unnest js.accounts into a | stats count(*) as n by a.type', [doc])).toEqual([
      [
        ['a.type', 'internal'],
        ['n', '1'],
      ],
      [
        ['a.type', 'external'],
        ['n', '1'],
      ],
    ]);
  });

  it('a MAP or a plain value unnests to one record; a missing field to none', () => {
    expect(rows('fields jsonParse(@message) as js | unnest js.accounts.0 into a | display a', [doc])).toEqual([[['a', '{"id":"1","type":"internal"}']]]);
    expect(rows('unnest kubernetes.container_name into c | display c', EVENTS.slice(0, 1))).toEqual([
      [
        ['c', 'backend-app'],
        ['@ptr', 'ptr-0'],
      ],
    ]);
    expect(rows('unnest nosuch into c', EVENTS)).toEqual([]);
  });

  it('jsonParse of text that is not JSON gives nothing', () => {
    expect(rows('fields jsonParse(log) as j, ispresent(j) as has | display has', EVENTS.slice(0, 1))).toEqual([
      [
        ['has', '0'],
        ['@ptr', 'ptr-0'],
      ],
    ]);
  });
});

describe('streaming', () => {
  it('events fed in chunks give the same rows and statistics as one batch', () => {
    const q = 'filter stream = "stdout" | stats count(*) as n by kubernetes.container_name';
    const run = new QueryRun(q);
    run.push(EVENTS.slice(0, 5));
    expect(run.statistics).toEqual({ recordsMatched: 5, recordsScanned: 5, bytesScanned: EVENTS.slice(0, 5).reduce((n, e) => n + e.message.length, 0) });
    expect(run.results()).toEqual([
      [
        { field: 'kubernetes.container_name', value: 'backend-app' },
        { field: 'n', value: '5' },
      ],
    ]);
    run.push(EVENTS.slice(5));
    expect(run.results()).toEqual(runQuery(q, EVENTS).results);
    expect(run.statistics).toEqual(runQuery(q, EVENTS).statistics);
  });

  it('sort and limit over a large stream keep only the best records', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({ timestamp: T0 + ((i * 7919) % 50_000), message: `{"n":${i}}`, logStream: 's', logGroup: 'g' }));
    const run = new QueryRun('fields n | sort @timestamp asc | limit 3');
    for (let i = 0; i < many.length; i += 1000) run.push(many.slice(i, i + 1000));
    // Timestamps T0 + 0, 1, 2 belong to n = 0, 17679 and 35358 (17679 * 7919 ≡ 1 mod 50000).
    expect(run.results().map((r) => r[0].value)).toEqual(['0', '17679', '35358']);
  });

  it('bytesScanned counts UTF-8 bytes', () => {
    expect(runQuery('fields @message', [{ timestamp: 0, message: 'héllo 한', logStream: 's', logGroup: 'g' }]).statistics.bytesScanned).toBe(10);
  });
});
