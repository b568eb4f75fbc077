import { describe, expect, it } from 'vitest';
import { podProxyHref, tcpPort } from './port-links';

describe('port links', () => {
  it('reads the port of a TCP port as the pod page prints it, and none of UDP or SCTP', () => {
    expect(tcpPort('8080/TCP (http)')).toBe(8080);
    expect(tcpPort('53/UDP (dns)')).toBeUndefined();
    expect(tcpPort('9000/SCTP')).toBeUndefined();
  });

  it('addresses the pod port as the API server’s proxy does, name:port, on the console', () => {
    expect(podProxyHref('eks-work-cluster', 'eks-work', 'backend-app-854b86b8f8-dxz9l', 8080)).toBe(
      '/api/v1/clusters/eks-work-cluster/namespaces/eks-work/pods/backend-app-854b86b8f8-dxz9l:8080/proxy',
    );
  });
});
