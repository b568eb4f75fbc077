import 'server-only';
import { randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { config } from '../config';
import { consoleErrors } from '../errors';
import type { Kysely } from 'kysely';
import { store, type Database } from '../store';
import { readCookies, SESSION_COOKIE } from './cookies';
import { deriveKey } from './keys';

export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const MAX_COOKIE_VALUE = 3800;

/** A signed-in browser: the store's row joined with the token sealed in its cookie. */
export interface Session {
  id: string;
  /** The bearer token of token mode; empty in oidc mode, whose ID token stays in the store (server/auth/oidc/tokens.ts). */
  token: string;
  username: string;
  groups: string[];
  cluster: string;
  expiresAt: Date;
}

interface SealedSession {
  sid: string;
  tok: string;
}

function cookieKey(): Uint8Array {
  return deriveKey(config().sessionSecret, 'session cookie');
}

/** Encrypts (JWE, dir + A256GCM) the session id and token into the cookie value. */
export async function sealSession(sealed: SealedSession, expiresAt: Date): Promise<string> {
  return new EncryptJWT({ sid: sealed.sid, tok: sealed.tok })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .encrypt(cookieKey());
}

/** The cookie's contents, or undefined when it was tampered with, sealed with another key, or has expired. */
export async function unsealSession(value: string): Promise<SealedSession | undefined> {
  try {
    const { payload } = await jwtDecrypt(value, cookieKey(), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    if (typeof payload.sid !== 'string' || typeof payload.tok !== 'string') return undefined;
    return { sid: payload.sid, tok: payload.tok };
  } catch {
    return undefined;
  }
}

export async function createSession(input: { token: string; username: string; groups: string[]; cluster: string }, now = new Date()): Promise<{ session: Session; cookieValue: string }> {
  const id = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
  const cookieValue = await sealSession({ sid: id, tok: input.token }, expiresAt);
  if (cookieValue.length > MAX_COOKIE_VALUE) {
    // Browsers silently drop cookies over 4 KB, which would look like a sign-in that did nothing.
    throw consoleErrors.badRequest(`the token is too long to keep in a session cookie (${input.token.length} characters; tokens up to about 2,700 fit)`);
  }
  const { db } = await store();
  await db
    .insertInto('sessions')
    .values({ id, username: input.username, groups: JSON.stringify(input.groups), cluster: input.cluster, created_at: now, expires_at: expiresAt, revoked_at: null })
    .execute();
  return { session: { id, expiresAt, ...input }, cookieValue };
}

/** The request's live session: cookie intact, row present, not revoked, not expired. */
export async function currentSession(request: Request, now = new Date()): Promise<Session | undefined> {
  let sealed: SealedSession | undefined;
  // A cookie planted beside the real one must not sign the browser out: the first that unseals counts.
  for (const value of readCookies(request, SESSION_COOKIE)) {
    sealed = value ? await unsealSession(value) : undefined;
    if (sealed) break;
  }
  if (!sealed) return undefined;
  const { db } = await store();
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', sealed.sid).executeTakeFirst();
  if (!row || row.revoked_at || row.expires_at.getTime() <= now.getTime()) return undefined;
  return { id: row.id, token: sealed.tok, username: row.username, groups: row.groups, cluster: row.cluster, expiresAt: row.expires_at };
}

export async function revokeSession(id: string, now = new Date(), db?: Kysely<Database>): Promise<void> {
  db ??= (await store()).db;
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Drops rows that can no longer be used, a day after they stopped working. */
export async function deleteStaleSessions(now = new Date()): Promise<number> {
  const { db } = await store();
  const cutoff = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
