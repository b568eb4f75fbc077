/** A pod's effective requests and limits as the scheduler and `kubectl describe node` count them. Pure. */
import { approximateFloat } from './quantity';

export interface ResourceAmounts {
  /** Whole millicores, so sums stay exact. */
  cpuMillicores: number;
  memoryBytes: number;
}

interface ContainerResources {
  restartPolicy?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> } | null;
}

export interface PodResourcesLike {
  spec?: { containers?: ContainerResources[]; initContainers?: ContainerResources[]; overhead?: Record<string, string> | null } | null;
}

export function amounts(values: Record<string, string> | undefined | null): ResourceAmounts {
  return { cpuMillicores: Math.ceil((approximateFloat(values?.cpu) ?? 0) * 1000), memoryBytes: approximateFloat(values?.memory) ?? 0 };
}

function total(pod: PodResourcesLike, which: 'requests' | 'limits'): ResourceAmounts {
  const result: ResourceAmounts = { cpuMillicores: 0, memoryBytes: 0 };
  for (const key of ['cpuMillicores', 'memoryBytes'] as const) {
    let apps = 0;
    for (const c of pod.spec?.containers ?? []) apps += amounts(c.resources?.[which])[key];
    // Sidecars (restartable init containers) run beside the app; other init containers one at a time before it.
    let sidecars = 0;
    let initPeak = 0;
    for (const c of pod.spec?.initContainers ?? []) {
      const value = amounts(c.resources?.[which])[key];
      if (c.restartPolicy === 'Always') {
        sidecars += value;
        initPeak = Math.max(initPeak, sidecars);
      } else {
        initPeak = Math.max(initPeak, sidecars + value);
      }
    }
    result[key] = Math.max(apps + sidecars, initPeak) + amounts(pod.spec?.overhead)[key];
  }
  return result;
}

/** resourcehelper.PodRequests: max(apps + sidecars, init peak) + overhead. */
export function podRequests(pod: PodResourcesLike): ResourceAmounts {
  return total(pod, 'requests');
}

export function podLimits(pod: PodResourcesLike): ResourceAmounts {
  return total(pod, 'limits');
}
