/**
 * Cases ported from kubernetes/kubernetes pkg/controller/clusterroleaggregation/
 * clusterroleaggregation_controller_test.go TestSyncClusterRole: the ClusterRoles present, the
 * aggregated role "combined", and the rules the controller writes to it (expectedClusterRole).
 */
import { describe, expect, it } from 'vitest';
import { aggregatedRules, sameRules } from './aggregation';
import type { PolicyRule, RoleObject } from './types';

const hammerRules = (): PolicyRule[] => [
  { verbs: ['hammer'], resources: ['nails'] },
  { verbs: ['hammer'], resources: ['wedges'] },
];
const chiselRules = (): PolicyRule[] => [{ verbs: ['chisel'], resources: ['mortises'] }];
const sawRules = (): PolicyRule[] => [{ verbs: ['saw'], resources: ['boards'] }];

const role = (name: string, labels: Record<string, string>, rules: PolicyRule[]): RoleObject => ({ metadata: { name, labels }, rules });

function combinedRole(selectors: Record<string, string>[], ...rules: PolicyRule[][]): RoleObject {
  return {
    metadata: { name: 'combined' },
    aggregationRule: { clusterRoleSelectors: selectors.map((matchLabels) => ({ matchLabels })) },
    rules: rules.flat(),
  };
}

interface SyncCase {
  name: string;
  startingClusterRoles: RoleObject[];
  expectedRules: PolicyRule[];
}

const cases: SyncCase[] = [
  {
    name: 'remove dead rules',
    startingClusterRoles: [role('hammer', { foo: 'bar' }, hammerRules()), combinedRole([{ foo: 'bar' }], sawRules())],
    expectedRules: hammerRules(),
  },
  {
    name: 'strip rules',
    startingClusterRoles: [role('hammer', { foo: 'not-bar' }, hammerRules()), combinedRole([{ foo: 'bar' }], hammerRules())],
    expectedRules: [],
  },
  {
    name: 'select properly and put in order',
    startingClusterRoles: [role('hammer', { foo: 'bar' }, hammerRules()), role('chisel', { foo: 'bar' }, chiselRules()), role('saw', { foo: 'not-bar' }, sawRules()), combinedRole([{ foo: 'bar' }])],
    expectedRules: [...chiselRules(), ...hammerRules()],
  },
  {
    name: 'select properly with multiple selectors',
    startingClusterRoles: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      role('chisel', { foo: 'bar' }, chiselRules()),
      role('saw', { foo: 'not-bar' }, sawRules()),
      combinedRole([{ foo: 'bar' }, { foo: 'not-bar' }]),
    ],
    expectedRules: [...chiselRules(), ...hammerRules(), ...sawRules()],
  },
  {
    name: 'select properly remove duplicates',
    startingClusterRoles: [
      role('hammer', { foo: 'bar' }, hammerRules()),
      role('chisel', { foo: 'bar' }, chiselRules()),
      role('saw', { foo: 'bar' }, sawRules()),
      role('other-saw', { foo: 'not-bar' }, sawRules()),
      combinedRole([{ foo: 'bar' }, { foo: 'not-bar' }]),
    ],
    expectedRules: [...chiselRules(), ...hammerRules(), ...sawRules()],
  },
];

const combinedOf = (roles: RoleObject[]) => roles.find((r) => r.metadata.name === 'combined')!;

describe('aggregatedRules matches clusterroleaggregation_controller_test.go TestSyncClusterRole', () => {
  it.each(cases)('$name', ({ startingClusterRoles, expectedRules }) => {
    const rules = aggregatedRules(combinedOf(startingClusterRoles), startingClusterRoles);
    expect(rules).toEqual(expectedRules);
    // Each of these cases makes the controller write: the role's current rules differ from the aggregate.
    expect(sameRules(combinedOf(startingClusterRoles).rules, rules)).toBe(false);
  });

  it('no diff skip: a role already holding the aggregate needs no write', () => {
    const roles = [role('hammer', { foo: 'bar' }, hammerRules()), combinedRole([{ foo: 'bar' }], hammerRules())];
    const rules = aggregatedRules(combinedOf(roles), roles);
    expect(rules).toEqual(hammerRules());
    expect(sameRules(combinedOf(roles).rules, rules)).toBe(true);
  });
});
