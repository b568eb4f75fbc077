import { describe, expect, it } from 'vitest';
import { podFieldSelector, podsViewQuery, readPodsView } from './view';

describe('pods view in the URL', () => {
  it('reads every part of the view back from the query it wrote', () => {
    const query = 'namespace=eks-work&allNamespaces=true&labelSelector=app%3Dbackend-app%2Ctrack%21%3Dcanary&phase=Running&node=ip-1&name=back&problems=true&labels=true&sort=restarts&order=desc';
    const view = readPodsView(new URLSearchParams(query));
    expect(view).toEqual({
      namespace: 'eks-work',
      allNamespaces: true,
      labelSelector: 'app=backend-app,track!=canary',
      phase: 'Running',
      node: 'ip-1',
      name: 'back',
      problemsOnly: true,
      showLabels: true,
      sort: 'restarts',
      descending: true,
    });
    expect(podsViewQuery(view)).toBe(query);
  });

  it('reads namespace=(all), the API’s word for every namespace, as the All namespaces switch and writes it as that', () => {
    const view = readPodsView(new URLSearchParams('namespace=(all)&phase=Pending'));
    expect([view.namespace, view.allNamespaces]).toEqual(['', true]);
    expect(podsViewQuery(view)).toBe('allNamespaces=true&phase=Pending');
  });

  it('leaves defaults out of the query and ignores an unknown sort column', () => {
    const view = readPodsView(new URLSearchParams('namespace=eks-work&sort=bogus'));
    expect(view.sort).toBe('name');
    expect(podsViewQuery(view)).toBe('namespace=eks-work');
  });

  it('turns phase and node into the field selector kubectl would send', () => {
    expect(podFieldSelector({ phase: 'Pending', node: 'ip-10-0-1-5' })).toBe('status.phase=Pending,spec.nodeName=ip-10-0-1-5');
    expect(podFieldSelector({ phase: '', node: '' })).toBe('');
  });
});
