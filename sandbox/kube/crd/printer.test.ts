import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store';
import { customResourcePrinter } from './printer';

const crd = (columns?: object[]) =>
  ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: { versions: [{ name: 'v1', served: true, storage: true, ...(columns ? { additionalPrinterColumns: columns } : {}) }] },
  }) as unknown as KubeObject;

const obj = {
  apiVersion: 'stable.example.com/v1',
  kind: 'CronTab',
  metadata: { name: 'nightly', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { replicas: 3, ratio: 1.5, paused: false, tags: { a: 'b' } },
} as unknown as KubeObject;
const now = new Date('2026-01-01T02:30:00Z');

// apiextensions-apiserver pkg/registry/customresource/tableconvertor: cellForJSONValue per column type, JSONPath text for "string".
describe('custom resource table', () => {
  it('shows Name and Age alone when the version declares no columns (serveDefaultColumnsIfEmpty)', () => {
    const printer = customResourcePrinter(crd(), 'v1');
    expect(printer.columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Age', 'date', ''],
    ]);
    expect(printer.row(obj, now).cells).toEqual(['nightly', '150m']);
  });

  it('gives each declared column the cell its type takes, null where the path finds nothing', () => {
    const printer = customResourcePrinter(
      crd([
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Ratio', type: 'integer', jsonPath: '.spec.ratio' },
        { name: 'Paused', type: 'boolean', jsonPath: '.spec.paused' },
        { name: 'Tags', type: 'string', jsonPath: '.spec.tags', priority: 1 },
        { name: 'Count', type: 'string', jsonPath: '.spec.replicas' },
        { name: 'Missing', type: 'string', jsonPath: '.status.phase' },
        { name: 'Created', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ]),
      'v1',
    );
    expect(printer.columns.map((c) => `${c.name}:${c.type}:${c.priority}`)).toEqual([
      'Name:string:0',
      'Replicas:integer:0',
      'Ratio:integer:0',
      'Paused:boolean:0',
      'Tags:string:1',
      'Count:string:0',
      'Missing:string:0',
      'Created:date:0',
    ]);
    expect(printer.row(obj, now).cells).toEqual(['nightly', 3, 1, false, 'map[a:b]', '3', null, '150m']);
  });
});
