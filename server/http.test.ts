import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config';
import { consoleErrors } from './errors';
import { jsonRoute, readJsonBody } from './http';

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

  it('hides an unexpected error behind Internal and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await jsonRoute(async () => {
      throw new TypeError('x is undefined');
    })(new Request('http://console.test/x'), undefined);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { kind: 'Internal', message: 'internal error' } });
    expect(String(log.mock.calls[0][1])).toContain('TypeError: x is undefined');
    log.mockRestore();
  });

  it('reports a configuration error naming the variable', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await jsonRoute(async () => {
      throw new ConfigError('WATCHDECK_PROXY_SECRET', 'is required when WATCHDECK_AUTH_MODE=proxy');
    })(new Request('http://console.test/x'), undefined);
    expect(await response.json()).toEqual({
      error: { kind: 'Internal', message: 'configuration error: WATCHDECK_PROXY_SECRET: is required when WATCHDECK_AUTH_MODE=proxy' },
    });
    log.mockRestore();
  });
});

describe('readJsonBody', () => {
  const schema = z.strictObject({ token: z.string().min(1, 'the token is empty') });
  const post = (body: string) => new Request('http://console.test/x', { method: 'POST', body });

  it('refuses a body that is not JSON', async () => {
    await expect(readJsonBody(post('{'), schema)).rejects.toMatchObject({ kind: 'BadRequest', message: 'the request body is not JSON' });
  });

  it('names the field at fault', async () => {
    await expect(readJsonBody(post('{"token":""}'), schema)).rejects.toMatchObject({ kind: 'BadRequest', message: 'invalid request body: token: the token is empty' });
  });
});
