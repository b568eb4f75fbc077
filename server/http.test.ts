import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config';
import { ConsoleError, consoleErrors } from './errors';
import { JsonWithArray, jsonRoute, MAX_QUERY_BYTES, readJsonBody, streamRoute } from './http';
import { BODY_LIMITS, checkJsonDepth, MAX_JSON_DEPTH } from './request-body';
import { captureLogs } from './testing/log-capture';

describe('jsonRoute', () => {
  it('answers JSON that is never cached, with the cookies the handler set', async () => {
    const route = jsonRoute(async (_request, reply) => {
      reply.setCookie('a=1; Path=/');
      reply.setCookie('b=2; Path=/');
      return { ok: true };
    });
    const response = await route(new Request('http://console.test/x'), undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('turns a typed error into its status and error body, still not cached', async () => {
    const response = await jsonRoute(async () => {
      throw consoleErrors.notFound('cluster "prod" is not a context in the kubeconfig');
    })(new Request('http://console.test/x'), undefined);
    expect(response.status).toBe(404);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { kind: 'NotFound', message: 'cluster "prod" is not a context in the kubeconfig' } });
  });

  it("answers the API server's 403 with its code, reason, exact message and the missing permission, keeping the error object", async () => {
    const message = 'pods "backend-app-x" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "eks-work"';
    const status = { kind: 'Status' as const, apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { name: 'backend-app-x', kind: 'pods' }, code: 403 };
    const response = await jsonRoute(async () => {
      throw new ConsoleError('Status', 403, message, status);
    })(new Request('http://console.test/x'), undefined);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: 403,
      reason: 'Forbidden',
      message,
      missing: { verb: 'get', resource: 'pods', subresource: 'log', group: '', namespace: 'eks-work', name: 'backend-app-x' },
      error: { kind: 'Status', message, status },
    });
  });

  it("gives a 403 that is not the authorizer's a null missing permission, and leaves the console's own 403s as they were", async () => {
    const message = 'pods "nginx" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true';
    const admission = await jsonRoute(async () => {
      throw new ConsoleError('Status', 403, message, { kind: 'Status', code: 403, reason: 'Forbidden', message });
    })(new Request('http://console.test/x'), undefined);
    expect(await admission.json()).toMatchObject({ code: 403, reason: 'Forbidden', message, missing: null });
    const csrf = await jsonRoute(async () => {
      throw consoleErrors.csrfRejected('the X-CSRF-Token header is missing');
    })(new Request('http://console.test/x'), undefined);
    expect(await csrf.json()).toEqual({ error: { kind: 'CsrfRejected', message: 'the X-CSRF-Token header is missing' } });
  });

  it('hides an unexpected error behind Internal and logs it with its stack, naming the request', async () => {
    const logs = captureLogs();
    const response = await jsonRoute(async () => {
      throw new TypeError('x is undefined');
    })(new Request('http://console.test/x'), undefined);
    logs.restore();
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { kind: 'Internal', message: 'internal error' } });
    const [error, line] = logs.records();
    expect(error).toMatchObject({ level: 'error', msg: 'unexpected error', reqId: response.headers.get('x-request-id'), err: { type: 'TypeError', message: 'x is undefined' } });
    expect(String((error.err as { stack: string }).stack)).toMatch(/^TypeError: x is undefined\n {4}at /);
    expect(line).toMatchObject({ level: 'info', msg: 'request', status: 500 });
  });

  it('writes a JsonWithArray answer with its array member by member, the same JSON as the whole object would be', async () => {
    async function* runs(parts: (string | Uint8Array)[]) {
      yield* parts;
    }
    const body = { id: 'q1', results: 'replaced', rowOffset: 2, restrictedTo: null };
    const route = jsonRoute(async (_request, reply) => {
      reply.setCookie('a=1; Path=/');
      return new JsonWithArray(body, 'results', runs(['[1,"a"],[2,"b"]', '', new TextEncoder().encode('[3,"가"]')]));
    });
    const response = await route(new Request('http://console.test/x'), undefined);
    expect([response.status, response.headers.get('content-type'), response.headers.getSetCookie()]).toEqual([200, 'application/json; charset=utf-8', ['a=1; Path=/']]);
    // The array goes last; every other member as JSON.stringify writes it. An empty run adds nothing; bytes go as they are.
    expect(await response.text()).toBe('{"id":"q1","rowOffset":2,"restrictedTo":null,"results":[[1,"a"],[2,"b"],[3,"가"]]}');
    const empty = await jsonRoute(async () => new JsonWithArray({}, 'results', runs([])))(new Request('http://console.test/x'), undefined);
    expect(await empty.text()).toBe('{"results":[]}');
  });

  it('cuts a JsonWithArray answer short, and logs why, when its members fail midway', async () => {
    async function* failing() {
      yield '1,2';
      throw new Error('the store went away');
    }
    const logs = captureLogs();
    try {
      const response = await jsonRoute(async () => new JsonWithArray({ id: 'q1' }, 'results', failing()))(new Request('http://console.test/x'), undefined);
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow('the store went away');
      expect(
        logs
          .records()
          .filter((r) => r.msg === 'writing a streamed answer failed')
          .map((r) => (r.err as { message?: string }).message),
      ).toEqual(['the store went away']);
    } finally {
      logs.restore();
    }
  });

  it('reports a configuration error naming the variable', async () => {
    const logs = captureLogs();
    const response = await jsonRoute(async () => {
      throw new ConfigError('WATCHDECK_PROXY_SECRET', 'is required when WATCHDECK_AUTH_MODE=proxy');
    })(new Request('http://console.test/x'), undefined);
    logs.restore();
    expect(await response.json()).toEqual({
      error: { kind: 'Internal', message: 'configuration error: WATCHDECK_PROXY_SECRET: is required when WATCHDECK_AUTH_MODE=proxy' },
    });
    expect(logs.records()[0]).toMatchObject({
      level: 'error',
      variable: 'WATCHDECK_PROXY_SECRET',
      msg: 'configuration error: WATCHDECK_PROXY_SECRET: is required when WATCHDECK_AUTH_MODE=proxy',
    });
  });
});

