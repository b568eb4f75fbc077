import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { grantName, grantNotes, grantYaml } from './grant-yaml';

const listPods = { verb: 'list', resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '', user: 'dev' };

/** The YAML's documents as kubectl apply reads them. */
const documents = (yaml: string) => parseAllDocuments(yaml).map((doc) => doc.toJS());

// Expected objects follow the RBAC API (rbac.authorization.k8s.io/v1 Role, RoleBinding and their cluster kinds).
describe('grantYaml', () => {
  it('grants dev list on pods in eks-work with a Role and a RoleBinding', () => {
    expect(documents(grantYaml(listPods))).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'dev-list-pods', namespace: 'eks-work' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'dev-list-pods', namespace: 'eks-work' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dev-list-pods' },
      },
    ]);
  });

  it('uses a ClusterRole and ClusterRoleBinding at the cluster scope, with the subresource and resource name', () => {
    expect(documents(grantYaml({ verb: 'get', resource: 'nodes', subresource: 'proxy', group: '', namespace: '', name: 'node-1', user: 'dev' }))).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'dev-get-nodes-proxy-node-1' },
        rules: [{ apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['node-1'], verbs: ['get'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'dev-get-nodes-proxy-node-1' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'dev' }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'dev-get-nodes-proxy-node-1' },
      },
    ]);
  });

  it('binds a service account user as a ServiceAccount subject and grants a path as a nonResourceURL', () => {
    const [role, binding] = documents(grantYaml({ verb: 'get', resource: '', subresource: '', group: '', namespace: '', name: '', path: '/metrics', user: 'system:serviceaccount:eks-work:backend' }));
    expect(role.rules).toEqual([{ nonResourceURLs: ['/metrics'], verbs: ['get'] }]);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'backend', namespace: 'eks-work' }]);
  });

  it('keeps a user name that YAML would read as another type or as syntax a string', () => {
    for (const user of ['true', '0x10', 'null', 'a: b', '- x', '#dev', '"quoted"']) {
      expect(documents(grantYaml({ ...listPods, user }))[1].subjects, user).toEqual([{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user }]);
    }
  });

  it('makes a DNS-1123 name out of any user and resource', () => {
    expect(grantName({ ...listPods, user: 'arn:aws:iam::566620743708:user/Developer' })).toBe('arn-aws-iam-566620743708-user-developer-list-pods');
  });

  // The text kubectl apply reads: YAML 1.2 block style as the `yaml` package writes it, "" quoted for the core group.
  it('grants a live list what it needs, list and watch, in the exact YAML the panel shows', () => {
    expect(grantYaml({ ...listPods, verb: 'watch', needed: ['list', 'watch'] })).toBe(
      [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: Role',
        'metadata:',
        '  name: dev-list-watch-pods',
        '  namespace: eks-work',
        'rules:',
        '  - apiGroups:',
        '      - ""',
        '    resources:',
        '      - pods',
        '    verbs:',
        '      - list',
        '      - watch',
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: RoleBinding',
        'metadata:',
        '  name: dev-list-watch-pods',
        '  namespace: eks-work',
        'subjects:',
        '  - kind: User',
        '    apiGroup: rbac.authorization.k8s.io',
        '    name: dev',
        'roleRef:',
        '  apiGroup: rbac.authorization.k8s.io',
        '  kind: Role',
        '  name: dev-list-watch-pods',
        '',
      ].join('\n'),
    );
  });

  it('orders the needed verbs as kubectl does and does not repeat the refused one', () => {
    expect(documents(grantYaml({ ...listPods, verb: 'list', needed: ['watch', 'list', 'get'] }))[0].rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
  });

  it("names no pod in a pod's grant, since the next rollout renames it, and says so", () => {
    const logs = { ...listPods, verb: 'get', subresource: 'log', name: 'backend-app-7d4b9c-x2x9q' };
    expect(documents(grantYaml(logs))[0]).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'dev-get-pods-log', namespace: 'eks-work' },
      rules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }],
    });
    expect(grantNotes(logs)).toEqual([{ kind: 'allObjects', resource: 'pods', name: 'backend-app-7d4b9c-x2x9q', namespace: 'eks-work' }]);
  });

  it('keeps the name of an object a rollout does not replace, and has nothing to add', () => {
    const configMap = { ...listPods, verb: 'get', resource: 'configmaps', name: 'app-config' };
    expect(documents(grantYaml(configMap))[0].rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get'] }]);
    expect(grantNotes(configMap)).toEqual([]);
  });

  it("warns that listing or watching secrets returns every secret's values, and not for get", () => {
    const warning = { kind: 'secretValues', namespace: 'eks-work' };
    expect(grantNotes({ ...listPods, resource: 'secrets' })).toEqual([warning]);
    expect(grantNotes({ ...listPods, resource: 'secrets', verb: 'get', needed: ['watch'] })).toEqual([warning]);
    expect(grantNotes({ ...listPods, resource: 'secrets', verb: 'get', name: 'db' })).toEqual([]);
    expect(grantNotes({ ...listPods, resource: 'secrets', namespace: '' })).toEqual([{ kind: 'secretValues', namespace: '' }]);
  });
});
