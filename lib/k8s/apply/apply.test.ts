import { describe, expect, it } from 'vitest';
import { applyConfigurationYaml, diffableYaml, manifestTemplate } from './configuration';
import { fieldConflicts } from './conflicts';
import { lineDiff } from './diff';
import { parseManifest } from './manifest';

describe('a manifest from the YAML editor', () => {
  it('names the line and column of a syntax error, as the yaml package locates it', () => {
    expect(parseManifest('apiVersion: v1\nkind: ConfigMap\ndata: [a\nb: 2')).toEqual({
      problem: { message: 'Flow sequence in block collection must be sufficiently indented and end with a ]', line: 4, column: 1 },
    });
    expect(parseManifest('apiVersion: v1\nkind: ConfigMap\ndata: {x: "1", x: "2"}')).toEqual({ problem: { message: 'Map keys must be unique', line: 3, column: 16 } });
  });

  it('refuses a billion-laughs document instead of expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(parseManifest(`apiVersion: v1\nkind: ConfigMap\ndata:\n  ${levels.join('\n  ')}`)).toEqual({ problem: { message: 'Excessive alias count indicates a resource exhaustion attack' } });
  });

  it('refuses a document whose aliases expand a small text past the API server’s 3 MiB', () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    expect(parseManifest(`apiVersion: v1\nkind: ConfigMap\ndata:\n  a: &a "${megabyte}"\n  b: [*a, *a, *a]\n`)).toEqual({
      problem: { message: 'the YAML expands past 3 MiB through its aliases', reason: 'tooLarge' },
    });
    expect('object' in parseManifest(`apiVersion: v1\nkind: ConfigMap\ndata:\n  a: &a "${megabyte}"\n  b: [*a]\n`)).toBe(true);
  });

  it('takes one object; several documents, none, or a list are refused with what they are', () => {
    expect(parseManifest('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n')).toEqual({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } } });
    expect(parseManifest('apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n')).toEqual({
      problem: { message: 'the YAML holds 2 documents; apply one object at a time', reason: 'manyDocuments', documents: 2 },
    });
    expect(parseManifest('# nothing\n')).toEqual({ problem: { message: 'the YAML holds no object', reason: 'noObject' } });
    expect(parseManifest('- a\n- b\n')).toEqual({ problem: { message: 'the YAML is not an object (a mapping of apiVersion, kind, metadata…)', reason: 'notObject' } });
    expect(parseManifest('kind: ConfigMap\n')).toEqual({ problem: { message: 'apiVersion is required', reason: 'apiVersionRequired' } });
    expect(parseManifest('apiVersion: v1\n')).toEqual({ problem: { message: 'kind is required', reason: 'kindRequired' } });
    expect(parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: [a]\n')).toEqual({ problem: { message: 'metadata must be an object', reason: 'metadataNotObject' } });
  });
});

describe('the YAML a person edits', () => {
  const live = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'app', namespace: 'ns', uid: 'u', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'kubectl' }], labels: { a: 'b' } },
    data: { key: 'value' },
  };

  it('leaves out what the API server sets and keeps the rest, as an apply configuration', () => {
    expect(applyConfigurationYaml({ ...live, status: { phase: 'x' } })).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: ns\n  labels:\n    a: b\ndata:\n  key: value\n');
  });

  it('diffs without managedFields, resourceVersion and generation: only the changed value shows', () => {
    const after = { ...live, metadata: { ...live.metadata, resourceVersion: '8', managedFields: [] }, data: { key: 'other' } };
    // Line 10 is "data:" (apiVersion, kind, metadata with name, namespace, uid, creationTimestamp and one label come first).
    expect(lineDiff(diffableYaml(live), diffableYaml(after), 1)).toEqual([
      {
        oldStart: 10,
        oldLines: 2,
        newStart: 10,
        newLines: 2,
        lines: [
          { kind: 'context', text: 'data:' },
          { kind: 'removed', text: '  key: value' },
          { kind: 'added', text: '  key: other' },
        ],
      },
    ]);
    expect(lineDiff(diffableYaml(live), diffableYaml({ ...live, metadata: { ...live.metadata, resourceVersion: '9' } }))).toEqual([]);
  });

  it('starts a create from apiVersion, kind and the page’s namespace', () => {
    expect(manifestTemplate('apps/v1', 'Deployment', 'eks-work')).toBe('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ""\n  namespace: eks-work\n');
    expect(manifestTemplate('v1', 'Namespace', undefined)).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ""\n');
  });
});

describe('server-side apply conflicts', () => {
  it('reads each field and manager from the causes as structured-merge-diff words them (its NewConflictError test cases)', () => {
    expect(
      fieldConflicts([
        { reason: 'FieldManagerConflict', message: 'conflict with "foo" using v1 at 2001-02-03T04:05:06Z', field: '.spec.replicas' },
        { reason: 'FieldManagerConflict', message: 'conflict with "bar"', field: '.spec.paused' },
        { reason: 'FieldValueInvalid', message: 'Invalid value', field: 'spec' },
      ]),
    ).toEqual([
      { field: '.spec.replicas', manager: 'foo', message: 'conflict with "foo" using v1 at 2001-02-03T04:05:06Z' },
      { field: '.spec.paused', manager: 'bar', message: 'conflict with "bar"' },
    ]);
  });
});
