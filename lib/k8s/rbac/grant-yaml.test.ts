import { describe, expect, it } from 'vitest';
import { grantName, grantYaml } from './grant-yaml';

const listPods = { verb: 'list', resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '', user: 'dev' };

describe('grantYaml', () => {
  it('grants dev list on pods in eks-work with a Role and a RoleBinding', () => {
    expect(grantYaml(listPods)).toBe(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: dev-list-pods
  namespace: "eks-work"
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: dev-list-pods
  namespace: "eks-work"
subjects:
- kind: User
  apiGroup: rbac.authorization.k8s.io
  name: "dev"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: dev-list-pods
`);
  });

  it('uses a ClusterRole and ClusterRoleBinding at the cluster scope, with the subresource and resource name', () => {
    const yaml = grantYaml({ verb: 'get', resource: 'nodes', subresource: 'proxy', group: '', namespace: '', name: 'node-1', user: 'dev' });
    expect(yaml).toContain('kind: ClusterRole\nmetadata:\n  name: dev-get-nodes-proxy-node-1\nrules:\n- apiGroups: [""]\n  resources: ["nodes/proxy"]\n  resourceNames: ["node-1"]\n  verbs: ["get"]\n');
    expect(yaml).toContain('kind: ClusterRoleBinding\n');
  });

  it('binds a service account user as a ServiceAccount subject and grants a path as a nonResourceURL', () => {
    const yaml = grantYaml({ verb: 'get', resource: '', subresource: '', group: '', namespace: '', name: '', path: '/metrics', user: 'system:serviceaccount:eks-work:backend' });
    expect(yaml).toContain('- nonResourceURLs: ["/metrics"]\n  verbs: ["get"]\n');
    expect(yaml).toContain('subjects:\n- kind: ServiceAccount\n  name: "backend"\n  namespace: "eks-work"\n');
  });

  it('makes a DNS-1123 name out of any user and resource', () => {
    expect(grantName({ ...listPods, user: 'arn:aws:iam::566620743708:user/Developer' })).toBe('arn-aws-iam-566620743708-user-developer-list-pods');
  });
});
