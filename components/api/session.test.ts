import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';
import { writeWithCsrf } from './session';

/**
 * A console whose session endpoint hands out `tokens` in turn and whose write route accepts only `accepted`,
 * answering anything else as checkCsrf does (server/auth/csrf.ts).
 */
function console_(tokens: string[], accepted: string, refusal = { kind: 'CsrfRejected', message: 'the X-CSRF-Token header does not match the CSRF cookie' }) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      if (path === '/api/v1/auth/session') {
        const token = tokens.shift()!;
        calls.push(`session ${token}`);
        return Response.json({ signedIn: false, csrfToken: token });
      }
      const sent = (init.headers as Record<string, string>)['X-CSRF-Token'];
      calls.push(`${init.method} ${path} ${sent}`);
      return sent === accepted ? Response.json({ done: true }) : Response.json({ error: refusal }, { status: 403 });
    }),
  );
  return calls;
}

describe('writeWithCsrf', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a request refused for a stale token once more with the token the console hands out now', async () => {
    const calls = console_(['stale', 'current'], 'current');
    expect(await writeWithCsrf(new QueryClient(), 'POST', '/api/v1/auth/sign-in', { sandboxUser: 'oncall' })).toEqual({ done: true });
    expect(calls).toEqual(['session stale', 'POST /api/v1/auth/sign-in stale', 'session current', 'POST /api/v1/auth/sign-in current']);
  });

  it('does not send it again when the fresh token is the one refused', async () => {
    const calls = console_(['same', 'same'], 'other');
    const error = await writeWithCsrf(new QueryClient(), 'POST', '/w', {}).catch((caught: unknown) => caught);
    expect((error as ApiError).error.kind).toBe('CsrfRejected');
    expect(calls).toEqual(['session same', 'POST /w same', 'session same']);
  });

  it('sends a request the API server refused only once', async () => {
    const calls = console_(['a', 'b'], 'none', { kind: 'Forbidden', message: 'pods "x" is forbidden' });
    const error = await writeWithCsrf(new QueryClient(), 'DELETE', '/w').catch((caught: unknown) => caught);
    expect((error as ApiError).httpStatus).toBe(403);
    expect((error as ApiError).error.kind).toBe('Forbidden');
    expect(calls).toEqual(['session a', 'DELETE /w a']);
  });
});