describe('readJsonBody', () => {
  const schema = z.strictObject({ token: z.string().min(1, 'the token is empty') });
  const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request('http://console.test/api/v1/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

  it("refuses a body that is not JSON with JSON.parse's reason and where it stopped", async () => {
    // V8's (Node 20) message for '{' names offset 1: line 1, column 2.
    await expect(readJsonBody(post('{'), schema, BODY_LIMITS.form)).rejects.toMatchObject({
      kind: 'BadRequest',
      message: "the request body is not JSON: Expected property name or '}' in JSON at position 1 (line 1, column 2)",
    });
    // V8 stops at the '}' at offset 13; the third line starts at offset 11, after '{\n "a": 1,\n'.
    await expect(readJsonBody(post('{\n "a": 1,\n  }'), schema, BODY_LIMITS.form)).rejects.toMatchObject({
      message: 'the request body is not JSON: Expected double-quoted property name in JSON at position 13 (line 3, column 3)',
    });
    await expect(readJsonBody(post(''), schema, BODY_LIMITS.form)).rejects.toMatchObject({ message: 'the request body is not JSON: Unexpected end of JSON input' });
  });

  it('names the field at fault', async () => {
    await expect(readJsonBody(post('{"token":""}'), schema, BODY_LIMITS.form)).rejects.toMatchObject({ kind: 'BadRequest', message: 'invalid request body: token: the token is empty' });
  });

  it('refuses a body over the limit by its Content-Length without reading it', async () => {
    let pulled = false;
    const stream = new ReadableStream<Uint8Array>({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const request = post(stream, { 'content-length': String(BODY_LIMITS.form + 1) });
    await expect(readJsonBody(request, schema, BODY_LIMITS.form)).rejects.toMatchObject({
      kind: 'PayloadTooLarge',
      httpStatus: 413,
      message: 'the request body is larger than 32 KiB, the most POST /api/v1/x takes',
    });
    expect(pulled).toBe(false);
  });

  it('counts the bytes of a body without Content-Length and stops reading past the limit', async () => {
    const chunk = new Uint8Array(1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          sent++;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    // An endless body: only the limit ends the read, one 1 KiB chunk past 32 KiB.
    await expect(readJsonBody(post(stream), schema, BODY_LIMITS.form)).rejects.toMatchObject({ kind: 'PayloadTooLarge', httpStatus: 413 });
    expect(sent).toBe(33);
  });

  it('takes a body of exactly the limit', async () => {
    const body = `{"token":"${'x'.repeat(BODY_LIMITS.form - 12)}"}`;
    expect(Buffer.byteLength(body)).toBe(BODY_LIMITS.form);
    expect((await readJsonBody(post(body), schema, BODY_LIMITS.form)).token).toHaveLength(BODY_LIMITS.form - 12);
  });

  it('refuses nesting past the limit at the bracket that crosses it, before parsing', async () => {
    // 64 levels are taken; the 65th '[' is at offset 64 on line 1, column 65.
    expect(() => checkJsonDepth(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).not.toThrow();
    await expect(readJsonBody(post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), schema, BODY_LIMITS.dashboard)).rejects.toMatchObject({
      kind: 'BadRequest',
      message: 'the request body nests deeper than 64 arrays and objects (at line 1, column 65)',
    });
    // Brackets inside strings, escaped quotes included, do not count. On line 2 the outer '{' is level 1, so
    // the 64th '{"b":' is level 65: one space and 63 × 5 characters before it, column 317.
    const quoted = `{"a": "[[[\\"[[[",\n ${'{"b":'.repeat(64)}1${'}'.repeat(64)}}`;
    expect(() => checkJsonDepth(quoted)).toThrow('the request body nests deeper than 64 arrays and objects (at line 2, column 317)');
  });

  it('refuses a body that is not UTF-8', async () => {
    await expect(readJsonBody(post(Uint8Array.of(0x7b, 0xff, 0x7d)), schema, BODY_LIMITS.form)).rejects.toMatchObject({ kind: 'BadRequest', message: 'the request body is not UTF-8 text' });
  });
});

describe('query length', () => {
  const long = `http://console.test/api/v1/x?q=${'a'.repeat(MAX_QUERY_BYTES - 2)}`;

  it('jsonRoute and streamRoute refuse a query string past 16 KiB with 414 before the handler runs', async () => {
    let ran = 0;
    for (const route of [jsonRoute(async () => ++ran), streamRoute(async () => new Response(String(++ran)))]) {
      // "q=" and MAX_QUERY_BYTES - 2 letters are exactly the limit; one more letter is over.
      const response = await route(new Request(`${long}a`), undefined);
      expect(response.status).toBe(414);
      expect(await response.json()).toEqual({ error: { kind: 'URITooLong', message: 'the query string is longer than 16 KiB, the most the console API takes' } });
      expect((await route(new Request(long), undefined)).status).toBe(200);
    }
    expect(ran).toBe(2);
  });
});
