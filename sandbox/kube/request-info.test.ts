import { describe, expect, it } from 'vitest';
import { requestInfo } from './request-info';

const info = (method: string, path: string) => requestInfo(method, new URL(path, 'https://localhost'));

describe('requestInfo', () => {
  it('reads a namespaced get with its group and version', () => {
    expect(info('GET', '/apis/apps/v1/namespaces/eks-work/deployments/backend-app')).toMatchObject({
      isResourceRequest: true,
      verb: 'get',
      apiGroup: 'apps',
      apiVersion: 'v1',
      namespace: 'eks-work',
      resource: 'deployments',
      name: 'backend-app',
      subresource: '',
    });
  });

  it('turns a get without a name into list, or watch with watch=true', () => {
    expect(info('GET', '/api/v1/namespaces/eks-work/pods').verb).toBe('list');
    expect(info('GET', '/api/v1/pods?watch=true').verb).toBe('watch');
    expect(info('GET', '/api/v1/pods?watch=1').verb).toBe('watch');
    expect(info('GET', '/api/v1/pods?watch=false').verb).toBe('list');
  });

  it('reads the legacy /watch/ prefix as the watch verb', () => {
    expect(info('GET', '/api/v1/watch/namespaces/eks-work/pods/web-1')).toMatchObject({ verb: 'watch', namespace: 'eks-work', resource: 'pods', name: 'web-1' });
  });

  it('authorizes a list narrowed by metadata.name as that name', () => {
    expect(info('GET', '/api/v1/namespaces/eks-work/pods?fieldSelector=metadata.name%3Dweb-1')).toMatchObject({ verb: 'list', name: 'web-1' });
  });

  it('reads subresources and turns a delete without a name into deletecollection', () => {
    expect(info('GET', '/api/v1/namespaces/eks-work/pods/web-1/log')).toMatchObject({ verb: 'get', resource: 'pods', name: 'web-1', subresource: 'log' });
    expect(info('DELETE', '/api/v1/namespaces/eks-work/pods').verb).toBe('deletecollection');
    expect(info('PATCH', '/apis/apps/v1/namespaces/eks-work/deployments/web/scale')).toMatchObject({ verb: 'patch', subresource: 'scale' });
  });

  it('treats a namespace itself as the namespaces resource named after it', () => {
    expect(info('GET', '/api/v1/namespaces/eks-work')).toMatchObject({ resource: 'namespaces', name: 'eks-work', namespace: 'eks-work' });
    expect(info('PUT', '/api/v1/namespaces/eks-work/finalize')).toMatchObject({ verb: 'update', resource: 'namespaces', subresource: 'finalize' });
  });

  it('leaves discovery and health paths as non-resource requests with the method as verb', () => {
    expect(info('GET', '/api/v1')).toMatchObject({ isResourceRequest: false, verb: 'get', path: '/api/v1' });
    expect(info('GET', '/apis/apps/v1')).toMatchObject({ isResourceRequest: false });
    expect(info('POST', '/healthz')).toMatchObject({ isResourceRequest: false, verb: 'post' });
  });
});
