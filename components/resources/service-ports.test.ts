import { describe, expect, it } from 'vitest';
import { serviceProxyHref } from './service-ports';

describe('serviceProxyHref', () => {
  it('names the port by its name when it has one, as the API server resolves name:port for services/proxy', () => {
    expect(serviceProxyHref('eks-work-cluster', 'eks-work', 'backend-app-service', { name: 'http', port: 8080 })).toBe(
      '/api/v1/clusters/eks-work-cluster/namespaces/eks-work/services/backend-app-service:http/proxy',
    );
  });

  it('names an unnamed port by its number, and escapes what would leave the path segment', () => {
    expect(serviceProxyHref('a/b', 'ns', 'svc', { port: 80 })).toBe('/api/v1/clusters/a%2Fb/namespaces/ns/services/svc:80/proxy');
    expect(serviceProxyHref('c', 'ns', 'svc', { name: 'a/../b', port: 80 })).toBe('/api/v1/clusters/c/namespaces/ns/services/svc:a%2F..%2Fb/proxy');
  });
});
