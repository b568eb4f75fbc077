import { describe, expect, it } from 'vitest';
import { Store, type KubeObject, type NewObject } from '../store';
import { StatusError } from '../status';
import { admitLimitRange, defaultLimitRangeItem, validateLimitRange } from './limitrange';
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

/** The refusal's code, reason and message, or undefined when `admit` lets the pod through. */
function refusal(admit: () => void): [number, string | undefined, string | undefined] | undefined {
  try {
    admit();
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    return [err.status.code, err.status.reason, err.status.message];
  }
  return undefined;
}

const quota = (hard: Record<string, string>, used: Record<string, string>): [string, NewObject] => [
  'resourcequotas',
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'dev-quota', namespace: 'rbac-test-ns' }, spec: { hard }, status: { hard, used } },
];

describe('resource quota admission', () => {
  it("refuses a pod past a hard limit with the plugin's exceeded-quota message, naming only the exceeded resources", () => {
    const store = storeWith(
      ['pods', pod('running', { requests: { cpu: '800m', memory: '256Mi' } })],
      quota({ pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi' }, { pods: '1', 'requests.cpu': '800m', 'requests.memory': '256Mi' }),
    );
    // plugin/pkg/admission/resourcequota/controller.go checkRequest: "exceeded quota: %s, requested: %s, used: %s, limited: %s", wrapped by admission.NewForbidden.
    expect(refusal(() => admitPodQuota(store, pod('big', { requests: { cpu: '500m', memory: '128Mi' } })))).toEqual([
      403,
      'Forbidden',
      'pods "big" is forbidden: exceeded quota: dev-quota, requested: requests.cpu=500m, used: requests.cpu=800m, limited: requests.cpu=1',
    ]);
    expect(() => admitPodQuota(store, pod('small', { requests: { cpu: '200m', memory: '128Mi' } }))).not.toThrow();
  });

  it('counts the pods the namespace holds now, not a status.used its controller has yet to write', () => {
    // The plugin writes status.used itself on each admitted pod, so a second pod in the same instant sees the first.
    const store = storeWith(quota({ pods: '1' }, { pods: '0' }), ['pods', pod('first', {})]);
    expect(refusal(() => admitPodQuota(store, pod('second', {})))).toEqual([
      403,
      'Forbidden',
      'pods "second" is forbidden: exceeded quota: dev-quota, requested: pods=1, used: pods=1, limited: pods=1',
    ]);
  });

  it('refuses a pod whose containers leave a tracked cpu or memory resource unset, naming each resource and its containers (podEvaluator.Constraints)', () => {
    const store = storeWith(quota({ pods: '10', 'limits.cpu': '2', 'requests.memory': '1Gi', 'count/configmaps': '5' }, {}));
    const p = pod('bare', { requests: { cpu: '100m' } });
    p.spec.containers.push({ name: 'sidecar', resources: { requests: { memory: '64Mi' } } });
    // pkg/quota/v1/evaluator/core/pods.go: "must specify %s" of "<resource> for: <containers>" joined by "; ", under "failed quota: %s: %v".
    expect(refusal(() => admitPodQuota(store, p))).toEqual([403, 'Forbidden', 'pods "bare" is forbidden: failed quota: dev-quota: must specify limits.cpu for: app,sidecar; requests.memory for: app']);
  });
  it('counts pods, their requests and limits, and objects by count/<resource> for status.used', () => {
    const store = storeWith(
      ['pods', pod('a', { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } })],
      ['pods', { ...pod('done', { requests: { cpu: '1' } }), status: { phase: 'Succeeded' } }],
      ['configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'rbac-test-ns' } }],
    );
    const hard = { pods: '10', 'requests.cpu': '1', 'requests.memory': '1Gi', 'limits.memory': '2Gi', 'limits.cpu': '2', 'count/configmaps': '5' };
    const q = store.create(...quota(hard, {}));
    // A Succeeded pod no longer counts but for count/pods (PodUsageFunc); memory prints in BinarySI, cpu in DecimalSI, as the quota controller's sums do.
    expect(quotaUsed(store, { ...q, spec: { hard: { ...hard, 'count/pods': '10' } } })).toEqual({
      pods: '1',
      'requests.cpu': '50m',
      'requests.memory': '64Mi',
      'limits.memory': '128Mi',
      'limits.cpu': '0',
      'count/configmaps': '1',
      'count/pods': '2',
    });
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

const limitRange = (name: string, limits: object[]): [string, NewObject] => ['limitranges', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: 'rbac-test-ns' }, spec: { limits } }];

describe('LimitRanger limits', () => {
  // Messages from plugin/pkg/admission/limitranger/admission.go minConstraint, maxConstraint and limitRequestRatioConstraint, wrapped by admission.NewForbidden.
  it("refuses a container requesting less than the Container min with the plugin's message", () => {
    const store = storeWith(limitRange('floor', [{ type: 'Container', min: { cpu: '100m' } }]));
    expect(refusal(() => validateLimitRange(store, pod('x', { requests: { cpu: '50m' } })))).toEqual([
      403,
      'Forbidden',
      'pods "x" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    ]);
  });

  it('refuses a container past the Container max, by its limit first, then by a missing limit', () => {
    const store = storeWith(limitRange('ceiling', [{ type: 'Container', max: { cpu: '1', memory: '1Gi' } }]));
    expect(refusal(() => validateLimitRange(store, pod('x', { limits: { cpu: '2', memory: '512Mi' } })))).toEqual([
      403,
      'Forbidden',
      'pods "x" is forbidden: maximum cpu usage per Container is 1, but limit is 2',
    ]);
    // Two breaches: utilerrors.NewAggregate brackets them, comma-separated; the two spaces are upstream's.
    expect(refusal(() => validateLimitRange(store, pod('y', { limits: { cpu: '1500m' } })))).toEqual([
      403,
      'Forbidden',
      'pods "y" is forbidden: [maximum cpu usage per Container is 1, but limit is 1500m, maximum memory usage per Container is 1Gi.  No limit is specified]',
    ]);
  });

  it('refuses a container whose limit is more than maxLimitRequestRatio times its request, printing the ratio as %f', () => {
    const store = storeWith(limitRange('burst', [{ type: 'Container', maxLimitRequestRatio: { cpu: '4' } }]));
    expect(refusal(() => validateLimitRange(store, pod('x', { requests: { cpu: '100m' }, limits: { cpu: '1' } })))).toEqual([
      403,
      'Forbidden',
      'pods "x" is forbidden: cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000',
    ]);
    expect(refusal(() => validateLimitRange(store, pod('y', { requests: { cpu: '250m' }, limits: { cpu: '1' } })))).toBeUndefined();
  });

  it('checks a Pod item against the sum of the containers', () => {
    const store = storeWith(limitRange('per-pod', [{ type: 'Pod', max: { cpu: '1' } }]));
    const p = pod('pair', { requests: { cpu: '400m' }, limits: { cpu: '600m' } });
    p.spec.containers.push({ name: 'second', resources: { requests: { cpu: '400m' }, limits: { cpu: '600m' } } });
    expect(refusal(() => validateLimitRange(store, p))).toEqual([403, 'Forbidden', 'pods "pair" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m']);
  });

  it('defaults a Container item as SetDefaults_LimitRangeItem does: default from max, defaultRequest from default, then from min', () => {
    expect(defaultLimitRangeItem({ type: 'Container', max: { cpu: '1' }, min: { memory: '32Mi' } })).toEqual({
      type: 'Container',
      max: { cpu: '1' },
      min: { memory: '32Mi' },
      default: { cpu: '1' },
      defaultRequest: { cpu: '1', memory: '32Mi' },
    });
  });
});
