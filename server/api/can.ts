import 'server-only';
/** The action checks a page asks before it renders its buttons. */
import { z } from 'zod';
import { actorFor } from '../audit/actor';
import { readJsonBody } from '../http';
import { canEach, identityKey, type CanResult } from '../k8s/can';
import { BODY_LIMITS } from '../request-body';
import { permission } from './access';

/** The most checks one request asks: a page's buttons, with room to spare. */
export const MAX_CHECKS = 64;

const canBody = z.object({ checks: z.array(permission).min(1).max(MAX_CHECKS) }).strict();

/** POST …/access/can: whether the caller may do each check, in order, with what is missing when not. */
export async function canCheck(request: Request, cluster: string): Promise<{ results: CanResult[] }> {
  const actor = await actorFor(request, cluster);
  const { checks } = await readJsonBody(request, canBody, BODY_LIMITS.form);
  const results = await canEach(actor.client, identityKey(cluster, actor.caller.identity), actor.audit.user.username, checks);
  return { results };
}
