// Expected names are upstream's definition names in kubernetes/kubernetes api/openapi-spec/swagger.json (v1.34).
import { describe, expect, it } from 'vitest';
import { definitionName, groupPackage, parseClassName } from './names';

describe('client-node class names', () => {
  it('split into collision prefix, version and type name', () => {
    expect(parseClassName('V1Deployment')).toEqual({ prefix: undefined, version: 'v1', name: 'Deployment' });
    expect(parseClassName('V2HorizontalPodAutoscaler')).toEqual({ prefix: undefined, version: 'v2', name: 'HorizontalPodAutoscaler' });
    expect(parseClassName('CoreV1Event')).toEqual({ prefix: 'core', version: 'v1', name: 'Event' });
    expect(parseClassName('V1beta2DeviceSelector')).toEqual({ prefix: undefined, version: 'v1beta2', name: 'DeviceSelector' });
    expect(parseClassName('VersionInfo')).toBeUndefined();
  });

  it('map API groups to their k8s.io/api package', () => {
    expect(groupPackage('')).toBe('core');
    expect(groupPackage('apps')).toBe('apps');
    expect(groupPackage('rbac.authorization.k8s.io')).toBe('rbac');
    expect(groupPackage('networking.k8s.io')).toBe('networking');
    expect(groupPackage('authentication.k8s.io')).toBe('authentication');
  });
});

describe('definitionName', () => {
  it('names a kind by the package of the group that serves it', () => {
    expect(definitionName('V1Deployment', 'apps')).toBe('io.k8s.api.apps.v1.Deployment');
    expect(definitionName('V1ConfigMap', 'core')).toBe('io.k8s.api.core.v1.ConfigMap');
    expect(definitionName('V2HorizontalPodAutoscaler', 'autoscaling')).toBe('io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
    expect(definitionName('V1ClusterRoleBinding', 'rbac')).toBe('io.k8s.api.rbac.v1.ClusterRoleBinding');
  });

  it('names meta/v1 types under apimachinery whatever reaches them', () => {
    expect(definitionName('V1ObjectMeta', 'apps')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(definitionName('V1LabelSelector', 'apps')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector');
    expect(definitionName('V1Condition', 'policy')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.Condition');
  });

  it('keeps the package a collision prefix names', () => {
    expect(definitionName('CoreV1Event', undefined)).toBe('io.k8s.api.core.v1.Event');
    expect(definitionName('CoreV1EndpointPort', undefined)).toBe('io.k8s.api.core.v1.EndpointPort');
    expect(definitionName('RbacV1Subject', undefined)).toBe('io.k8s.api.rbac.v1.Subject');
  });

  it('names subresource kinds by their own package, not the resource they are served under', () => {
    expect(definitionName('V1Scale', 'apps')).toBe('io.k8s.api.autoscaling.v1.Scale');
    expect(definitionName('V1Eviction', 'core')).toBe('io.k8s.api.policy.v1.Eviction');
    expect(definitionName('AuthenticationV1TokenRequest', 'core')).toBe('io.k8s.api.authentication.v1.TokenRequest');
  });

  it('refuses a class whose package is unknown', () => {
    expect(() => definitionName('V1DeploymentSpec', undefined)).toThrow('no package known for V1DeploymentSpec');
  });
});
