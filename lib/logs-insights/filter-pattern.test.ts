import { describe, expect, it } from 'vitest';
import { bindingText, FilterPatternError, metricValue, parseFilterPattern, splitDelimited } from './filter-pattern';

const fluentd = (log: string, container = 'backend-app') =>
  JSON.stringify({ log, stream: 'stdout', kubernetes: { container_name: container, namespace_name: 'eks-work', labels: { app: container } } });

const matches = (pattern: string, message: string) => parseFilterPattern(pattern).match(message) !== null;

describe('the seeds filter pattern', () => {
  const SEED = '{ $.log != "[*" && $.kubernetes.container_name = "backend-app" && ( $.log = "*WARN*" || $.log = "*error*" ) }';
  it.each([
    [fluentd('WARN connection pool low'), true],
    [fluentd('upstream error: 502'), true],
    [fluentd('[WARN] framework message'), false],
    [fluentd('WARN connection pool low', 'frontend'), false],
    [fluentd('Health GET API called.'), false],
    [fluentd('ERROR in upper case only'), false],
    ['WARN plain text is not JSON', false],
  ])('%s → %s', (message, expected) => {
    expect(matches(SEED, message)).toBe(expected);
  });
});

describe('terms and phrases', () => {
  it.each([
    ['', 'anything', true],
    ['ERROR', '[ERROR] 400 BAD REQUEST', true],
    ['ERROR', 'error in lower case', false],
    ['ERROR ARGUMENTS', 'ERROR: bad ARGUMENTS', true],
    ['ERROR ARGUMENTS', 'ERROR: bad input', false],
    ['?ERROR ?WARN', 'a WARN line', true],
    ['?ERROR ?WARN', 'an INFO line', false],
    ['ERROR -Exception', 'ERROR timeout', true],
    ['ERROR -Exception', 'ERROR NullPointerException', false],
    ['"Connection refused"', 'dial tcp: Connection refused', true],
    ['"Connection refused"', 'Connection was refused', false],
    ['%ERR(OR)?:%', 'ERR: x', true],
    ['%ERR(OR)?:%', 'ERRO: x', false],
  ])('%j on %j → %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('asks for quotes around a term with other characters', () => {
    expect(() => parseFilterPattern('status=500')).toThrow(FilterPatternError);
  });
});

describe('JSON patterns', () => {
  const event = JSON.stringify({ status: 503, latency: 1.5e3, user: { id: 'u1', admin: true, tags: ['a', 'b'] }, note: null, path: '/api/orders' });
  it.each([
    ['{ $.status = 503 }', true],
    ['{ $.status != 503 }', false],
    ['{ $.status >= 500 && $.latency > 1000 }', true],
    ['{ $.status < 500 || $.path = "/api/*" }', true],
    ['{ $.path = "*items" }', false],
    ['{ $.path = %^/api/(orders|items)$% }', true],
    ['{ $.user.id = "u1" }', true],
    ['{ $.user.tags[1] = "b" }', true],
    ['{ $.user.admin IS TRUE }', true],
    ['{ $.user.admin IS FALSE }', false],
    ['{ $.note IS NULL }', true],
    ['{ $.missing NOT EXISTS }', true],
    ['{ $.status NOT EXISTS }', false],
    ['{ $.missing = "x" }', false],
    ['{ $.missing != "x" }', false],
  ])('%s → %s', (pattern, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it('rejects a numeric operator with a text value, and an unclosed pattern, with the position', () => {
    expect(() => parseFilterPattern('{ $.path > "a" }')).toThrow("Invalid filter pattern: > compares numbers, but 'a' is not a number");
    expect(() => parseFilterPattern('{ $.status = 500 && }')).toThrow('Invalid filter pattern: expected a selector such as $.field at position 21');
  });
});

describe('space-delimited patterns', () => {
  const line = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';
  it('splits on spaces; brackets and quotes hold one field', () => {
    expect(splitDelimited(line)).toEqual(['127.0.0.1', '-', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /apache_pb.gif HTTP/1.0', '404', '1534']);
  });
  it.each([
    ['[ip, user, username, timestamp, request, status_code, bytes]', true],
    ['[ip, user, username, timestamp, request, status_code = 404, bytes]', true],
    ['[ip, user, username, timestamp, request, status_code = 4*, bytes > 1000]', true],
    ['[ip, user, username, timestamp, request, status_code = 200 || status_code = 410, bytes]', false],
    ['[ip, ..., status_code = 404, bytes]', true],
    ['[ip, user, status_code]', false],
    ['[..., bytes < 1000]', false],
  ])('%s → %s', (pattern, expected) => {
    expect(matches(pattern, line)).toBe(expected);
  });
});

describe('metric values and dimensions from a match', () => {
  it('reads $.path from JSON and $field from space-delimited events', () => {
    const json = parseFilterPattern('{ $.status >= 500 }').match(JSON.stringify({ status: 503, latency: 1200, service: 'orders' }))!;
    expect(metricValue('$.latency', json)).toBe(1200);
    expect(metricValue('1', json)).toBe(1);
    expect(bindingText('$.service', json)).toBe('orders');
    const fields = parseFilterPattern('[ip, ..., status, bytes]').match('10.0.0.1 GET / 200 512')!;
    expect(metricValue('$bytes', fields)).toBe(512);
    expect(bindingText('$status', fields)).toBe('200');
    expect(metricValue('$.nothing', fields)).toBeNull();
  });
});

describe('patterns that would backtrack for long', () => {
  it('matches %regex% and * wildcards in time linear in the message', () => {
    const line = `${'a'.repeat(5_000)}!`;
    const started = performance.now();
    // Each would take a backtracking engine 2^40 steps or more on this line (nested quantifiers, a chain of wildcards).
    expect(matches('%^(.?){21}.{21}Z%', line)).toBe(false);
    expect(matches('%^(a|aa)+$%', line)).toBe(false);
    expect(matches(`{ $.log = "${'*a'.repeat(12)}*Z" }`, JSON.stringify({ log: line }))).toBe(false);
    expect(matches(`[w1 = "${'*a'.repeat(12)}*Z"]`, line)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    // The same patterns still match what they describe.
    expect(matches('%^(.?){21}.{21}Z%', `${'a'.repeat(30)}Z`)).toBe(true);
    expect(matches(`{ $.log = "${'*a'.repeat(12)}*Z" }`, JSON.stringify({ log: `${'a'.repeat(12)}Z` }))).toBe(true);
  });

  it('refuses backreferences and lookaround at their position in the pattern', () => {
    try {
      parseFilterPattern('%(a)\\1%');
      throw new Error('accepted');
    } catch (e) {
      // The opening % is at 0, so the pattern's \1 (its fourth character) is at 4.
      expect([(e as FilterPatternError).message, (e as FilterPatternError).position]).toEqual([
        'Invalid regular expression %(a)\\1%: backreferences such as \\1 are not supported: they cannot be matched in linear time',
        4,
      ]);
    }
    expect(() => parseFilterPattern('{ $.log = %a(?=b)% }')).toThrow('Invalid regular expression %a(?=b)%: lookaround ((?=…) is not supported: it cannot be matched in linear time');
  });
});
