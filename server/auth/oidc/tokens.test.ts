import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, store, type Store } from '../../store';
import { startPostgres, type PostgresServer } from '../../store/testing/postgres';
import { useTestConsole, type TestConsole } from '../../testing/setup';
import { ConsoleError, consoleErrors } from '../../errors';
import { createSession } from '../session';
import { currentIdToken, decryptToken, encryptToken, loadTokens, renewIdToken, saveTokens, type OidcTokens, type RenewalDeps } from './tokens';

/** Tokens of an hour-long ID token expiring at `exp`, renewed a minute before it (renewalTime). */
function issued(idToken: string, refreshToken: string, exp: Date): OidcTokens {
  return { idToken, refreshToken, expiresAt: exp, renewAt: new Date(exp.getTime() - 60_000) };
}

describe('ID and refresh tokens in the store', () => {
  let t: TestConsole;
  beforeAll(async () => {
    t = await useTestConsole('');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps each token encrypted in its row and reads it back', async () => {
    const { session } = await createSession({ token: '', username: 'oidc:dev@eks-work.example', groups: ['oidc:developers'], cluster: 'c' });
    const expiresAt = new Date('2026-12-06T10:00:00Z');
    await saveTokens(session.id, issued('eyJ.id-token-of-dev.sig', 'refresh-token-of-dev', expiresAt));
    const { db } = await store();
    const row = await db.selectFrom('oidc_sessions').selectAll().where('session_id', '=', session.id).executeTakeFirstOrThrow();
    expect(row.id_token).not.toContain('id-token-of-dev');
    expect(row.refresh_token).not.toContain('refresh-token-of-dev');
    expect(row.id_token.split('.')).toHaveLength(5);
    expect(await loadTokens(session.id)).toEqual({ ...issued('eyJ.id-token-of-dev.sig', 'refresh-token-of-dev', expiresAt), generation: 1 });
  });

  it('refuses a token sealed for another session, so rows cannot be swapped', async () => {
    const sealed = await encryptToken('session-a', 'token-of-a');
    expect(await decryptToken('session-a', sealed)).toBe('token-of-a');
    await expect(decryptToken('session-b', sealed)).rejects.toThrow('the token was sealed for another session');
  });

  it('uses the stored ID token until its renewal time, 60 s before exp for an hour-long token, then renews it', async () => {
    const { session } = await createSession({ token: '', username: 'u', groups: [], cluster: 'c' });
    const exp = new Date('2026-12-06T10:00:00Z');
    await saveTokens(session.id, issued('first', 'r1', exp));
    const refreshed: string[] = [];
    const { db } = await store();
    const deps = (now: string): RenewalDeps => ({
      db,
      now: () => new Date(now),
      refresh: async (refreshToken) => {
        refreshed.push(refreshToken);
        return issued('second', 'r2', new Date('2026-12-06T10:20:00Z'));
      },
    });
    expect(await currentIdToken(deps('2026-12-06T09:58:59Z'), session.id)).toEqual({ token: 'first', generation: 1 });
    expect(await currentIdToken(deps('2026-12-06T09:59:00Z'), session.id)).toEqual({ token: 'second', generation: 2 });
    expect(await currentIdToken(deps('2026-12-06T09:59:30Z'), session.id)).toEqual({ token: 'second', generation: 2 });
    expect(refreshed).toEqual(['r1']);
    expect(await loadTokens(session.id)).toMatchObject({ idToken: 'second', refreshToken: 'r2', generation: 2 });
  });

  it('ends the session when the provider refuses the refresh token', async () => {
    const { session } = await createSession({ token: '', username: 'u', groups: [], cluster: 'c' });
    await saveTokens(session.id, issued('old', 'revoked', new Date('2026-12-06T10:00:00Z')));
    const deps: RenewalDeps = {
      db: (await store()).db,
      now: () => new Date('2026-12-06T10:00:30Z'),
      refresh: async () => {
        throw consoleErrors.sessionExpired('the OpenID provider would not renew the session (invalid_grant: grant request is invalid); sign in again');
      },
    };
    await expect(currentIdToken(deps, session.id)).rejects.toMatchObject({ kind: 'SessionExpired', httpStatus: 401 });
    const { db } = await store();
    expect((await db.selectFrom('sessions').select('revoked_at').where('id', '=', session.id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
    expect(await loadTokens(session.id)).toBeUndefined();
  });

  it('keeps using an unexpired token when the provider cannot be reached, and ends nothing', async () => {
    const { session } = await createSession({ token: '', username: 'u', groups: [], cluster: 'c' });
    await saveTokens(session.id, issued('still-valid', 'r', new Date('2026-12-06T10:00:00Z')));
    const deps: RenewalDeps = {
      db: (await store()).db,
      now: () => new Date('2026-12-06T09:59:30Z'),
      refresh: async () => {
        throw new ConsoleError('IssuerUnreachable', 502, 'the OpenID provider http://127.0.0.1:1 did not answer the token request: ECONNREFUSED');
      },
    };
    expect(await currentIdToken(deps, session.id)).toEqual({ token: 'still-valid', generation: 1 });
    expect(await loadTokens(session.id)).toMatchObject({ idToken: 'still-valid', generation: 1 });
  });
});

describe('renewal with several console replicas on one PostgreSQL database', () => {
  let server: PostgresServer;
  let replicas: Store[];
  let t: TestConsole;

  beforeAll(async () => {
    server = await startPostgres();
    t = await useTestConsole('', { databaseUrl: server.url });
    replicas = [await openStore({ kind: 'postgres', databaseUrl: server.url }), await openStore({ kind: 'postgres', databaseUrl: server.url })];
  }, 60_000);
  afterAll(async () => {
    for (const r of replicas ?? []) await r.close();
    await t?.close();
    await server?.stop();
  });

  it('asks the provider once for 12 requests on 3 replicas at the same moment, and all use its result', async () => {
    const { session } = await createSession({ token: '', username: 'u', groups: [], cluster: 'c' });
    await saveTokens(session.id, issued('expiring', 'r1', new Date(Date.now() + 10_000)));
    let calls = 0;
    const refresh = async (refreshToken: string): Promise<OidcTokens> => {
      calls++;
      // Long enough that every other request arrives while this one holds the lease.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return issued(`renewed-from-${refreshToken}`, 'r2', new Date(Date.now() + 600_000));
    };
    const dbs = [(await store()).db, replicas[0].db, replicas[1].db];
    // renewIdToken goes around the in-process sharing of renewOnce, as a request on another replica would.
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => {
        const deps: RenewalDeps = { db: dbs[i % 3], refresh, now: () => new Date() };
        return (i % 2 ? currentIdToken(deps, session.id) : renewIdToken(deps, session.id, 1)).then((a) => a.token);
      }),
    );
    expect(calls).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['renewed-from-r1']));
    expect(await loadTokens(session.id)).toMatchObject({ idToken: 'renewed-from-r1', refreshToken: 'r2', generation: 2 });
  });
});
