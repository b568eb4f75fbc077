import { describe, expect, it } from 'vitest';
import { findResourceType } from '../resources';
import type { KubeObject } from '../store';
import { toTable } from './index';

const now = new Date('2026-03-01T12:00:00Z');
const fiveMinutesAgo = '2026-03-01T11:55:00Z';

function cells(group: string, plural: string, obj: Omit<KubeObject, 'apiVersion' | 'kind' | 'metadata'> & { metadata: Partial<KubeObject['metadata']> }) {
  const type = findResourceType(group, plural)!;
  const full = { apiVersion: 'v1', kind: type.kind, ...obj, metadata: { uid: 'u', resourceVersion: '1', creationTimestamp: fiveMinutesAgo, ...obj.metadata } } as KubeObject;
  const t = toTable(type, [full], undefined, { includeObject: 'None', now }) as { columnDefinitions: { name: string; priority: number }[]; rows: { cells: unknown[] }[] };
  return { header: t.columnDefinitions.map((c) => (c.priority ? `(${c.name})` : c.name)), cells: t.rows[0].cells };
}

describe('printers of the kinds beyond the workloads', () => {
  it('an EndpointSlice prints three ports and three addresses, then how many more (TestPrintEndpointSlice)', () => {
    const slice = cells('discovery.k8s.io', 'endpointslices', {
      metadata: { name: 'multiportslice.123' },
      addressType: 'IP',
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'https', port: 443, protocol: 'TCP' },
        { name: 'extra1', port: 3000, protocol: 'TCP' },
        { name: 'extra2', port: 3001, protocol: 'TCP' },
      ],
      endpoints: [{ addresses: ['10.1.2.3', '2001:db8::1234:5678'] }, { addresses: ['10.2.3.4', '2001:db8::2345:6789'] }],
    });
    expect(slice).toEqual({
      header: ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
      cells: ['multiportslice.123', 'IP', '80,443,3000 + 1 more...', '10.1.2.3,2001:db8::1234:5678,10.2.3.4 + 1 more...', '5m'],
    });
  });

  it('a placeholder EndpointSlice without ports or endpoints prints <unset> in both (listWithMoreString)', () => {
    expect(cells('discovery.k8s.io', 'endpointslices', { metadata: { name: 'idle-x7k2p' }, addressType: 'IPv4', ports: null, endpoints: null }).cells).toEqual([
      'idle-x7k2p',
      'IPv4',
      '<unset>',
      '<unset>',
      '5m',
    ]);
  });

  it("a ResourceQuota prints used/hard per resource, sorted, limits.* under Limit, and Age last (v1.32's column order)", () => {
    const quota = cells('', 'resourcequotas', {
      metadata: { name: 'dev-quota', namespace: 'rbac-test-ns' },
      spec: { hard: { pods: '10', 'limits.memory': '2Gi', 'requests.cpu': '1' } },
      status: { hard: { pods: '10', 'limits.memory': '2Gi', 'requests.cpu': '1' }, used: { pods: '2', 'limits.memory': '256Mi', 'requests.cpu': '100m' } },
    });
    expect(quota).toEqual({ header: ['Name', 'Request', 'Limit', 'Age'], cells: ['dev-quota', 'pods: 2/10, requests.cpu: 100m/1', 'limits.memory: 256Mi/2Gi', '5m'] });
  });

  it('a ControllerRevision names its controller as kind.group/name (formatResourceName with the group)', () => {
    const rev = cells('apps', 'controllerrevisions', {
      metadata: { name: 'postgres-79d96964fb', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'postgres', uid: 'p', controller: true }] },
      revision: 3,
    });
    expect(rev).toEqual({ header: ['Name', 'Controller', 'Revision', 'Age'], cells: ['postgres-79d96964fb', 'statefulset.apps/postgres', 3, '5m'] });
    expect(cells('apps', 'controllerrevisions', { metadata: { name: 'orphan' }, revision: 1 }).cells[1]).toBe('<none>');
  });

  it('a PersistentVolume prints its claim as namespace/name, its class, <unset> for what it does not set, and Terminating while deleted', () => {
    const pv = cells('', 'persistentvolumes', {
      metadata: { name: 'pvc-1', deletionTimestamp: '2026-03-01T11:59:00Z' },
      spec: {
        capacity: { storage: '10240Mi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        claimRef: { namespace: 'eks-work', name: 'data-postgres-0' },
        storageClassName: 'gp2',
      },
      status: { phase: 'Bound' },
    });
    expect(pv).toEqual({
      header: ['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', '(VolumeMode)'],
      // 10240Mi prints canonically as 10Gi; access modes in helper.GetAccessModesAsString's order.
      cells: ['pvc-1', '10Gi', 'RWO,RWX', 'Delete', 'Terminating', 'eks-work/data-postgres-0', 'gp2', '<unset>', '', '5m', '<unset>'],
    });
  });

  it('a ReplicationController prints replicas, containers and its map selector; a PodTemplate its pod labels', () => {
    const rc = cells('', 'replicationcontrollers', {
      metadata: { name: 'legacy' },
      spec: { replicas: 2, selector: { app: 'legacy', tier: 'web' }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(rc).toEqual({
      header: ['Name', 'Desired', 'Current', 'Ready', 'Age', '(Containers)', '(Images)', '(Selector)'],
      cells: ['legacy', 2, 2, 1, '5m', 'web', 'nginx:1.27', 'app=legacy,tier=web'],
    });
    const pt = cells('', 'podtemplates', {
      metadata: { name: 'tpl' },
      template: {
        metadata: { labels: { b: '2', a: '1' } },
        spec: {
          containers: [
            { name: 'a', image: 'x' },
            { name: 'b', image: 'y' },
          ],
        },
      },
    });
    expect(pt).toEqual({ header: ['Name', 'Containers', 'Images', 'Pod Labels'], cells: ['tpl', 'a,b', 'x,y', 'a=1,b=2'] });
  });
});
