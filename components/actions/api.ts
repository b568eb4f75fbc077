'use client';
/** The actions' console API: what a dialog shows first (replicas and autoscalers, revisions), and the write itself with the CSRF token. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionResult, ActionState } from '@/server/api/actions';
import type { Revision } from '@/server/k8s/actions/rollout';
import type { RelatedObject } from '@/server/k8s/related';
import type { ScaleState } from '@/server/k8s/actions/scale';
import { apiRequest } from '../api/client';
import { clusterPath, resourceKey } from '../api/keys';
import { writeWithCsrf } from '../api/session';

export type { ActionResult, Revision, ScaleState };

/** The object an action is on, named as a page links to it: group "core" for the core group, namespace "" when cluster-scoped. */
export type ActionObject = Omit<RelatedObject, 'note'>;

export function actionPath(cluster: string, o: ActionObject, action: string): string {
  const path = clusterPath(cluster, 'actions', encodeURIComponent(o.group), encodeURIComponent(o.version), encodeURIComponent(o.resource), encodeURIComponent(o.name), action);
  return o.namespace ? `${path}?namespace=${encodeURIComponent(o.namespace)}` : path;
}

export function scaleStateQuery(cluster: string, o: ActionObject) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'scale-state', cluster, group: o.group, plural: o.resource, namespace: o.namespace, name: o.name }),
    queryFn: async () => ((await apiRequest<ActionState>(actionPath(cluster, o, 'scale'))) as { scale: ScaleState }).scale,
  });
}

export function revisionsQuery(cluster: string, o: ActionObject) {
  return queryOptions({
    queryKey: resourceKey({ resource: 'revisions', cluster, group: o.group, plural: o.resource, namespace: o.namespace, name: o.name }),
    queryFn: async () => ((await apiRequest<ActionState>(actionPath(cluster, o, 'undo'))) as { revisions: Revision[] }).revisions,
  });
}

export const useScaleState = (cluster: string, o: ActionObject) => useQuery(scaleStateQuery(cluster, o));
export const useRevisions = (cluster: string, o: ActionObject) => useQuery(revisionsQuery(cluster, o));

/** Runs an action; every query is read again after it, since the action may change what any page shows. */
export function useAction(cluster: string, o: ActionObject) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body?: Record<string, unknown> }) => writeWithCsrf<ActionResult>(queryClient, 'POST', actionPath(cluster, o, action), body ?? {}),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
