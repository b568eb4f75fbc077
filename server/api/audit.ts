import 'server-only';
/** The audit trail's console API: who may read which entries. */
import { z } from 'zod';
import { actorFor } from '../audit/actor';
import { decodeCursor, listAudit, type AuditPage } from '../audit/trail';
import { ConsoleError, consoleErrors } from '../errors';
import { parseInput } from '../http';
import { identityKey, isClusterWideReader } from '../k8s/can';
import { clusterName, namespaceName } from './names';

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
