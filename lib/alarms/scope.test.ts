import { describe, expect, it } from 'vitest';
import { alarmLinks, belongsTo, scopeOf, unionScope } from './scope';

describe('what an alarm is about', () => {
  it("needs get pods in the namespaces its metrics name, list nodes for node and cluster metrics, every namespace's logs otherwise", () => {
    expect(scopeOf([{ ClusterName: 'c', Namespace: 'eks-work', PodName: 'backend-app' }])).toEqual({ namespaces: ['eks-work'], nodes: false, allNamespaces: false });
    expect(scopeOf([{ ClusterName: 'c', NodeName: 'ip-1', InstanceId: 'i-1' }])).toEqual({ namespaces: [], nodes: true, allNamespaces: false });
    expect(scopeOf([{}])).toEqual({ namespaces: [], nodes: false, allNamespaces: true });
    expect(unionScope([scopeOf([{ Namespace: 'b' }]), scopeOf([{ Namespace: 'a' }, { ClusterName: 'c' }])])).toEqual({ namespaces: ['a', 'b'], nodes: true, allNamespaces: false });
  });

  it('belongs to the cluster its metrics name, or to every cluster when they name none', () => {
    expect(belongsTo([{ ClusterName: 'c' }], 'c')).toBe(true);
    expect(belongsTo([{ ClusterName: 'other' }], 'c')).toBe(false);
    expect(belongsTo([{}], 'c')).toBe(true);
  });

  it("links a pod, a workload's pods and a node, each with its logs", () => {
    const links = alarmLinks(
      [
        { ClusterName: 'c', Namespace: 'eks-work', PodName: 'backend-app', FullPodName: 'backend-app-1-a' },
        { ClusterName: 'c', NodeName: 'ip-1' },
      ],
      'c',
    );
    expect(links.map((l) => l.label)).toEqual(['Pod eks-work/backend-app-1-a', 'Logs of backend-app-1-a', 'Node ip-1', 'Kubelet log of ip-1']);
    expect(links.map((l) => [l.kind, l.name])).toEqual([
      ['pod', 'eks-work/backend-app-1-a'],
      ['podLogs', 'backend-app-1-a'],
      ['node', 'ip-1'],
      ['nodeLog', 'ip-1'],
    ]);
    expect(links[0].href).toBe('/c/c/pods/eks-work/backend-app-1-a?namespace=eks-work');
    expect(alarmLinks([{ ClusterName: 'c', Namespace: 'eks-work', PodName: 'backend-app' }], 'c')[0]).toEqual({
      kind: 'workloadPods',
      name: 'eks-work/backend-app',
      label: 'Pods of eks-work/backend-app',
      href: '/c/c/pods?namespace=eks-work&name=backend-app',
    });
  });
});
