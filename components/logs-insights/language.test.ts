import { describe, expect, it } from 'vitest';
import { fieldOptions } from './language';

describe('field completions', () => {
  it('offers each system field once, then the groups’ fields with their share, ranked by it; names a bare name cannot spell in backquotes', () => {
    const options = fieldOptions([
      { name: '@timestamp', percent: 100 },
      { name: 'log', percent: 100 },
      { name: 'kubernetes.labels.app.kubernetes.io/name', percent: 40 },
      { name: 'stream' },
      { name: 'bad`name', percent: 3 },
    ]);
    expect(options).toEqual([
      { label: '@timestamp', type: 'property', detail: 'field · 100%', boost: 0 },
      { label: '@message', type: 'property', detail: 'field', boost: 0 },
      { label: '@logStream', type: 'property', detail: 'field', boost: 0 },
      { label: '@log', type: 'property', detail: 'field', boost: 0 },
      { label: '@ingestionTime', type: 'property', detail: 'field', boost: 0 },
      { label: '@ptr', type: 'property', detail: 'field', boost: 0 },
      { label: 'log', type: 'property', detail: 'field · 100%', boost: 0 },
      { label: 'kubernetes.labels.app.kubernetes.io/name', type: 'property', detail: 'field · 40%', boost: -6, apply: '`kubernetes.labels.app.kubernetes.io/name`' },
      { label: 'stream', type: 'property', detail: 'field', boost: 0 },
    ]);
  });
});
