import { describe, expect, it } from 'vitest';
import { flagParam, textParam, urlViewCodec } from './url-view';

const codec = urlViewCodec<{ namespace: string; sort: 'name' | 'age'; descending: boolean; wide: boolean }>({
  namespace: textParam('namespace', ''),
  sort: textParam<'name' | 'age'>('sort', 'name', ['name', 'age']),
  descending: flagParam('order', 'desc'),
  wide: flagParam('wide'),
});

describe('a view kept in the address', () => {
  it('writes parameters in the order the view declares them, whatever order the view object has', () => {
    expect(codec.write({ wide: true, descending: true, sort: 'age', namespace: 'eks-work' })).toBe('namespace=eks-work&sort=age&order=desc&wide=true');
  });

  it('leaves every default out of the query', () => {
    expect(codec.write({ namespace: '', sort: 'name', descending: false, wide: false })).toBe('');
  });

  it('reads a missing parameter, a value outside the allowed ones and a switch with another value as the defaults', () => {
    expect(codec.read(new URLSearchParams('sort=bogus&order=true&wide=yes'))).toEqual({ namespace: '', sort: 'name', descending: false, wide: false });
  });

  it('reads back the view it wrote', () => {
    const view = { namespace: 'kube-system', sort: 'age' as const, descending: false, wide: true };
    expect(codec.read(new URLSearchParams(codec.write(view)))).toEqual(view);
  });
});
