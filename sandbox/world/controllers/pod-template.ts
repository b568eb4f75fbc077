/**
 * Pods from a controller's pod template, with the defaults the API server
 * and its admission plugins would add, and the pod-template-hash the
 * deployment controller derives from a template.
 */
import type { KubeObject, NewObject } from '../../kube/store';
import { qosClass } from '../kubelet';
import { ownerReference } from './common';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

interface Container {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  [field: string]: any;
}

/** The API server's defaulting of a container (SetDefaults_Container and friends). */
export function defaultContainer(c: Container): Container {
  const image = c.image ?? '';
  const tag = image.includes('@') ? '' : (image.split('/').pop()!.split(':')[1] ?? 'latest');
  return {
    ...c,
    resources: c.resources ?? {},
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    imagePullPolicy: c.imagePullPolicy ?? (tag === 'latest' ? 'Always' : 'IfNotPresent'),
  };
}

/** SetDefaults_PodSpec for the fields kubectl shows. */
export function defaultPodSpec(spec: any): any {
  return {
    ...spec,
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
    containers: (spec.containers ?? []).map(defaultContainer),
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    securityContext: spec.securityContext ?? {},
    schedulerName: spec.schedulerName ?? 'default-scheduler',
  };
}

/** The pod-level defaults added at pod creation (service account and default tolerations admission). */
function admitPodSpec(spec: any): any {
  const tolerations = [...(spec.tolerations ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t: any) => t.key === key && (t.effect === 'NoExecute' || !t.effect))) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  return {
    ...defaultPodSpec(spec),
    serviceAccountName: spec.serviceAccountName ?? 'default',
    serviceAccount: spec.serviceAccountName ?? 'default',
    enableServiceLinks: spec.enableServiceLinks ?? true,
    preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
    priority: spec.priority ?? 0,
    tolerations,
  };
}

/** controller.GetPodFromTemplate: a new pod owned by `owner`. */
export function podFromTemplate(template: any, owner: KubeObject, options: { name?: string; generateName?: string; extraLabels?: Record<string, string>; spec?: (spec: any) => any } = {}): NewObject {
  const meta = template?.metadata ?? {};
  let spec = admitPodSpec(structuredClone(template?.spec ?? {}));
  if (options.spec) spec = options.spec(spec);
  const name = options.name ? { name: options.name } : { generateName: options.generateName ?? `${owner.metadata.name}-` };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...name,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}), ...(options.extraLabels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [ownerReference(owner)],
    },
    spec,
    status: { phase: 'Pending', qosClass: qosClass(spec) },
  };
}

// ---------------------------------------------------------------------------
// pod-template-hash

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each character mapped into an alphabet without vowels or look-alikes. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Deterministic JSON with sorted keys; a null field counts as absent, as
 * it does once decoded into the API types (kubectl sends templates with
 * `creationTimestamp: null`).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** controller.ComputeHash: FNV-32a of the template (and the collision count), safe-encoded. */
export function computeHash(template: unknown, collisionCount?: number): string {
  const text = canonicalJson(template) + (collisionCount ? String(collisionCount) : '');
  return safeEncode(String(fnv32a(text)));
}

/** The template without the pod-template-hash label, for EqualIgnoreHash. */
export function templateWithoutHash(template: any): any {
  const labels = { ...(template?.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return { ...template, metadata: { ...(template?.metadata ?? {}), labels } };
}

export function equalIgnoreHash(a: any, b: any): boolean {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}
