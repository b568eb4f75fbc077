import { describe, expect, it } from 'vitest';
import { StatusError } from '../status';
import { FieldSet, pathString } from './fieldset';
import { applyConfiguration, updateManagedFields, type Kind, type Writer } from './managed';
import { rootSchema } from './schema';

const configMap: Kind = { schema: rootSchema('', 'v1', 'ConfigMap'), hasStatus: false };
const deployment: Kind = { schema: rootSchema('apps', 'v1', 'Deployment'), hasStatus: true };

const at = (minute: number) => `2026-01-01T00:0${minute}:00Z`;
const writer = (manager: string, operation: 'Apply' | 'Update', minute = 0, apiVersion = 'v1'): Writer => ({ manager, operation, apiVersion, now: at(minute) });

const cm = (data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'test-cm', namespace: 'default', ...(labels ? { labels } : {}) },
  data,
});

describe('field sets', () => {
  it('print their paths as fieldpath.Path.String does', () => {
    expect(pathString(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"nginx"}', 'f:image'])).toBe('.spec.template.spec.containers[name="nginx"].image');
    expect(pathString(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(pathString(['f:metadata', 'f:finalizers', 'v:"kubernetes"'])).toBe('.metadata.finalizers[="kubernetes"]');
  });

  it('read and write FieldsV1, a member with children marked "." and a member leaf {}', () => {
    const v1 = { 'f:metadata': { 'f:labels': { '.': {}, 'f:test-label': {} } }, 'f:data': { 'f:key': {} } };
    const set = FieldSet.fromFieldsV1(v1);
    expect(set.paths()).toEqual([
      ['f:data', 'f:key'],
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:test-label'],
    ]);
    expect(set.toFieldsV1()).toEqual({ 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:test-label': {} } } });
    const labelsOnly = FieldSet.fromPaths([['f:metadata', 'f:labels', 'f:test-label']]);
    // The labels map stays a member; with no children left it is written as a leaf.
    expect(set.difference(labelsOnly).toFieldsV1()).toEqual({ 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': {} } });
    expect(set.intersection(labelsOnly).toFieldsV1()).toEqual({ 'f:metadata': { 'f:labels': { 'f:test-label': {} } } });
  });
});

describe('managedFields', () => {
  it("an Update adds the maps it creates as members and takes over fields it changes from their owner (the server-side apply docs' example)", () => {
    const created = updateManagedFields(configMap, undefined, cm({ key: 'some value' }, { 'test-label': 'test' }), undefined, writer('kubectl', 'Update'));
    expect(created).toEqual([
      {
        manager: 'kubectl',
        operation: 'Update',
        apiVersion: 'v1',
        time: at(0),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:key': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:test-label': {} } } },
      },
    ]);
    const live = { ...cm({ key: 'some value' }, { 'test-label': 'test' }), metadata: { ...cm({}).metadata, labels: { 'test-label': 'test' }, managedFields: created } };
    const next = cm({ key: 'new value' }, { 'test-label': 'test' });
    const updated = updateManagedFields(configMap, live, next, created, writer('kube-controller-manager', 'Update', 1));
    expect(updated.map((m) => [m.manager, m.time, m.fieldsV1])).toEqual([
      ['kubectl', at(0), { 'f:data': {}, 'f:metadata': { 'f:labels': { '.': {}, 'f:test-label': {} } } }],
      ['kube-controller-manager', at(1), { 'f:data': { 'f:key': {} } }],
    ]);
  });

  it('an apply that owns what it owned before keeps its time', () => {
    const first = applyConfiguration(configMap, cm({}), cm({ key: 'a' }), writer('alice', 'Apply', 0), false);
    const live = { ...(first.object as object), metadata: { ...cm({}).metadata, managedFields: first.managedFields } };
    const again = applyConfiguration(configMap, live, cm({ key: 'a' }), writer('alice', 'Apply', 5), false);
    expect(again.managedFields.map((m) => m.time)).toEqual([at(0)]);
  });

  it('conflicts with several managers are grouped under each, Update managers named with their apiVersion, in identifier order', () => {
    const spec = (replicas: number, image: string) => ({ replicas, template: { spec: { containers: [{ name: 'web', image }] } } });
    const live = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        managedFields: [
          { manager: 'kubectl-edit', operation: 'Update', apiVersion: 'apps/v1', time: at(0), fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
          {
            manager: 'ci',
            operation: 'Apply',
            apiVersion: 'apps/v1',
            time: at(0),
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } },
          },
        ],
      },
      spec: spec(2, 'nginx:1.27'),
    };
    const apply = () =>
      applyConfiguration(deployment, live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: spec(3, 'nginx:1.28') }, writer('me', 'Apply', 1, 'apps/v1'), false);
    let error: StatusError | undefined;
    try {
      apply();
    } catch (err) {
      error = err as StatusError;
    }
    // k8s.io/apiserver fieldmanager/internal/conflict.go: sorted by the encoded manager, {"manager":"ci",... before {"manager":"kubectl-edit",...
    expect(error?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 2 conflicts: conflicts with "ci":\n- .spec.template.spec.containers[name="web"].image\nconflicts with "kubectl-edit" using apps/v1:\n- .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "ci"', field: '.spec.template.spec.containers[name="web"].image' },
          { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1', field: '.spec.replicas' },
        ],
      },
      code: 409,
    });
    const forced = applyConfiguration(
      deployment,
      live,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: spec(3, 'nginx:1.28') },
      writer('me', 'Apply', 1, 'apps/v1'),
      true,
    );
    // Forced: the fields move to the applier; ci keeps the container item and its name, kubectl-edit owns nothing and goes.
    expect(forced.managedFields.map((m) => [m.manager, m.fieldsV1])).toEqual([
      ['ci', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {} } } } } } }],
      ['me', { 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } }],
    ]);
    expect((forced.object as { spec: unknown }).spec).toEqual(spec(3, 'nginx:1.28'));
  });
});
