import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store';
import { crdFieldErrors, crdUpdateErrors, defaultCrd } from './validation';

function crd(overrides: Record<string, unknown> = {}, name = 'crontabs.stable.example.com'): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name } as KubeObject['metadata'],
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } } }],
      ...overrides,
    },
  };
}

// Expected messages: apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go and pkg/apiserver/schema/validation.go.
describe('CustomResourceDefinition validation', () => {
  it('accepts the docs example CRD', () => {
    expect(crdFieldErrors(crd())).toEqual([]);
  });

  it('requires the name to be <plural>.<group>', () => {
    expect(crdFieldErrors(crd({}, 'crontab.stable.example.com'))).toEqual([
      { reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group' },
    ]);
  });

  it('takes only Cluster or Namespaced as scope, and a group with a dot', () => {
    expect(crdFieldErrors(crd({ scope: 'Global', group: 'stable' }, 'crontabs.stable'))).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.group', message: 'Invalid value: "stable": should be a domain with at least one dot' },
      { reason: 'FieldValueNotSupported', field: 'spec.scope', message: 'Unsupported value: "Global": supported values: "Cluster", "Namespaced"' },
    ]);
  });

  it('requires exactly one storage version and a schema for each version', () => {
    const errors = crdFieldErrors(
      crd({
        versions: [
          { name: 'v1', served: true, storage: false },
          { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      }),
    );
    expect(errors.map((e) => `${e.field}: ${e.message.replace(/\[\]apiextensions.*\}\}/, '<versions>')}`)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
      'spec.versions: Invalid value: <versions>: must have exactly one version marked as storage version',
    ]);
  });

  it('requires a structural schema: a type at the root and for every specified field', () => {
    const schema = { properties: { spec: { properties: { replicas: { type: 'integer' }, template: {} } }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
    expect(crdFieldErrors(crd({ versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] })).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for specified object fields',
      'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[template].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('defaults singular and listKind from kind, as SetDefaults_CustomResourceDefinitionSpec does', () => {
    const c = crd({ names: { plural: 'crontabs', kind: 'CronTab' } });
    defaultCrd(c, true);
    expect(c.spec.names).toEqual({ plural: 'crontabs', kind: 'CronTab', singular: 'crontab', listKind: 'CronTabList' });
    expect(c.status).toEqual({ conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
  });

  it('keeps group and plural, and once Established scope and kind, as they were', () => {
    const current = crd();
    expect(crdUpdateErrors(crd({ scope: 'Cluster' }), current, true)).toEqual([{ reason: 'FieldValueInvalid', field: 'spec.scope', message: 'Invalid value: "Cluster": field is immutable' }]);
    expect(crdUpdateErrors(crd({ scope: 'Cluster' }), current, false)).toEqual([]);
  });
});
