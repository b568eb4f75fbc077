import { describe, expect, it } from 'vitest';
import { MAX_HITS, matchNames, type SearchHit } from './search';

const hit = (kind: string, name: string, namespace = 'shop'): SearchHit => ({ group: 'core', version: 'v1', resource: `${kind.toLowerCase()}s`, kind, namespace, name });

describe('matching object names for the palette', () => {
  it('keeps names holding the text in any case, prefixes first, then shorter names, then by name as the locale orders it (lower case first)', () => {
    const names = [hit('Pod', 'web-backend-1'), hit('Service', 'Backend'), hit('Deployment', 'backend-api'), hit('ConfigMap', 'frontend'), hit('Pod', 'backend')];
    expect(matchNames(names, 'BACKEND').hits.map((h) => `${h.kind}/${h.name}`)).toEqual(['Pod/backend', 'Service/Backend', 'Deployment/backend-api', 'Pod/web-backend-1']);
  });

  it('keeps the kinds in the order they were read when names tie', () => {
    const names = [hit('Deployment', 'api'), hit('HorizontalPodAutoscaler', 'api')];
    expect(matchNames(names, 'api').hits.map((h) => h.kind)).toEqual(['Deployment', 'HorizontalPodAutoscaler']);
  });

  it('treats pattern characters as themselves', () => {
    const names = [hit('Pod', 'a.b'), hit('Pod', 'axb'), hit('Pod', 'a+b')];
    expect(matchNames(names, 'a.b').hits.map((h) => h.name)).toEqual(['a.b']);
    expect(matchNames(names, '.*').hits).toEqual([]);
    expect(matchNames(names, 'a+').hits.map((h) => h.name)).toEqual(['a+b']);
  });

  it(`gives at most ${MAX_HITS} hits and says when more matched`, () => {
    const names = Array.from({ length: MAX_HITS + 1 }, (_, i) => hit('Pod', `p-${String(i).padStart(3, '0')}`));
    const result = matchNames(names, 'p-');
    expect([result.hits.length, result.truncated, result.hits[0].name]).toEqual([MAX_HITS, true, 'p-000']);
    expect(matchNames(names.slice(0, MAX_HITS), 'p-').truncated).toBe(false);
  });
});
