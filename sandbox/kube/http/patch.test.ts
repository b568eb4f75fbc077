import { describe, expect, it } from 'vitest';
import { StatusError } from '../status';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';

const pod = {
  metadata: { labels: { app: 'web', tier: 'front' }, finalizers: ['a'] },
  spec: {
    containers: [
      {
        name: 'web',
        image: 'nginx:1.26',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80 }],
      },
      { name: 'sidecar', image: 'envoy' },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'x', operator: 'Exists' }],
  },
};

describe('merge patch', () => {
  it('merges objects, deletes nulls and replaces lists whole', () => {
    expect(mergePatch(pod, { metadata: { labels: { tier: null, v: '2' } }, spec: { tolerations: [] } })).toEqual({
      ...pod,
      metadata: { labels: { app: 'web', v: '2' }, finalizers: ['a'] },
      spec: { ...pod.spec, tolerations: [] },
    });
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and env by name', () => {
    const out = strategicMergePatch(pod, {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            env: [
              { name: 'B', value: '3' },
              { name: 'C', value: '4' },
            ],
          },
        ],
      },
    }) as typeof pod;
    expect(out.spec.containers).toEqual([
      {
        name: 'web',
        image: 'nginx:1.27',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '3' },
          { name: 'C', value: '4' },
        ],
        ports: [{ containerPort: 80 }],
      },
      { name: 'sidecar', image: 'envoy' },
    ]);
  });

  it('removes list items marked $patch: delete and keys set to null', () => {
    const out = strategicMergePatch(pod, { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }], volumes: null } }) as typeof pod;
    expect(out.spec.containers.map((c) => c.name)).toEqual(['web']);
    expect('volumes' in out.spec).toBe(false);
  });

  it('unions merged primitive lists and honours $deleteFromPrimitiveList', () => {
    expect((strategicMergePatch(pod, { metadata: { finalizers: ['b'] } }) as typeof pod).metadata.finalizers).toEqual(['a', 'b']);
    expect((strategicMergePatch(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }) as typeof pod).metadata.finalizers).toEqual([]);
  });

  it('orders merged lists by $setElementOrder as kubectl apply sends it', () => {
    const out = strategicMergePatch(pod, { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }], containers: [{ name: 'web', image: 'nginx:1.27' }] } }) as typeof pod;
    expect(out.spec.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['sidecar=envoy', 'web=nginx:1.27']);
  });

  it('replaces lists without a merge key', () => {
    expect((strategicMergePatch(pod, { spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } }) as typeof pod).spec.tolerations).toEqual([{ key: 'y', operator: 'Exists' }]);
  });
});

describe('JSON patch', () => {
  it('applies add, replace, remove, move, copy and test in order', () => {
    const out = jsonPatch({ a: { b: [1, 2] }, c: 'x' }, [
      { op: 'test', path: '/c', value: 'x' },
      { op: 'add', path: '/a/b/-', value: 3 },
      { op: 'replace', path: '/c', value: 'y' },
      { op: 'copy', from: '/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e~1f' },
      { op: 'remove', path: '/a/b/0' },
    ]);
    expect(out).toEqual({ a: { b: [2, 3] }, c: 'y', 'e/f': 'y' });
  });

  it('answers a failed test with the API server 422', () => {
    try {
      jsonPatch({ spec: { replicas: 3 } }, [{ op: 'test', path: '/spec/replicas', value: 4 }]);
      expect.unreachable();
    } catch (err) {
      expect((err as StatusError).status).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server rejected our request due to an error in our request',
        reason: 'Invalid',
        details: {},
        code: 422,
      });
    }
  });
});
