import 'server-only';
import { createHash } from 'node:crypto';
import { kubeClient } from '../k8s/client';
import { whoami, type WhoAmI } from '../k8s/whoami';

const VALID_FOR_MS = 60_000;
const MAX_ENTRIES = 1000;
const validated = new Map<string, { user: WhoAmI; until: number }>();

/** Reads `Authorization: Bearer <token>`; undefined when absent or another scheme. */
export function bearerToken(request: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Confirms a script's bearer token with the API server (SelfSubjectReview), remembering a
 * success for a minute; throws the API server's answer (401 Unauthorized) otherwise.
 */
export async function validateBearer(token: string, cluster: string, now = Date.now()): Promise<WhoAmI> {
  const key = createHash('sha256').update(`${cluster}\0${token}`).digest('base64url');
  const hit = validated.get(key);
  if (hit && hit.until > now) return hit.user;
  const user = await whoami(kubeClient({ mode: 'token', token }, cluster));
  if (validated.size >= MAX_ENTRIES) {
    for (const [k, v] of validated) if (v.until <= now) validated.delete(k);
    if (validated.size >= MAX_ENTRIES) validated.clear();
  }
  validated.set(key, { user, until: now + VALID_FOR_MS });
  return user;
}
