import { beforeAll, describe, expect, it } from 'vitest';
import { loadFieldTypes, type FieldTypes } from './field-types';

let types: FieldTypes;
beforeAll(async () => {
  types = await loadFieldTypes();
});

const decode = (group: string, kind: string, obj: Record<string, unknown>, decoder?: 'json' | 'unstructured') => types.decode(group, 'v1', kind, obj, decoder);

const deployment = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec });

// Expected messages are the API server's as users reported them (kubernetes.core#682, dify-helm#44, ThreatMapper#2331,
// helm and argocd reports of replicas as a string); the rest follow encoding/json's UnmarshalTypeError:
// "cannot unmarshal <JSON kind> into Go struct field <innermost struct>.<JSON path> of type <Go type>".
describe('typed decoding of request bodies (encoding/json)', () => {
  it('a number or an object in a ConfigMap data value, as kube-apiserver words it', () => {
    expect(decode('', 'ConfigMap', { data: { a: 1 } })).toBe('json: cannot unmarshal number into Go struct field ConfigMap.data of type string');
    expect(decode('', 'ConfigMap', { data: { a: 'x', b: { c: 'd' } } })).toBe('json: cannot unmarshal object into Go struct field ConfigMap.data of type string');
  });

  it('replicas as a string, named by the innermost struct and the path from the root', () => {
    expect(decode('apps', 'Deployment', deployment({ replicas: 'two' }))).toBe('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it('a fractional or out-of-range integer names the number', () => {
    expect(decode('apps', 'Deployment', deployment({ replicas: 1.5 }))).toBe('json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(decode('apps', 'Deployment', deployment({ replicas: 2 ** 31 }))).toBe('json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32');
  });

  it('fields inside lists and nested structs: no index in the path, the Go type of a struct or slice', () => {
    const template = (container: Record<string, unknown>) => deployment({ template: { spec: { containers: [{ name: 'a', image: 'x' }, container] } } });
    expect(decode('apps', 'Deployment', template({ name: 'b', image: 7 }))).toBe('json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string');
    expect(decode('apps', 'Deployment', template({ name: 'b', args: 'run' }))).toBe('json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.args of type []string');
    expect(decode('apps', 'Deployment', deployment({ template: 'x' }))).toBe('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec');
    expect(decode('', 'ConfigMap', { metadata: { labels: ['a'] } })).toBe('json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string');
    expect(decode('', 'ConfigMap', { immutable: 'yes' })).toBe('json: cannot unmarshal string into Go struct field ConfigMap.immutable of type bool');
    expect(decode('', 'Secret', { data: { a: 1 } })).toBe('json: cannot unmarshal number into Go struct field Secret.data of type []uint8');
  });

  it('accepts what the typed object accepts: quantities as numbers, IntOrString either way, nulls, unknown fields', () => {
    const ok = deployment({
      replicas: null,
      strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
      template: { spec: { containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: 1, memory: '1Gi' } }, ports: [{ containerPort: 80 }] }] } },
      unknownField: 3,
    });
    expect(decode('apps', 'Deployment', ok)).toBeUndefined();
    // metav1.MicroTime is a string on the wire (client-go's leader election writes "2026-12-06T09:53:14.123000Z").
    const lease = { spec: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: '2026-12-06T09:53:14.123000Z', renewTime: '2026-12-06T09:53:14.123000Z', leaseTransitions: 0 } };
    expect(types.decode('coordination.k8s.io', 'v1', 'Lease', lease)).toBeUndefined();
    expect(types.decode('coordination.k8s.io', 'v1', 'Lease', { spec: { leaseDurationSeconds: '15' } })).toBe(
      'json: cannot unmarshal string into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32',
    );
    expect(
      decode('autoscaling', 'HorizontalPodAutoscaler', { spec: { minReplicas: 1, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: 2 } } }] } }),
    ).toBeUndefined();
  });

  it('drops empty maps at any depth and keeps empty lists and structs, as the typed round trip does', () => {
    const obj = { metadata: { name: 'a', annotations: {}, labels: { x: 'y' } }, data: {}, binaryData: {} };
    expect(decode('', 'ConfigMap', obj)).toBeUndefined();
    expect(obj).toEqual({ metadata: { name: 'a', labels: { x: 'y' } } });
    const pod = { spec: { nodeSelector: {}, containers: [{ name: 'a', resources: { limits: {} }, securityContext: {} }], volumes: [] } };
    expect(decode('', 'Pod', pod)).toBeUndefined();
    expect(pod).toEqual({ spec: { containers: [{ name: 'a', resources: {}, securityContext: {} }], volumes: [] } });
  });
});

// converter.go fromUnstructured: "unrecognized type: <kind>" where Go cannot convert, "cannot convert <from> to <to>"
// where it can but JSON may not, "cannot restore slice|map|struct from". Users report the first for replicas as a
// string in a strategic merge patch (kubernetes-client/python#1023, kubernetes/kubernetes#73692).
describe('typed decoding of strategic merge patch results (the unstructured converter)', () => {
  it('words each mismatch as fromUnstructured does', () => {
    expect(decode('apps', 'Deployment', deployment({ replicas: 'two' }), 'unstructured')).toBe('unrecognized type: int32');
    expect(decode('', 'ConfigMap', { data: { a: 1 } }, 'unstructured')).toBe('cannot convert int64 to string');
    expect(decode('', 'ConfigMap', { data: { a: 1.5 } }, 'unstructured')).toBe('cannot convert float64 to string');
    expect(decode('', 'ConfigMap', { data: { a: true } }, 'unstructured')).toBe('unrecognized type: string');
    expect(decode('apps', 'Deployment', deployment({ replicas: 1.5 }), 'unstructured')).toBe('cannot convert float64 to int32');
    expect(decode('apps', 'Deployment', deployment({ template: 'x' }), 'unstructured')).toBe('cannot restore struct from: string');
    expect(decode('', 'ConfigMap', { data: [] }, 'unstructured')).toBe('cannot restore map from slice');
    expect(decode('apps', 'Deployment', deployment({ replicas: 3.0 }), 'unstructured')).toBeUndefined();
  });
});

describe('models of served kinds', () => {
  it('finds the generated model of each group and version', () => {
    expect([
      types.modelOf('', 'v1', 'ConfigMap'),
      types.modelOf('', 'v1', 'Event'),
      types.modelOf('apps', 'v1', 'Deployment'),
      types.modelOf('autoscaling', 'v2', 'HorizontalPodAutoscaler'),
      types.modelOf('rbac.authorization.k8s.io', 'v1', 'ClusterRole'),
      types.modelOf('policy', 'v1', 'PodDisruptionBudget'),
      types.modelOf('example.com', 'v1', 'Widget'),
    ]).toEqual(['V1ConfigMap', 'CoreV1Event', 'V1Deployment', 'V2HorizontalPodAutoscaler', 'V1ClusterRole', 'V1PodDisruptionBudget', undefined]);
  });
});
