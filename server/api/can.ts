import 'server-only';
/** The action checks a page asks before it renders its buttons, and the audit trail's console API. */
import { z } from 'zod';
import { actorFor } from '../audit/actor';
import { decodeCursor, listAudit, type AuditPage } from '../audit/trail';
import { ConsoleError, consoleErrors } from '../errors';
import { parseInput, readJsonBody } from '../http';
import { canEach, identityKey, isClusterWideReader, type CanResult } from '../k8s/can';
import { BODY_LIMITS } from '../request-body';
import { permission } from './access';
import { clusterName, namespaceName } from './names';

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

const auditQuery = z
  .object({
    cluster: clusterName,
    user: z.string().min(1).max(256).optional(),
    action: z
      .string()
      .regex(/^[a-z][-a-z]*$/, 'an action is lower-case letters and "-"')
      .max(40)
      .optional(),
    namespace: namespaceName.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export interface AuditAnswer extends AuditPage {
  /** 'cluster': everyone's entries on the cluster; 'own': the caller's alone. */
  scope: 'cluster' | 'own';
  username: string;
}

/** GET /api/v1/audit: the caller's own entries, or everyone's on the cluster for a cluster-wide reader. */
export async function auditTrail(request: Request, query: Record<string, string>): Promise<AuditAnswer> {
  const q = parseInput(auditQuery, query, 'query');
  const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (q.cursor !== undefined && !cursor) throw consoleErrors.badRequest('invalid cursor: give the cursor of the previous page');
  const actor = await actorFor(request, q.cluster);
  const me = actor.audit.user.username;
  const reader = await isClusterWideReader(actor.client, identityKey(q.cluster, actor.caller.identity), me);
  if (!reader && q.user !== undefined && q.user !== me) {
    throw new ConsoleError('Forbidden', 403, `only a cluster-wide reader (list pods and list events in all namespaces of ${q.cluster}) sees other users' entries`);
  }
  const page = await listAudit({ cluster: q.cluster, user: reader ? q.user : me, action: q.action, namespace: q.namespace }, { cursor, limit: q.limit });
  return { ...page, scope: reader ? 'cluster' : 'own', username: me };
}
