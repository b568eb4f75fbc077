import 'server-only';
/** Scale through the scale subresource, and the HorizontalPodAutoscalers that own an object's replica count. */
import type { StreamingKubeClient } from '../client';
import { refOf, type ActionTarget } from './target';

/** autoscaling/v1 Scale as the API server answers it. */
export interface Scale {
  spec: { replicas?: number };
  status: { replicas?: number; selector?: string };
}

export interface ScaleState {
  /** The desired count now (spec.replicas of the Scale). */
  replicas: number;
  /** The HorizontalPodAutoscalers whose scaleTargetRef names the object: they set the count, and will undo a manual scale. */
  autoscalers: { name: string; minReplicas?: number; maxReplicas: number }[];
}

interface HorizontalPodAutoscaler {
  metadata: { name: string };
  spec: { scaleTargetRef: { apiVersion?: string; kind: string; name: string }; minReplicas?: number; maxReplicas: number };
}

/** The API group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
const groupOf = (apiVersion: string | undefined) => (apiVersion?.includes('/') ? apiVersion.split('/')[0] : '');

/** The autoscalers in the object's namespace that target it, by kind, name and API group as the HPA controller resolves scaleTargetRef. */
export async function autoscalersOf(client: StreamingKubeClient, target: ActionTarget, kind: string): Promise<ScaleState['autoscalers']> {
  if (target.namespace === undefined) return [];
  const list = await client.get<{ items: HorizontalPodAutoscaler[] }>({ group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespace: target.namespace });
  return list.items
    .filter((h) => h.spec.scaleTargetRef.kind === kind && h.spec.scaleTargetRef.name === target.name && groupOf(h.spec.scaleTargetRef.apiVersion) === target.group)
    .map((h) => ({ name: h.metadata.name, ...(h.spec.minReplicas !== undefined ? { minReplicas: h.spec.minReplicas } : {}), maxReplicas: h.spec.maxReplicas }));
}

export async function readScale(client: StreamingKubeClient, target: ActionTarget): Promise<Scale> {
  return client.get<Scale>(refOf(target, 'scale'));
}

/** Sets spec.replicas through the scale subresource, as `kubectl scale` does. */
export async function scaleTo(client: StreamingKubeClient, target: ActionTarget, replicas: number): Promise<Scale> {
  return client.patch<Scale>(refOf(target, 'scale'), 'merge', { spec: { replicas } });
}
