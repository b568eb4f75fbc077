import 'server-only';
/** Cordon, uncordon and drain a node for the caller, each write in the audit trail. */
import { z } from 'zod';
import { actorFor } from '../audit/actor';
import { readJsonBody } from '../http';
import { BODY_LIMITS } from '../request-body';
import { drainNode, setUnschedulable, type CordonResult } from '../k8s/actions/drain';
import { ndjsonPages } from './ndjson';

export async function cordonNode(request: Request, cluster: string, node: string, unschedulable: boolean): Promise<CordonResult> {
  const { client, audit } = await actorFor(request, cluster);
  return setUnschedulable(client, audit, node, unschedulable);
}

export const drainBody = z.object({
  /** kubectl's --delete-emptydir-data: pods with emptyDir volumes are evicted too, their data lost. */
  deleteEmptyDirData: z.boolean(),
  /** kubectl's --force: pods no controller declares are evicted too (nothing recreates them). */
  force: z.boolean().default(false),
  /** kubectl's --ignore-daemonsets, on unless turned off: with it off, DaemonSet pods stop the drain as kubectl's do. */
  ignoreDaemonSets: z.boolean().default(true),
  /** How long refused evictions are retried: at least 5 s (one retry), at most an hour. */
  timeoutSeconds: z.number().int().min(5).max(3600),
});

/** The drain as NDJSON, one event a line, as it happens; closing the request stops it, the node left cordoned. */
export async function drainNodeStream(request: Request, cluster: string, node: string): Promise<Response> {
  const { client, audit } = await actorFor(request, cluster);
  const options = await readJsonBody(request, drainBody, BODY_LIMITS.form);
  return ndjsonPages(request, cluster, 'drain', drainNode(client, audit, node, options, request.signal), (event) => event);
}
