import { describe, expect, it } from 'vitest';
import { podListProtobuf, readingClient } from '../testing/fake-kube-client';
import type { GetOptions, KubeClient, Query, ResourceRef } from './client';
import { activeAllocation, allocatedByNode } from './nodes';
import type { Pod } from './pods';

const Mi = 2 ** 20;
const resources = (requests: Record<string, string>, limits: Record<string, string> = {}) => ({ resources: { requests, limits } });

/** Two pods on ip-192-168-1-17, one with no requests on ip-192-168-2-17, one not scheduled yet. */
const pods = [
  {
    metadata: { name: 'backend-app-7c9f8d0b6-x0q2w', namespace: 'eks-work' },
    spec: {
      nodeName: 'ip-192-168-1-17',
      containers: [
        { name: 'app', ...resources({ cpu: '250m', memory: '256Mi' }, { cpu: '500m', memory: '512Mi' }) },
        { name: 'proxy', ...resources({ cpu: '100m', memory: '64Mi' }) },
      ],
      overhead: { cpu: '50m' },
    },
  },
  {
    metadata: { name: 'batch-report-5d8f7-k2m4p', namespace: 'eks-work' },
    spec: {
      nodeName: 'ip-192-168-1-17',
      initContainers: [
        { name: 'fluent-bit', restartPolicy: 'Always', ...resources({ cpu: '100m', memory: '128Mi' }) },
        { name: 'migrate', ...resources({ cpu: '1', memory: '1Gi' }) },
      ],
      containers: [{ name: 'report', ...resources({ cpu: '200m', memory: '100Mi' }) }],
    },
  },
  { metadata: { name: 'frontend-web-6b7c8-p9r2t', namespace: 'rbac-test-ns' }, spec: { nodeName: 'ip-192-168-2-17', containers: [{ name: 'web' }] } },
  { metadata: { name: 'dedicated-worker-8f9a1-q3w5e', namespace: 'eks-work' }, spec: { containers: [{ name: 'worker', ...resources({ cpu: '2' }) }] } },
];

/** The pods in protobuf, two a page, as an API server answers client-go's Accept, read with the decoder the caller gives. */
function protobufClient(asked: string[]): KubeClient {
  return readingClient(async (ref: ResourceRef, query?: Query, options?: GetOptions) => {
    const at = Number(query?.continue ?? 0);
    asked.push(`${ref.resource} ${query?.fieldSelector} ${options?.accept} continue=${at}`);
    const metadata = at + 2 < pods.length ? { resourceVersion: '7', continue: String(at + 2) } : { resourceVersion: '7' };
    return options!.protobuf!(podListProtobuf(pods.slice(at, at + 2), metadata));
  });
}

describe('activeAllocation', () => {
  it('adds up what active pods request and limit on each node from their protobuf, as from their JSON', async () => {
    const asked: string[] = [];
    const allocated = await activeAllocation(protobufClient(asked));
    // By hand, as resourcehelper.PodRequests counts: the first pod 250m + 100m + 50m overhead, 256Mi + 64Mi; the second
    // max(200m app + 100m sidecar, 100m sidecar + 1 CPU init) = 1100m, max(100Mi + 128Mi, 128Mi + 1Gi) = 1152Mi.
    expect(Object.fromEntries(allocated)).toEqual({
      'ip-192-168-1-17': { requests: { cpuMillicores: 1500, memoryBytes: 1472 * Mi }, limits: { cpuMillicores: 550, memoryBytes: 512 * Mi }, pods: 2 },
      'ip-192-168-2-17': { requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, pods: 1 },
    });
    expect(allocated).toEqual(allocatedByNode(pods as Pod[]));
    expect(asked).toEqual([0, 2].map((at) => `pods status.phase!=Succeeded,status.phase!=Failed application/vnd.kubernetes.protobuf, application/json continue=${at}`));
  });
});
