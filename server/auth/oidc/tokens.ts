import 'server-only';
import { compactDecrypt, CompactEncrypt } from 'jose';
import type { Kysely } from 'kysely';
import { config } from '../../config';
import { ConsoleError, consoleErrors } from '../../errors';
import { store, type Database } from '../../store';
import { deriveKey } from '../keys';
import { revokeSession } from '../session';

/** The tokens a signed-in session holds; only the ID token reaches the API server, neither reaches a browser. */
export interface OidcTokens {
  idToken: string;
  refreshToken?: string;
  /** The ID token's exp. */
  expiresAt: Date;
  /** When to renew it (renewalTime of its iat and exp). */
  renewAt: Date;
}

/** How long one replica may hold a renewal before another may take it over (the provider's answer takes well under this). */
export const RENEWAL_LEASE_MS = 15_000;
const POLL_MS = 100;

function tokenKey(): Uint8Array {
  return deriveKey(config().sessionSecret, 'oidc tokens');
}

/** Encrypts (JWE, dir + A256GCM) a token for its session's row; the session id in the protected header binds it there. */
export async function encryptToken(sessionId: string, token: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(token)).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', sid: sessionId }).encrypt(tokenKey());
}

export async function decryptToken(sessionId: string, sealed: string): Promise<string> {
  const { plaintext, protectedHeader } = await compactDecrypt(sealed, tokenKey(), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
  if (protectedHeader.sid !== sessionId) throw new Error('the token was sealed for another session');
  return new TextDecoder().decode(plaintext);
}

export async function saveTokens(sessionId: string, tokens: OidcTokens): Promise<void> {
  const { db } = await store();
  await db
    .insertInto('oidc_sessions')
    .values({
      session_id: sessionId,
      id_token: await encryptToken(sessionId, tokens.idToken),
      refresh_token: tokens.refreshToken ? await encryptToken(sessionId, tokens.refreshToken) : null,
      id_token_expires_at: tokens.expiresAt,
      renew_at: tokens.renewAt,
    })
    .execute();
}

interface Row {
  id_token: string;
  refresh_token: string | null;
  id_token_expires_at: Date;
  renew_at: Date;
  generation: number;
  renewing_until: Date | null;
  revoked_at: Date | null;
}

async function readRow(db: Kysely<Database>, sessionId: string): Promise<Row | undefined> {
  return db
    .selectFrom('oidc_sessions')
    .innerJoin('sessions', 'sessions.id', 'oidc_sessions.session_id')
    .select(['id_token', 'refresh_token', 'id_token_expires_at', 'renew_at', 'generation', 'renewing_until', 'revoked_at'])
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}

/** The session's tokens as stored, decrypted; undefined once the session has ended. */
export async function loadTokens(sessionId: string): Promise<(OidcTokens & { generation: number }) | undefined> {
  const { db } = await store();
  const row = await readRow(db, sessionId);
  if (!row || row.revoked_at) return undefined;
  return {
    idToken: await decryptToken(sessionId, row.id_token),
    ...(row.refresh_token ? { refreshToken: await decryptToken(sessionId, row.refresh_token) } : {}),
    expiresAt: row.id_token_expires_at,
    renewAt: row.renew_at,
    generation: row.generation,
  };
}

/** What renewal needs from outside: the store, the provider's refresh_token grant, the clock. */
export interface RenewalDeps {
  db: Kysely<Database>;
  /** Resolves with the renewed tokens; a ConsoleError of kind SessionExpired means the provider refused for good. */
  refresh(refreshToken: string): Promise<OidcTokens>;
  now(): Date;
}

/** Takes the renewal of `generation` unless another replica holds it or has already renewed. */
async function claimRenewal(deps: RenewalDeps, sessionId: string, generation: number): Promise<boolean> {
  const now = deps.now();
  const result = await deps.db
    .updateTable('oidc_sessions')
    .set({ renewing_until: new Date(now.getTime() + RENEWAL_LEASE_MS) })
    .where('session_id', '=', sessionId)
    .where('generation', '=', generation)
    .where((eb) => eb.or([eb('renewing_until', 'is', null), eb('renewing_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An ID token and the generation of the row that holds it. */
export interface CurrentToken {
  token: string;
  generation: number;
}

async function renewClaimed(deps: RenewalDeps, sessionId: string, row: Row): Promise<CurrentToken> {
  let renewed: OidcTokens;
  try {
    if (!row.refresh_token) throw consoleErrors.sessionExpired('the OpenID provider gave this session no refresh token, and its ID token has expired; sign in again');
    renewed = await deps.refresh(await decryptToken(sessionId, row.refresh_token));
  } catch (err) {
    if (err instanceof ConsoleError && err.kind === 'SessionExpired') {
      await revokeSession(sessionId, deps.now(), deps.db);
      await deps.db.deleteFrom('oidc_sessions').where('session_id', '=', sessionId).execute();
      throw err;
    }
    // The provider could not be asked: another request may try again; the current token serves while it lasts.
    await deps.db.updateTable('oidc_sessions').set({ renewing_until: null }).where('session_id', '=', sessionId).where('generation', '=', row.generation).execute();
    if (row.id_token_expires_at.getTime() > deps.now().getTime()) return { token: await decryptToken(sessionId, row.id_token), generation: row.generation };
    throw consoleErrors.sessionExpired(`the session's ID token expired and could not be renewed: ${(err as Error).message}`);
  }
  await deps.db
    .updateTable('oidc_sessions')
    .set({
      id_token: await encryptToken(sessionId, renewed.idToken),
      // A provider that does not rotate refresh tokens answers without one: the old one stays valid.
      refresh_token: renewed.refreshToken ? await encryptToken(sessionId, renewed.refreshToken) : row.refresh_token,
      id_token_expires_at: renewed.expiresAt,
      renew_at: renewed.renewAt,
      generation: row.generation + 1,
      renewing_until: null,
    })
    .where('session_id', '=', sessionId)
    .where('generation', '=', row.generation)
    .execute();
  return { token: renewed.idToken, generation: row.generation + 1 };
}

/**
 * A renewed ID token for the session, newer than `generation`: this replica renews it when it
 * wins the row's lease, otherwise it waits for the replica that did and uses its result.
 */
export async function renewIdToken(deps: RenewalDeps, sessionId: string, generation: number): Promise<CurrentToken> {
  const deadline = deps.now().getTime() + 2 * RENEWAL_LEASE_MS;
  for (;;) {
    const row = await readRow(deps.db, sessionId);
    if (!row || row.revoked_at) throw consoleErrors.sessionExpired('the session ended when its ID token could not be renewed; sign in again');
    if (row.generation > generation) return { token: await decryptToken(sessionId, row.id_token), generation: row.generation };
    if (await claimRenewal(deps, sessionId, generation)) return renewClaimed(deps, sessionId, row);
    if (deps.now().getTime() > deadline) throw consoleErrors.sessionExpired('the ID token was not renewed in time; sign in again');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const inFlight = new Map<string, Promise<CurrentToken>>();

/** One renewal per session and generation in this process; other replicas are held off by the row's lease. */
export function renewOnce(deps: RenewalDeps, sessionId: string, generation: number): Promise<CurrentToken> {
  const key = `${sessionId}\0${generation}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = renewIdToken(deps, sessionId, generation).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/** The ID token to send for the session now, renewed first when its renewal time has come. */
export async function currentIdToken(deps: RenewalDeps, sessionId: string): Promise<CurrentToken> {
  const row = await readRow(deps.db, sessionId);
  if (!row || row.revoked_at) throw consoleErrors.sessionExpired('the session holds no ID token; sign in again');
  if (deps.now().getTime() < row.renew_at.getTime()) return { token: await decryptToken(sessionId, row.id_token), generation: row.generation };
  return renewOnce(deps, sessionId, row.generation);
}
