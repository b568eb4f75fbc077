import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store';
import { defaultRbacObject, rbacFieldErrors } from './validation';

const obj = (fields: Record<string, unknown>) => ({ metadata: { name: 'x' }, ...fields }) as unknown as KubeObject;
const viewRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };

describe('defaultRbacObject', () => {
  it('fills the rbac API group of roleRef and of User and Group subjects, not of ServiceAccounts', () => {
    const binding = obj({
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'dev' },
        { kind: 'Group', name: 'g' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'eks-work' },
      ],
    });
    defaultRbacObject('RoleBinding', binding);
    expect(binding.roleRef).toEqual(viewRef);
    expect(binding.subjects).toEqual([
      { kind: 'User', name: 'dev', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'g', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'eks-work' },
    ]);
  });
});

describe('rbacFieldErrors', () => {
  it('accepts well-formed roles and bindings', () => {
    expect(rbacFieldErrors('Role', obj({ rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }))).toEqual([]);
    expect(rbacFieldErrors('ClusterRole', obj({ rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }] }))).toEqual([]);
    expect(rbacFieldErrors('RoleBinding', obj({ roleRef: viewRef, subjects: [{ kind: 'ServiceAccount', name: 'default' }] }))).toEqual([]);
  });

  it('words rule errors as the API server does', () => {
    expect(
      rbacFieldErrors(
        'Role',
        obj({
          rules: [
            { verbs: [], resources: ['pods'] },
            { verbs: ['get'], nonResourceURLs: ['/x'], resources: ['pods'] },
          ],
        }),
      ),
    ).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: verbs must contain at least one value', field: 'rules[0].verbs' },
      { reason: 'FieldValueRequired', message: 'Required value: resource rules must supply at least one api group', field: 'rules[0].apiGroups' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: []string{"/x"}: namespaced rules cannot apply to non-resource URLs', field: 'rules[1].nonResourceURLs' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs', field: 'rules[1].nonResourceURLs' },
    ]);
  });

  it('refuses a Role roleRef in a ClusterRoleBinding and unknown subject kinds', () => {
    const errors = rbacFieldErrors(
      'ClusterRoleBinding',
      obj({
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'Robot', name: 'r2' },
          { kind: 'ServiceAccount', name: 'sa' },
          { kind: 'User', apiGroup: 'example.com', name: 'u' },
        ],
      }),
    );
    expect(errors).toEqual([
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Role": supported values: "ClusterRole"', field: 'roleRef.kind' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"', field: 'subjects[0].kind' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'subjects[1].namespace' },
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"', field: 'subjects[2].apiGroup' },
    ]);
  });

  it('refuses changing the roleRef of an existing binding', () => {
    const current = obj({ roleRef: viewRef });
    const next = obj({ roleRef: { ...viewRef, name: 'edit' } });
    expect(rbacFieldErrors('RoleBinding', next, current)).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
        field: 'roleRef',
      },
    ]);
  });

  it('checks aggregation rule selectors', () => {
    expect(rbacFieldErrors('ClusterRole', obj({ aggregationRule: { clusterRoleSelectors: [] } }))).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: at least one clusterRoleSelector required if aggregationRule is non-nil', field: 'aggregationRule.clusterRoleSelectors' },
    ]);
    const bad = { clusterRoleSelectors: [{ matchExpressions: [{ key: 'team', operator: 'In' }] }] };
    expect(rbacFieldErrors('ClusterRole', obj({ aggregationRule: bad }))).toEqual([
      { reason: 'FieldValueRequired', message: "Required value: must be specified when `operator` is 'In' or 'NotIn'", field: 'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: "null": invalid label selector.', field: 'aggregationRule.clusterRoleSelectors[0]' },
    ]);
  });
});
