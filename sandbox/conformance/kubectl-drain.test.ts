/**
 * kubectl drain reads the node's pods with client-go's typed client, which asks for protobuf
 * (Accept: application/vnd.kubernetes.protobuf,application/json): what it refuses and evicts shows
 * that its decoder read each pod's owners, volumes and phase from the sandbox's protobuf as the pods
 * hold them. The pods are Fluentd's DaemonSet pod, a ReplicaSet's pod with an emptyDir cache, a
 * ReplicaSet's pod and a pod with no controller, on one node.
 */
import { describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import type { NewObject } from '../kube/store';
import { useTestSandbox } from './harness';

const NODE = 'ip-192-168-7-21.ap-northeast-2.compute.internal';

function pod(namespace: string, name: string, owner: { kind: string; name: string } | undefined, volumes: object[] = []): NewObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { app: name.replace(/-[^-]+$/, '') },
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: { nodeName: NODE, containers: [{ name: 'app', image: 'busybox:1.36' }], volumes },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, image: 'busybox:1.36', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
    },
  };
}

const t = useTestSandbox({}, (s) => {
  const { store } = s.sandbox.world;
  store.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'amazon-cloudwatch' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  store.create('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE }, spec: {}, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  // kubectl looks a DaemonSet's pod's owner up before it passes over the pod.
  store.create('apps/daemonsets', {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd-cloudwatch', namespace: 'amazon-cloudwatch', uid: 'uid-fluentd-cloudwatch' },
    spec: {
      selector: { matchLabels: { app: 'fluentd-cloudwatch' } },
      template: { metadata: { labels: { app: 'fluentd-cloudwatch' } }, spec: { containers: [{ name: 'fluentd', image: 'fluent/fluentd:v1.16' }] } },
    },
  });
  store.create('pods', pod('amazon-cloudwatch', 'fluentd-cloudwatch-x7k2p', { kind: 'DaemonSet', name: 'fluentd-cloudwatch' }));
  store.create('pods', pod('eks-work', 'cache-7d9f-abcde', { kind: 'ReplicaSet', name: 'cache-7d9f' }, [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }]));
  store.create('pods', pod('eks-work', 'web-5c8b-fghij', { kind: 'ReplicaSet', name: 'web-5c8b' }, [{ name: 'config', configMap: { name: 'web-config', defaultMode: 420 } }]));
  store.create('pods', pod('eks-work', 'debug-shell', undefined));
});

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl against the sandbox'), () => {
  it('is answered in protobuf, and refuses the pods kubectl refuses without the flags', async () => {
    const r = await t().kubectl('admin', ['drain', NODE, '--dry-run=server', '-v=6']);
    expect(r.code).toBe(1);
    // kubectl's messages (k8s.io/kubectl/pkg/drain/filters.go), each naming the pods it read as such; it lists them in a Go map's order.
    const refused = /error: unable to drain node "([^"]+)" due to error: \[(.*)\], continuing command/.exec(r.stderr);
    expect(refused?.[1]).toBe(NODE);
    expect(refused?.[2].split(', ').sort()).toEqual([
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): amazon-cloudwatch/fluentd-cloudwatch-x7k2p',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): eks-work/cache-7d9f-abcde',
      'cannot delete cannot delete Pods that declare no controller (use --force to override): eks-work/debug-shell',
    ]);
    const verbose = await t().kubectl('admin', ['drain', NODE, '--dry-run=server', '-v=8']);
    // The pod list's answer: its lines up to the next request kubectl sends (headers come in a Go map's order).
    const lines = verbose.stderr.split('\n');
    const listed = lines.findIndex((line) => line.includes('GET https://') && line.includes('/api/v1/pods?fieldSelector=spec.nodeName'));
    expect(listed).toBeGreaterThan(-1);
    const next = lines.findIndex((line, i) => i > listed && / (GET|POST|PATCH) https:\/\//.test(line));
    const answer = lines.slice(listed, next === -1 ? undefined : next);
    expect(answer.filter((line) => /Content-Type: /.test(line)).map((line) => line.replace(/^.*Content-Type: /, ''))).toEqual(['application/vnd.kubernetes.protobuf']);
  });

  it('evicts the rest with them, and leaves the DaemonSet pod', async () => {
    const r = await t().kubectl('admin', ['drain', NODE, '--dry-run=server', '--ignore-daemonsets', '--delete-emptydir-data', '--force']);
    expect(r.code).toBe(0);
    const warning = /^Warning: (.*)$/m.exec(r.stderr);
    expect(warning?.[1].split('; ').sort()).toEqual(['deleting Pods that declare no controller: eks-work/debug-shell', 'ignoring DaemonSet-managed Pods: amazon-cloudwatch/fluentd-cloudwatch-x7k2p']);
    const evicted = r.stdout
      .split('\n')
      .filter((line) => line.startsWith('evicting pod '))
      .sort();
    expect(evicted).toEqual(['evicting pod eks-work/cache-7d9f-abcde (server dry run)', 'evicting pod eks-work/debug-shell (server dry run)', 'evicting pod eks-work/web-5c8b-fghij (server dry run)']);
  });
});
