import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Attributes, UserInfo } from './auth/types';
import { ANONYMOUS, impersonate, TokenAuthenticator } from './authn';
import { StatusError } from './status';

function request(headers: Record<string, string | string[]>): IncomingMessage {
  const distinct: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) distinct[k.toLowerCase()] = Array.isArray(v) ? v : [v];
  return { headers: Object.fromEntries(Object.entries(distinct).map(([k, v]) => [k, v.join(', ')])), headersDistinct: distinct } as unknown as IncomingMessage;
}

const admin: UserInfo = { username: 'admin', groups: ['system:masters', 'system:authenticated'] };

function recording() {
  const seen: Attributes[] = [];
  return { seen, authorize: (a: Attributes) => void seen.push(a) };
}

const brief = (a: Attributes) => [a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name].join('|');

describe('TokenAuthenticator', () => {
  const authenticator = new TokenAuthenticator([{ username: 'dev', groups: ['rbac-test-group', 'system:authenticated'], token: 't-dev', description: '' }]);

  it('maps a known bearer token to its user', async () => {
    expect(await authenticator.authenticate(request({ authorization: 'Bearer t-dev' }))).toEqual({ username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] });
  });

  it('treats a request without credentials as system:anonymous', async () => {
    expect(await authenticator.authenticate(request({}))).toBe(ANONYMOUS);
  });

  it('answers an unknown token with 401', async () => {
    await expect(authenticator.authenticate(request({ authorization: 'Bearer nope' }))).rejects.toThrow(StatusError);
  });

  it('accepts issued service account tokens as the service account', async () => {
    const { token } = authenticator.issueServiceAccountToken('eks-work', 'robot', 'uid-1', 600);
    expect(await authenticator.authenticate(request({ authorization: `Bearer ${token}` }))).toEqual({
      username: 'system:serviceaccount:eks-work:robot',
      uid: 'uid-1',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:eks-work', 'system:authenticated'],
    });
  });
});

describe('impersonate', () => {
  it('checks impersonate on the user and adds system:authenticated', () => {
    const { seen, authorize } = recording();
    expect(impersonate(request({ 'Impersonate-User': 'dev' }), admin, authorize)).toEqual({ username: 'dev', groups: ['system:authenticated'] });
    expect(seen.map(brief)).toEqual(['impersonate||users|||dev']);
  });

  it('checks each group, extra value and uid, with their resources', () => {
    const { seen, authorize } = recording();
    const user = impersonate(
      request({ 'Impersonate-User': 'dev', 'Impersonate-Group': ['rbac-test-group', 'oncall'], 'Impersonate-Extra-Scopes%2Fview': ['a', 'b'], 'Impersonate-Uid': 'u-1' }),
      admin,
      authorize,
    );
    expect(user).toEqual({ username: 'dev', uid: 'u-1', groups: ['rbac-test-group', 'oncall', 'system:authenticated'], extra: { 'scopes/view': ['a', 'b'] } });
    expect(seen.map(brief)).toEqual([
      'impersonate||users|||dev',
      'impersonate||groups|||rbac-test-group',
      'impersonate||groups|||oncall',
      'impersonate|authentication.k8s.io|userextras|scopes/view||a',
      'impersonate|authentication.k8s.io|userextras|scopes/view||b',
      'impersonate|authentication.k8s.io|uids|||u-1',
    ]);
  });

  it('impersonates a service account with its namespace and groups', () => {
    const { seen, authorize } = recording();
    expect(impersonate(request({ 'Impersonate-User': 'system:serviceaccount:eks-work:robot' }), admin, authorize)).toEqual({
      username: 'system:serviceaccount:eks-work:robot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:eks-work', 'system:authenticated'],
    });
    expect(seen.map(brief)).toEqual(['impersonate||serviceaccounts||eks-work|robot']);
  });

  it('refuses groups without a user', () => {
    expect(() => impersonate(request({ 'Impersonate-Group': 'oncall' }), admin, () => {})).toThrow('requested [{Group  oncall}] without impersonating a user');
  });

  it('returns the requestor when nothing is impersonated', () => {
    expect(impersonate(request({}), admin, () => {})).toBe(admin);
  });
});
