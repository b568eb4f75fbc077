/**
 * The typed conversion of an applied configuration. Expected messages follow
 * sigs.k8s.io/structured-merge-diff typed/validate.go (validateScalar, listValue,
 * mapValue; Go's %#v, %T and %v of the wrapped value) and fieldpath's path
 * spelling (.field, [key="value"], [index]), as kube-apiserver reports them, e.g.
 * kubernetes/kubernetes#122480: `.spec.topologyKeys: field not declared in schema`.
 */
import { describe, expect, it } from 'vitest';
import { rootSchema } from './schema';
import { typedPatchErrors, typedPatchMessage } from './typed';

const configMap = rootSchema('', 'v1', 'ConfigMap');
const deployment = rootSchema('apps', 'v1', 'Deployment');

const container = (extra: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'backend-app', namespace: 'eks-work' },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'backend:1.4', ...extra }] } } },
});

describe('typed conversion of an applied configuration', () => {
  it('accepts a well-typed configuration, quantities as numbers or strings, and nulls', () => {
    expect(typedPatchErrors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: { app: 'x' }, annotations: null }, data: { k: 'v' } }, configMap)).toEqual([]);
    expect(typedPatchErrors(container({ resources: { limits: { cpu: 1, memory: '512Mi' } }, ports: [{ containerPort: 8080 }] }), deployment)).toEqual([]);
  });

  it('names a wrongly typed scalar with the value as Go prints it', () => {
    expect(typedPatchErrors({ data: { a: 1 } }, configMap)).toEqual(['.data.a: expected string, got &value.valueUnstructured{Value:1}']);
    expect(typedPatchErrors({ data: { a: { b: [1, 'x'] } } }, configMap)).toEqual([
      '.data.a: expected string, got &value.valueUnstructured{Value:map[string]interface {}{"b":[]interface {}{1, "x"}}}',
    ]);
    expect(typedPatchErrors({ spec: { replicas: 'two', paused: 'yes' } }, deployment)).toEqual([
      '.spec.replicas: expected numeric (int or float), got string',
      '.spec.paused: expected boolean, got &{yes}',
    ]);
  });

  it('names list items by their keys, and fields the kind does not declare', () => {
    expect(typedPatchErrors(container({ ports: [{ containerPort: 'http' }], imagePullPolcy: 'Always' }), deployment)).toEqual([
      '.spec.template.spec.containers[name="app"].ports[containerPort="http"].containerPort: expected numeric (int or float), got string',
      '.spec.template.spec.containers[name="app"].imagePullPolcy: field not declared in schema',
    ]);
    expect(typedPatchErrors({ spec: { template: { spec: { containers: { name: 'app' } } } } }, deployment)).toEqual(['.spec.template.spec.containers: expected list, got &{map[name:app]}']);
    expect(typedPatchErrors({ metadata: 'x' }, configMap)).toEqual(['.metadata: expected map, got &{x}']);
  });

  it('words one error alone and several under "errors:", with the object as objectGVKNN prints it', () => {
    const object = { namespace: 'eks-work', name: 'backend-app', apiVersion: 'apps/v1', kind: 'Deployment' };
    expect(typedPatchMessage(['.spec.replicas: x'], object)).toBe('failed to create typed patch object (eks-work/backend-app; apps/v1, Kind=Deployment): .spec.replicas: x');
    expect(typedPatchMessage(['.a: x', '.b: y'], { name: 'settings', apiVersion: 'v1', kind: 'ConfigMap' })).toBe(
      'failed to create typed patch object (/settings; /v1, Kind=ConfigMap): errors:\n  .a: x\n  .b: y',
    );
  });
});
