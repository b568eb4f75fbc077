import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { beyondEveryNode, oversizedMessage, type Oversized } from './never-fits';

/** The sentence a page shows, through the Pending messages of a locale. */
function said(locale: 'en' | 'ko', o: Oversized): string {
  const t = createTranslator({ locale, messages: locale === 'en' ? en : ko, namespace: 'Pending' });
  const { key, values } = oversizedMessage(o);
  return key === 'oversizedCpu' ? t(key, values) : t(key, values);
}

// Allocatable of an EKS m5.large: 2 cores less 70m kube-reserved (60m for the first core, 10m for the second), as the EKS bootstrap computes it.
const m5large = (name: string) => ({ name, allocatable: { cpuMillicores: 1930, memoryBytes: 7220172 * 1024 } });

describe('beyondEveryNode', () => {
  it('3 CPU requested on m5.large nodes exceeds every node, and names the largest', () => {
    const [oversized, ...rest] = beyondEveryNode({ cpuMillicores: 3000, memoryBytes: 2 * 2 ** 30 }, [m5large('b'), m5large('a')]);
    expect(rest).toEqual([]);
    expect(oversized).toEqual({ resource: 'cpu', requested: 3000, largest: { node: 'a', allocatable: 1930 } });
    expect(oversizedMessage(oversized)).toEqual({ key: 'oversizedCpu', values: { requested: 3, allocatable: 1.93 } });
    expect(said('en', oversized)).toBe('3 CPU requested; the largest node allocates 1.93');
    expect(said('ko', oversized)).toBe('CPU 3개 요청, 가장 큰 노드의 할당 가능량은 1.93개');
  });

  it('compares with allocatable, not free room: a request that fits an empty node is not oversized', () => {
    expect(beyondEveryNode({ cpuMillicores: 1930, memoryBytes: 0 }, [m5large('a')])).toEqual([]);
  });

  it('takes the node with the most of each resource, and words memory as a quantity', () => {
    const nodes = [m5large('small'), { name: 'big', allocatable: { cpuMillicores: 3920, memoryBytes: 512 * 2 ** 20 } }];
    const found = beyondEveryNode({ cpuMillicores: 100, memoryBytes: 8 * 2 ** 30 }, nodes);
    expect(found).toEqual([{ resource: 'memory', requested: 8 * 2 ** 30, largest: { node: 'small', allocatable: 7220172 * 1024 } }]);
    expect(said('en', found[0])).toBe('8Gi memory requested; the largest node allocates 7220172Ki');
    expect(said('ko', found[0])).toBe('메모리 8Gi 요청, 가장 큰 노드의 할당 가능량은 7220172Ki');
  });

  it('says nothing without nodes to compare with', () => {
    expect(beyondEveryNode({ cpuMillicores: 3000, memoryBytes: 0 }, [])).toEqual([]);
  });
});
