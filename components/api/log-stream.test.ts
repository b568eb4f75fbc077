import { describe, expect, it } from 'vitest';
import { followUrl } from './log-stream';

describe('the URL a pod log follow is opened and resumed with', () => {
  const url = '/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/web-1/log?container=app&tailLines=200&follow=true';

  it('asks for the API server timestamps a resume needs, keeping the tail of the first opening', () => {
    expect(followUrl(url, undefined)).toBe(`${url}&timestamps=true`);
  });

  it('resumes from the last timestamp in place of the tail, which would repeat or skip lines', () => {
    expect(followUrl(url, '2026-12-06T12:00:00.123456789Z')).toBe(
      '/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/web-1/log?container=app&follow=true&timestamps=true&sinceTime=2026-12-06T12%3A00%3A00.123456789Z',
    );
  });
});
