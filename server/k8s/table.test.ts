import { describe, expect, it } from 'vitest';
import { tableColumns, tableRows, type KubeTable } from './table';

/**
 * A pods Table as kube-apiserver prints it for `kubectl get pods` (pkg/printers/internalversion
 * podColumnDefinitions: IP, Node, Nominated Node and Readiness Gates at priority 1, shown by -o wide),
 * rows with includeObject=Metadata as PartialObjectMetadata.
 */
const podsTable: KubeTable = {
  kind: 'Table',
  metadata: { resourceVersion: '4711' },
  columnDefinitions: [
    { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
    { name: 'Ready', type: 'string', format: '', description: 'The aggregate readiness state of this pod for accepting traffic.', priority: 0 },
    { name: 'Status', type: 'string', format: '', description: 'The aggregate status of the containers in this pod.', priority: 0 },
    {
      name: 'Restarts',
      type: 'string',
      format: '',
      description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      priority: 0,
    },
    { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
    { name: 'IP', type: 'string', format: '', description: 'IP address allocated to the pod.', priority: 1 },
    { name: 'Node', type: 'string', format: '', description: 'Name of the node where the pod is scheduled.', priority: 1 },
  ],
  rows: [
    {
      cells: ['web-0', '1/1', 'Running', '2 (5m ago)', '3d', '10.0.1.7', 'ip-10-0-1-20'],
      object: {
        metadata: { name: 'web-0', namespace: 'shop', uid: '5f0c2a1e-0000-4000-8000-000000000001', labels: { app: 'web' }, creationTimestamp: '2024-05-01T10:00:00Z' },
      },
    },
  ],
};

describe('Table to rows', () => {
  it('keeps every column with its priority, so the page shows -o wide columns on demand', () => {
    expect(tableColumns(podsTable).map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
    ]);
  });

  it('gives each row its object metadata beside the cells the API server printed', () => {
    expect(tableRows(podsTable)).toEqual([
      {
        name: 'web-0',
        namespace: 'shop',
        uid: '5f0c2a1e-0000-4000-8000-000000000001',
        labels: { app: 'web' },
        creationTimestamp: '2024-05-01T10:00:00Z',
        cells: ['web-0', '1/1', 'Running', '2 (5m ago)', '3d', '10.0.1.7', 'ip-10-0-1-20'],
      },
    ]);
  });

  it('keeps numbers and booleans, makes a missing cell null and a structured one JSON, and a cluster-scoped row namespace ""', () => {
    const rows = tableRows({
      rows: [{ cells: ['default-pool', 3, true, undefined, null, { a: 1 }], object: { metadata: { name: 'default-pool', uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z' } } }],
    });
    expect(rows).toEqual([{ name: 'default-pool', namespace: '', uid: 'u1', labels: {}, creationTimestamp: '2024-01-01T00:00:00Z', cells: ['default-pool', 3, true, null, null, '{"a":1}'] }]);
  });

  it('reads a Table without rows or columns (a watch event after the first, or an empty list) as none', () => {
    expect([tableColumns({ columnDefinitions: null }), tableRows({ rows: null })]).toEqual([[], []]);
  });
});
