import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { requestContextStorage } from './context';
import { createLogger, prettyLine } from './logger';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, stream };
}

describe('the logger', () => {
  it('writes one JSON object a line with an ISO time, the level by name, the message and the fields', () => {
    const { lines, stream } = capture();
    createLogger({ logLevel: 'info', logFormat: 'json' }, stream).warn({ cluster: 'eks-work' }, 'HPA recorder: cannot record cluster eks-work');
    const record = JSON.parse(lines[0]);
    expect(Object.keys(record)).toEqual(['level', 'time', 'service', 'cluster', 'msg']);
    expect(record).toMatchObject({ level: 'warn', service: 'watchdeck', cluster: 'eks-work', msg: 'HPA recorder: cannot record cluster eks-work' });
    expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('leaves out lines below the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ logLevel: 'warn', logFormat: 'json' }, stream);
    logger.info('quiet');
    logger.error('loud');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['loud']);
  });

  it('redacts tokens, cookies, Authorization, session ids, CSRF tokens and AWS credentials at the top and two levels down', () => {
    const { lines, stream } = capture();
    createLogger({ logLevel: 'info', logFormat: 'json' }, stream).info(
      {
        token: 'secret-1',
        sessionId: 'secret-2',
        headers: { authorization: 'Bearer secret-3', cookie: 'watchdeck_session=secret-4', 'x-csrf-token': 'secret-5', accept: 'application/json' },
        request: { headers: { 'set-cookie': 'watchdeck_csrf=secret-6' }, csrfToken: 'secret-7' },
        aws: { credentials: { accessKeyId: 'AKIASECRET8', secretAccessKey: 'secret-9' }, region: 'ap-northeast-2' },
        user: 'dev',
      },
      'probe',
    );
    expect(lines).toHaveLength(1);
    for (const secret of ['secret-1', 'secret-2', 'secret-3', 'secret-4', 'secret-5', 'secret-6', 'secret-7', 'AKIASECRET8', 'secret-9']) expect(lines[0]).not.toContain(secret);
    expect(JSON.parse(lines[0])).toMatchObject({
      token: '[redacted]',
      sessionId: '[redacted]',
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-csrf-token': '[redacted]', accept: 'application/json' },
      request: { headers: { 'set-cookie': '[redacted]' }, csrfToken: '[redacted]' },
      aws: { credentials: '[redacted]', region: 'ap-northeast-2' },
      user: 'dev',
    });
  });

  it('redacts a secret an error carries, and inside arrays, without changing what was logged', () => {
    const { lines, stream } = capture();
    const err = Object.assign(new Error('the API server refused the token'), { token: 'secret-1', response: { headers: { authorization: 'Bearer secret-2' } } });
    const logged = {
      err,
      items: [{ password: 'secret-3', name: 'a' }],
      deep: { a: { b: { c: { d: { token: 'secret-4' } } } } },
      deeper: { a: { b: { c: { d: { e: { token: 'kept: six levels down' } } } } } },
      when: new Date(0),
    };
    createLogger({ logLevel: 'info', logFormat: 'json' }, stream).error(logged, 'failed');
    const line = JSON.parse(lines[0]);
    expect(line.err).toMatchObject({ type: 'Error', message: 'the API server refused the token', token: '[redacted]', response: { headers: { authorization: '[redacted]' } } });
    expect(typeof line.err.stack).toBe('string');
    expect([line.items, line.deep, line.when]).toEqual([[{ password: '[redacted]', name: 'a' }], { a: { b: { c: { d: { token: '[redacted]' } } } } }, '1970-01-01T00:00:00.000Z']);
    // Six levels below the top is past the levels searched.
    expect(line.deeper.a.b.c.d.e.token).toBe('kept: six levels down');
    for (const secret of ['secret-1', 'secret-2', 'secret-3', 'secret-4']) expect(lines[0]).not.toContain(secret);
    expect(logged.items[0].password).toBe('secret-3');
    expect(err.token).toBe('secret-1');
  });

  it('names the request a line was written for', () => {
    const { lines, stream } = capture();
    const logger = createLogger({ logLevel: 'info', logFormat: 'json' }, stream);
    requestContextStorage().run({ id: 'req-7', method: 'GET', route: '/api/v1/clusters' }, () => logger.error('section failed'));
    logger.error('outside');
    expect(lines.map((l) => [JSON.parse(l).reqId, JSON.parse(l).msg])).toEqual([
      ['req-7', 'section failed'],
      [undefined, 'outside'],
    ]);
  });

  it('writes pretty lines through the same redaction when asked for them', () => {
    const { lines, stream } = capture();
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, stream).info({ route: '/api/v1/clusters', token: 'secret-1' }, 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}request service=watchdeck route=\/api\/v1\/clusters token=\[redacted\]$/);
  });

  it('writes a pretty line as time, level, message and fields', () => {
    const json = '{"level":"info","time":"2026-12-06T10:11:12.345Z","service":"watchdeck","reqId":"r1","route":"/api/v1/clusters","status":200,"msg":"request"}';
    expect(prettyLine(json)).toBe('10:11:12.345 INFO  request service=watchdeck reqId=r1 route=/api/v1/clusters status=200');
    expect(prettyLine('not json')).toBe('not json');
  });
});
