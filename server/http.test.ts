import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError } from './config';
import { ConsoleError, consoleErrors } from './errors';
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
