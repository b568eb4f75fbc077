import { describe, expect, it } from 'vitest';
import { placementMismatch, tolerates, untoleratedTaint } from './pending';

const dedicated = { key: 'dedicated', value: 'true', effect: 'NoSchedule' };

describe('tolerations against taints, as the scheduler matches them', () => {
  it('an Equal toleration needs the same key, value and effect; an empty operator is Equal', () => {
    expect(tolerates({ key: 'dedicated', operator: 'Equal', value: 'true', effect: 'NoSchedule' }, dedicated)).toBe(true);
    expect(tolerates({ key: 'dedicated', value: 'true' }, dedicated)).toBe(true);
    expect(tolerates({ key: 'dedicated', value: 'false' }, dedicated)).toBe(false);
    expect(tolerates({ key: 'dedicated', value: 'true', effect: 'NoExecute' }, dedicated)).toBe(false);
    expect(tolerates({ key: 'other', value: 'true' }, dedicated)).toBe(false);
  });

  it('Exists ignores the value; Exists without a key tolerates every taint; an unknown operator tolerates nothing', () => {
    expect(tolerates({ key: 'dedicated', operator: 'Exists' }, dedicated)).toBe(true);
    expect(tolerates({ operator: 'Exists' }, dedicated)).toBe(true);
    expect(tolerates({ operator: 'Exists', effect: 'NoExecute' }, dedicated)).toBe(false);
    expect(tolerates({ key: 'dedicated', operator: 'Lt', value: 'true' }, dedicated)).toBe(false);
  });

  it('names the first NoSchedule or NoExecute taint not tolerated, and ignores PreferNoSchedule', () => {
    const soft = { key: 'spot', value: 'yes', effect: 'PreferNoSchedule' };
    const evicting = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
    expect(untoleratedTaint([soft, dedicated, evicting], [])).toEqual(dedicated);
    expect(untoleratedTaint([soft, dedicated, evicting], [{ key: 'dedicated', operator: 'Exists' }])).toEqual(evicting);
    expect(untoleratedTaint([soft], [])).toBeUndefined();
  });
});

describe('node selector and required node affinity against a node', () => {
  const node = { name: 'ip-10-0-1-10.ap-northeast-2.compute.internal', labels: { 'node.kubernetes.io/instance-type': 'm5.large', zone: 'a', cores: '8' } };

  it('a nodeSelector label the node lacks or holds with another value is named', () => {
    expect(placementMismatch({ nodeSelector: { dedicated: 'true' } }, node)).toEqual({ kind: 'nodeSelector', key: 'dedicated', value: 'true' });
    expect(placementMismatch({ nodeSelector: { zone: 'b' } }, node)).toEqual({ kind: 'nodeSelector', key: 'zone', value: 'b', actual: 'a' });
    expect(placementMismatch({ nodeSelector: { zone: 'a' } }, node)).toBeUndefined();
  });

  it('terms are ORed and requirements ANDed, with In, NotIn, Exists, DoesNotExist, Gt, Lt and the node name field', () => {
    const affinity = (terms: object[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } }) as never;
    expect(
      placementMismatch(
        affinity([
          {
            matchExpressions: [
              { key: 'zone', operator: 'In', values: ['a', 'c'] },
              { key: 'gpu', operator: 'DoesNotExist' },
            ],
          },
        ]),
        node,
      ),
    ).toBeUndefined();
    expect(placementMismatch(affinity([{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }]), node)).toEqual({ kind: 'nodeAffinity' });
    expect(placementMismatch(affinity([{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }, { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }]), node)).toBeUndefined();
    expect(placementMismatch(affinity([{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }]), node)).toEqual({ kind: 'nodeAffinity' });
    expect(placementMismatch(affinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.name] }] }]), node)).toBeUndefined();
    expect(placementMismatch(affinity([{}]), node)).toEqual({ kind: 'nodeAffinity' });
  });
});
