import { describe, expect, it } from 'vitest';
import { Store, type KubeObject, type NewObject } from '../store';
import { StatusError } from '../status';
import { admitLimitRange } from './limitrange';
import { admitPodQuota, quotaUsed } from './quota';

function pod(name: string, resources: object): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'rbac-test-ns', uid: name, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'app', resources }] },
  };
}

function storeWith(...objects: [string, NewObject][]): Store {
  const store = new Store();
  for (const [resource, obj] of objects) store.create(resource, obj);
  return store;
}

const quota = (hard: Record<string, string>, used: Record<string, string>): [string, NewObject] => [
  'resourcequotas',
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'dev-quota', namespace: 'rbac-test-ns' }, spec: { hard }, status: { hard, used } },
];

describe('resource quota admission', () => {
  it("refuses a pod past a hard limit with the plugin's exceeded-quota message, naming only the exceeded resources", () => {
    const store = storeWith(quota({ pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi' }, { pods: '3', 'requests.cpu': '800m', 'requests.memory': '256Mi' }));
    let error: StatusError | undefined;
    try {
      admitPodQuota(store, pod('big', { requests: { cpu: '500m', memory: '128Mi' } }));
    } catch (err) {
      error = err as StatusError;
    }
    // plugin/pkg/admission/resourcequota: "exceeded quota: %s, requested: %s, used: %s, limited: %s", wrapped by admission.NewForbidden.
    expect([error?.status.code, error?.status.reason, error?.status.message]).toEqual([
      403,
      'Forbidden',
      'pods "big" is forbidden: exceeded quota: dev-quota, requested: requests.cpu=500m, used: requests.cpu=800m, limited: requests.cpu=1',
    ]);
    expect(() => admitPodQuota(store, pod('small', { requests: { cpu: '200m', memory: '128Mi' } }))).not.toThrow();
  });

  it('counts pods, their requests and limits, and objects by count/<resource> for status.used', () => {
    const store = storeWith(
      ['pods', pod('a', { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } })],
      ['pods', { ...pod('done', { requests: { cpu: '1' } }), status: { phase: 'Succeeded' } }],
      ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'rbac-test-ns' } }],
    );
    const hard = { pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.memory': '2Gi', 'limits.cpu': '2', 'count/configmaps': '5' };
    const q = store.create(...quota(hard, {}));
    // A Succeeded pod no longer counts; memory prints in BinarySI, cpu in DecimalSI, as the quota controller's sums do.
    expect(quotaUsed(store, q)).toEqual({ pods: '1', 'requests.cpu': '50m', 'requests.memory': '64Mi', 'limits.memory': '128Mi', 'limits.cpu': '0', 'count/configmaps': '1' });
  });
});

describe('LimitRanger defaults', () => {
  it('fills in the requests and limits a container lacks and says which in the limit-ranger annotation', () => {
    const store = storeWith([
      'limitranges',
      {
        apiVersion: 'v1',
        kind: 'LimitRange',
        metadata: { name: 'default-limits', namespace: 'rbac-test-ns' },
        spec: { limits: [{ type: 'Container', default: { cpu: '200m', memory: '256Mi' }, defaultRequest: { cpu: '50m', memory: '64Mi' } }] },
      },
    ]);
    const p = pod('web', { limits: { memory: '512Mi' } });
    admitLimitRange(store, p);
    expect(p.spec.containers[0].resources).toEqual({ limits: { memory: '512Mi', cpu: '200m' }, requests: { cpu: '50m', memory: '64Mi' } });
    // mergeContainerResources' message: requests then limits, per container.
    expect(p.metadata.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu, memory request for container app; cpu limit for container app' });
  });
});
