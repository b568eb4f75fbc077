import { describe, expect, it } from 'vitest';
import { references, substitute } from './variables';

describe('dashboard variables', () => {
  it('replaces {{namespace}} in a Logs Insights query with the current value', () => {
    expect(substitute('filter kubernetes.namespace_name = "{{namespace}}" | stats count(*) by {{ field }}', { namespace: 'eks-work', field: 'APP' })).toBe(
      'filter kubernetes.namespace_name = "eks-work" | stats count(*) by APP',
    );
  });

  it('leaves an unknown variable as written', () => {
    expect(substitute('{{cluster}}/{{nope}}', { cluster: 'eks-work-cluster' })).toBe('eks-work-cluster/{{nope}}');
  });

  it('does not treat inherited object keys as variables', () => {
    expect(substitute('{{constructor}}', {})).toBe('{{constructor}}');
  });

  it('lists each referenced name once, in order', () => {
    expect(references('{{b}} {{a}} {{b}} {{ c }}')).toEqual(['b', 'a', 'c']);
  });
});
