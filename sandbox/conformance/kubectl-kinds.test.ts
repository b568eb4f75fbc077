/**
 * kubectl against the default scenario for the kinds a v1.32 API server serves beyond the
 * workloads: EndpointSlices, LimitRanges, ResourceQuotas, PersistentVolumes, ControllerRevisions
 * and the kubelets' node Leases, read through kubectl's own table printing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { startTestSandbox, type TestSandbox } from './harness';
import type { KubeObject } from '../kube/store';

let t: TestSandbox;

/** Five minutes on the scenario's manual clock: every pod that starts is Ready, every Age reads 5m. */
const SETTLED_MS = 5 * 60_000;

beforeAll(async () => {
  t = await startTestSandbox({ scenario: 'default' });
  t.sandbox.world.advance(SETTLED_MS);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** kubectl's tables cut at the header's column starts (its tabwriter aligns every row to them). */
function tables(output: string): { header: string[]; rows: string[][] }[] {
  return output
    .trimEnd()
    .split('\n\n')
    .map((block) => {
      const [head, ...lines] = block.split('\n');
      const starts = [...head.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index);
      const cut = (line: string) => starts.map((s, i) => line.slice(s, starts[i + 1]).trim());
      return { header: cut(head), rows: lines.map(cut) };
    });
}

/** The endpoints cell as formatDiscoveryEndpoints writes it: three addresses, then "+ N more...". */
function endpointsCell(ips: string[]): string {
  return ips.length > 3 ? `${ips.slice(0, 3).join(',')} + ${ips.length - 3} more...` : ips.join(',');
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl get of the served built-in kinds'), () => {
  it('kubectl get endpointslices,limitranges,resourcequotas,pv,controllerrevisions -A prints kubectl columns with the scenario values', async () => {
    const { store } = t.sandbox.world;
    const r = await t.kubectl('admin', ['get', 'endpointslices,limitranges,resourcequotas,pv,controllerrevisions', '-A']);
    expect(r.stderr).toBe('');
    const [slices, ranges, quotas, volumes, revisions] = tables(r.stdout);

    // Slice names carry a generated suffix and list the ready pods' IPs: both read from the store, the rest from scenario.ts.
    const slice = (ns: string, service: string) => store.list('discovery.k8s.io/endpointslices', ns).find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service)!;
    const ips = (s: KubeObject) => (s.endpoints ?? []).map((e: { addresses: string[] }) => e.addresses[0]) as string[];
    const row = (ns: string, service: string, ports: string) => {
      const s = slice(ns, service);
      return [ns, `endpointslice.discovery.k8s.io/${s.metadata.name}`, 'IPv4', ports, endpointsCell(ips(s)), '5m'];
    };
    expect(slices.header).toEqual(['NAMESPACE', 'NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(slices.rows).toEqual([
      // The API server's own slice for the kubernetes Service: EKS's two control-plane ENIs (world/index.ts).
      ['default', 'endpointslice.discovery.k8s.io/kubernetes', 'IPv4', '443', '192.168.117.204,192.168.172.36', '5m'],
      row('eks-work', 'backend-app-service', '8080'),
      row('eks-work', 'postgres', '5432'),
      // kube-dns serves 53/UDP and 53/TCP and metrics on 9153, each printed by number.
      row('kube-system', 'kube-dns', '53,53,9153'),
      row('kube-system', 'metrics-server', '10250'),
      row('rbac-test-ns', 'sample-app', '80'),
    ]);
    // backend-app runs more than three ready pods by now, so its cell is cut after three.
    expect(ips(slice('eks-work', 'backend-app-service')).length).toBeGreaterThan(3);
    expect(slices.rows[1][4]).toMatch(/^(\d+\.){3}\d+,(\d+\.){3}\d+,(\d+\.){3}\d+ \+ \d+ more\.\.\.$/);

    // LimitRange has no printer upstream: the default table's CREATED AT, the scenario clock's start.
    expect(ranges).toEqual({ header: ['NAMESPACE', 'NAME', 'CREATED AT'], rows: [['rbac-test-ns', 'limitrange/default-limits', '2026-01-01T00:00:00Z']] });

    // dev-quota's hard limits (scenario.ts) against rbac-test-ns's one sample-app pod (50m/64Mi requested, 128Mi memory limit, default-limits' 200m cpu limit), its ConfigMap and Service.
    expect(quotas).toEqual({
      header: ['NAMESPACE', 'NAME', 'REQUEST', 'LIMIT', 'AGE'],
      rows: [
        [
          'rbac-test-ns',
          'resourcequota/dev-quota',
          'configmaps: 1/10, pods: 1/10, requests.cpu: 50m/1, requests.memory: 64Mi/1Gi, services: 1/5',
          'limits.cpu: 200m/2, limits.memory: 128Mi/2Gi',
          '5m',
        ],
      ],
    });

    // postgres-0's claim from the StatefulSet's 10Gi gp2 template, provisioned when the pod was placed; its name is the claim's uid.
    const claim = store.get('persistentvolumeclaims', 'eks-work', 'data-postgres-0')!;
    expect(claim.status.phase).toBe('Bound');
    expect(volumes).toEqual({
      header: ['NAMESPACE', 'NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'],
      rows: [['', `persistentvolume/pvc-${claim.metadata.uid}`, '10Gi', 'RWO', 'Delete', 'Bound', 'eks-work/data-postgres-0', 'gp2', '<unset>', '', '5m']],
    });

    // One revision per DaemonSet and StatefulSet, named after the template hash the pods carry.
    const hashOf = (resource: string, ns: string, name: string) => {
      const pod = store.list('pods', ns).find((p) => p.metadata.ownerReferences?.some((o) => o.name === name && o.kind === (resource === 'sts' ? 'StatefulSet' : 'DaemonSet')))!;
      const hash = pod.metadata.labels!['controller-revision-hash'];
      return resource === 'sts' ? hash : `${name}-${hash}`;
    };
    expect(revisions).toEqual({
      header: ['NAMESPACE', 'NAME', 'CONTROLLER', 'REVISION', 'AGE'],
      rows: [
        ['amazon-cloudwatch', `controllerrevision.apps/${hashOf('ds', 'amazon-cloudwatch', 'cloudwatch-agent')}`, 'daemonset.apps/cloudwatch-agent', '1', '5m'],
        ['amazon-cloudwatch', `controllerrevision.apps/${hashOf('ds', 'amazon-cloudwatch', 'fluentd-cloudwatch')}`, 'daemonset.apps/fluentd-cloudwatch', '1', '5m'],
        ['eks-work', `controllerrevision.apps/${hashOf('sts', 'eks-work', 'postgres')}`, 'statefulset.apps/postgres', '1', '5m'],
        ['kube-system', `controllerrevision.apps/${hashOf('ds', 'kube-system', 'aws-node')}`, 'daemonset.apps/aws-node', '1', '5m'],
        ['kube-system', `controllerrevision.apps/${hashOf('ds', 'kube-system', 'kube-proxy')}`, 'daemonset.apps/kube-proxy', '1', '5m'],
      ],
    });
  });

  it('kubectl api-resources lists the new kinds with upstream short names, verbs and categories', async () => {
    const r = await t.kubectl('admin', ['api-resources', '-o', 'wide']);
    const [all] = tables(r.stdout);
    const byName = (name: string, apiVersion: string) => all.rows.find((row) => row[0] === name && row[2] === apiVersion);
    const CRUD = 'create,delete,deletecollection,get,list,patch,update,watch';
    // kubectl api-resources -o wide against a v1.32 API server.
    expect(byName('endpointslices', 'discovery.k8s.io/v1')).toEqual(['endpointslices', '', 'discovery.k8s.io/v1', 'true', 'EndpointSlice', CRUD, '']);
    expect(byName('controllerrevisions', 'apps/v1')).toEqual(['controllerrevisions', '', 'apps/v1', 'true', 'ControllerRevision', CRUD, '']);
    expect(byName('replicationcontrollers', 'v1')).toEqual(['replicationcontrollers', 'rc', 'v1', 'true', 'ReplicationController', CRUD, 'all']);
    expect(byName('limitranges', 'v1')).toEqual(['limitranges', 'limits', 'v1', 'true', 'LimitRange', CRUD, '']);
    expect(byName('resourcequotas', 'v1')).toEqual(['resourcequotas', 'quota', 'v1', 'true', 'ResourceQuota', CRUD, '']);
    expect(byName('persistentvolumes', 'v1')).toEqual(['persistentvolumes', 'pv', 'v1', 'false', 'PersistentVolume', CRUD, '']);
    expect(byName('podtemplates', 'v1')).toEqual(['podtemplates', '', 'v1', 'true', 'PodTemplate', CRUD, '']);
  });

  it('kubectl explain reads the EndpointSlice model from the served OpenAPI', async () => {
    const r = await t.kubectl('admin', ['explain', 'endpointslice.endpoints.conditions.terminating']);
    expect(r.stdout).toBe(
      'GROUP:      discovery.k8s.io\nKIND:       EndpointSlice\nVERSION:    v1\n\nFIELD: terminating <boolean>\n\n\nDESCRIPTION:\n    terminating indicates that this endpoint is terminating. A nil value should\n    be interpreted as "false".\n    \n\n',
    );
  });

  it('kubectl get leases -n kube-node-lease shows each kubelet renewing every 10 s of sandbox time', async () => {
    const columns = ['-o', 'custom-columns=NAME:.metadata.name,HOLDER:.spec.holderIdentity,RENEW:.spec.renewTime,DURATION:.spec.leaseDurationSeconds', '--no-headers'];
    const read = async () =>
      (await t.kubectl('admin', ['get', 'leases', '-n', 'kube-node-lease', ...columns])).stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/));
    const nodes = t.sandbox.world.store.list('nodes').map((n) => n.metadata.name);
    const before = await read();
    // One lease per node, held by the node itself for 40 s (the kubelet's defaults), renewed with microsecond MicroTime.
    expect(before.map(([name, holder, , duration]) => [name, holder, duration])).toEqual(nodes.map((n) => [n, n, '40']));
    for (const [, , renew] of before) expect(renew).toMatch(/^2026-01-01T00:04:5\d\.000000Z$/);
    t.sandbox.world.advance(10_000);
    const after = await read();
    expect(after.map(([name, , renew]) => [name, Date.parse(renew) - Date.parse(before.find((b) => b[0] === name)![2])])).toEqual(nodes.map((n) => [n, 10_000]));
  });
});
