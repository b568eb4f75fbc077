/**
 * Cases ported from kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac_test.go TestRuleMatches:
 * each upstream rule with every request of its table and whether RuleAllows lets it through.
 * The last describe holds evaluation_helpers.go's own ResourceMatches branches (pkg/apis/rbac/v1),
 * read from its source: a star, an exact combined resource, and a star-slash-subresource only.
 */
import { describe, expect, it } from 'vitest';
import { ruleAllows } from './rules';
import type { PolicyRule, RequestAttributes } from './types';

function resourceRequest(verb: string, apiGroup: string, resource: string, subresource = '', name = ''): RequestAttributes {
  return { verb, resourceRequest: true, path: '', apiGroup, resource, subresource, namespace: '', name };
}

function nonResourceRequest(verb: string, path: string): RequestAttributes {
  return { verb, resourceRequest: false, path, apiGroup: '', resource: '', subresource: '', namespace: '', name: '' };
}

/** Upstream's grid of verb1/verb2 x group1/group2 x resource1/resource2, in its order. */
function grid(subresources?: [string, string, string, string]): RequestAttributes[] {
  const out: RequestAttributes[] = [];
  const cells: [string, string][] = [
    ['group1', 'resource1'],
    ['group2', 'resource1'],
    ['group1', 'resource2'],
    ['group2', 'resource2'],
  ];
  for (const verb of ['verb1', 'verb2']) cells.forEach(([g, r], i) => out.push(resourceRequest(verb, g, r, subresources?.[i])));
  return out;
}

const URLS = ['/foo', '/foo/bar', '/foo/baz', '/foo/bar/one', '/foo/baz/one'];

interface RuleCase {
  name: string;
  rule: PolicyRule;
  requests: RequestAttributes[];
  expected: boolean[];
}

const cases: RuleCase[] = [
  {
    name: 'star verb, exact match other',
    rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
    requests: grid(),
    expected: [true, false, false, false, true, false, false, false],
  },
  {
    name: 'star group, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
    requests: grid(),
    expected: [true, true, false, false, false, false, false, false],
  },
  {
    name: 'star resource, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
    requests: grid(),
    expected: [true, false, true, false, false, false, false, false],
  },
  {
    name: 'tuple expansion',
    rule: { verbs: ['verb1', 'verb2'], apiGroups: ['group1', 'group2'], resources: ['resource1', 'resource2'] },
    requests: grid(),
    expected: [true, true, true, true, true, true, true, true],
  },
  {
    name: 'subresource expansion',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
    // Upstream's rows: (group1, resource1, subresource1), (group2, resource1, subresource2), then resource2 with subresource1.
    requests: grid(['subresource1', 'subresource2', 'subresource1', 'subresource1']),
    expected: [true, false, false, false, true, false, false, false],
  },
  {
    name: 'star nonresource, exact match other',
    rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
    requests: [...URLS.map((u) => nonResourceRequest('verb1', u)), ...URLS.map((u) => nonResourceRequest('verb2', u))],
    expected: [true, true, true, true, true, false, false, false, false, false],
  },
  {
    name: 'star nonresource subpath',
    rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    requests: [...URLS, '/notfoo', '/notfoo/bar', '/notfoo/baz', '/notfoo/bar/one', '/notfoo/baz/one'].map((u) => nonResourceRequest('verb1', u)),
    expected: [false, true, true, true, true, false, false, false, false, false],
  },
  {
    name: 'star verb, exact nonresource',
    rule: { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
    requests: [...URLS.map((u) => nonResourceRequest('verb1', u)), ...URLS.map((u) => nonResourceRequest('verb2', u))],
    expected: [true, false, false, true, false, true, false, false, true, false],
  },
];

describe('ruleAllows matches rbac_test.go TestRuleMatches', () => {
  it.each(cases)('$name', ({ rule, requests, expected }) => {
    expect(requests.map((request) => ruleAllows(request, rule))).toEqual(expected);
  });
});

describe('ruleAllows follows evaluation_helpers.go ResourceMatches and ResourceNameMatches', () => {
  it('"*/log" matches the log subresource of any resource, and nothing without a subresource', () => {
    const rule: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['*/log'] };
    expect(
      [resourceRequest('get', '', 'pods', 'log'), resourceRequest('get', '', 'jobs', 'log'), resourceRequest('get', '', 'pods'), resourceRequest('get', '', 'pods', 'exec')].map((r) =>
        ruleAllows(r, rule),
      ),
    ).toEqual([true, true, false, false]);
  });

  it('"pods/*" is no wildcard: it matches only a resource literally named so, not pods/log', () => {
    const rule: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] };
    expect([resourceRequest('get', '', 'pods', 'log'), resourceRequest('get', '', 'pods'), resourceRequest('get', '', 'pods', '*')].map((r) => ruleAllows(r, rule))).toEqual([false, false, true]);
  });

  it('resourceNames restrict to those names and never match a request that names no object', () => {
    const rule: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] };
    expect(
      [resourceRequest('get', '', 'configmaps', '', 'app-config'), resourceRequest('get', '', 'configmaps', '', 'other'), resourceRequest('list', '', 'configmaps')].map((r) => ruleAllows(r, rule)),
    ).toEqual([true, false, false]);
  });
});
