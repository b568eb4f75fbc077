import { describe, expect, it } from 'vitest';
import { podLogQuery, selectorLogQuery } from './log-query';

describe('log queries', () => {
  it('sends only the flags that are on, as kubectl logs would', () => {
    expect(podLogQuery({ container: 'backend-app', tailLines: 200, follow: false, previous: false, timestamps: false })).toBe('container=backend-app&tailLines=200');
    expect(podLogQuery({ container: 'backend-app', tailLines: 50, follow: true, previous: true, timestamps: true })).toBe(
      'container=backend-app&tailLines=50&follow=true&previous=true&timestamps=true',
    );
  });

  it('sends the selector encoded, with the tail per container', () => {
    expect(selectorLogQuery('app=backend-app,track!=canary', { tailLines: 10, follow: true, timestamps: false })).toBe('labelSelector=app%3Dbackend-app%2Ctrack%21%3Dcanary&tailLines=10&follow=true');
  });
});
