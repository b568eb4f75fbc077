import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../config';
import { useTestConsole, type TestConsole } from '../testing/setup';
import { SESSION_COOKIE } from './cookies';
import { createSession, currentSession, revokeSession, sealSession, unsealSession } from './session';

function withCookie(value: string): Request {
  return new Request('http://console.test/api/v1/clusters', { headers: { cookie: `other=1; ${SESSION_COOKIE}=${value}` } });
}

describe('session cookies and rows', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = await useTestConsole('');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seals the session id and token so the cookie reveals neither', async () => {
    const value = await sealSession({ sid: 'session-id-1', tok: 'secret-bearer-token' }, new Date(Date.now() + 60_000));
    expect(value.split('.')).toHaveLength(5);
    expect(value).not.toContain('secret-bearer-token');
    expect(Buffer.from(value.split('.')[3], 'base64url').toString('latin1')).not.toContain('secret-bearer-token');
    expect(await unsealSession(value)).toEqual({ sid: 'session-id-1', tok: 'secret-bearer-token' });
  });

  it('refuses a cookie with one character changed', async () => {
    const value = await sealSession({ sid: 's', tok: 't' }, new Date(Date.now() + 60_000));
    const parts = value.split('.');
    const c = parts[3];
    parts[3] = (c[0] === 'A' ? 'B' : 'A') + c.slice(1);
    expect(await unsealSession(parts.join('.'))).toBeUndefined();
  });

  it('refuses a cookie sealed with another secret', async () => {
    const value = await sealSession({ sid: 's', tok: 't' }, new Date(Date.now() + 60_000));
    setConfig({ ...t.config, sessionSecret: 'another-secret-of-sufficient-length!!' });
    try {
      expect(await unsealSession(value)).toBeUndefined();
    } finally {
      setConfig(t.config);
    }
  });

  it('refuses a cookie past its expiry', async () => {
    const value = await sealSession({ sid: 's', tok: 't' }, new Date(Date.now() - 1000));
    expect(await unsealSession(value)).toBeUndefined();
  });

  it('finds a live session from the request cookie, with the token and the user from the row', async () => {
    const now = new Date();
    const { session, cookieValue } = await createSession({ token: 'tok-dev', username: 'dev', groups: ['rbac-test-group', 'system:authenticated'], cluster: 'eks-work-cluster' }, now);
    const found = await currentSession(withCookie(cookieValue));
    expect(found).toEqual({ id: session.id, token: 'tok-dev', username: 'dev', groups: ['rbac-test-group', 'system:authenticated'], cluster: 'eks-work-cluster', expiresAt: session.expiresAt });
    expect(session.expiresAt.getTime() - now.getTime()).toBe(12 * 3600_000);
  });

  it('ends a session on the server: a revoked session is gone even with its intact cookie', async () => {
    const { session, cookieValue } = await createSession({ token: 'tok-admin', username: 'admin', groups: ['system:masters'], cluster: 'c' });
    await revokeSession(session.id);
    expect(await currentSession(withCookie(cookieValue))).toBeUndefined();
  });

  it('keeps a 2,700-character token and refuses one too long for a cookie', async () => {
    const fits = await createSession({ token: 't'.repeat(2700), username: 'oidc-user', groups: [], cluster: 'c' });
    expect(fits.cookieValue.length).toBeLessThanOrEqual(3800);
    await expect(createSession({ token: 't'.repeat(3000), username: 'oidc-user', groups: [], cluster: 'c' })).rejects.toMatchObject({
      kind: 'BadRequest',
      message: 'the token is too long to keep in a session cookie (3000 characters; tokens up to about 2,700 fit)',
    });
  });

  it('expires a session after 12 hours by its row as well', async () => {
    const { cookieValue } = await createSession({ token: 'tok', username: 'oncall', groups: [], cluster: 'c' });
    const later = new Date(Date.now() + 12 * 3600_000 + 1000);
    expect(await currentSession(withCookie(cookieValue), later)).toBeUndefined();
  });
});
