import { describe, expect, it } from 'vitest';
import type { JsonSchema } from './definition';
import { applyDefaults, prune, validateValue } from './schema';

// The CronTab schema of the Kubernetes docs' CRD walkthrough, with a default, bounds, an enum and a preserved map.
const SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['cronSpec'],
      properties: {
        cronSpec: { type: 'string' },
        image: { type: 'string', default: 'busybox:1.36' },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        policy: { type: 'string', enum: ['Allow', 'Forbid'] },
        ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } } } },
        port: { 'x-kubernetes-int-or-string': true },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
};

describe('custom resource schema validation', () => {
  it('words a type error as kube-openapi does, turned into a field error', () => {
    // errors.InvalidType: "%s in %s must be of type %s: %q" with the observed type, as field.TypeInvalid.
    expect(validateValue(SCHEMA, { spec: { cronSpec: '* * * * *', replicas: 'three' } })).toEqual([
      { reason: 'FieldValueTypeInvalid', field: 'spec.replicas', message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"' },
    ]);
  });

  it('names array items by index and reports bounds, enums and required fields in kube-openapi order (properties, then required)', () => {
    const errors = validateValue(SCHEMA, { spec: { replicas: 0, policy: 'Maybe', ports: [{ port: 80 }, { port: '443' }] } });
    expect(errors).toEqual([
      { reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: 0: spec.replicas in body should be greater than or equal to 1' },
      { reason: 'FieldValueNotSupported', field: 'spec.policy', message: 'Unsupported value: "Maybe": supported values: "Allow", "Forbid"' },
      { reason: 'FieldValueTypeInvalid', field: 'spec.ports[1].port', message: 'Invalid value: "string": spec.ports[1].port in body must be of type integer: "string"' },
      { reason: 'FieldValueRequired', field: 'spec.cronSpec', message: 'Required value' },
    ]);
  });

  it('takes an integer or a string for x-kubernetes-int-or-string, and nothing else', () => {
    expect(validateValue(SCHEMA, { spec: { cronSpec: 'x', port: 8080 } })).toEqual([]);
    expect(validateValue(SCHEMA, { spec: { cronSpec: 'x', port: 'http' } })).toEqual([]);
    expect(validateValue(SCHEMA, { spec: { cronSpec: 'x', port: true } })[0].message).toBe('Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"');
  });
});

describe('custom resource pruning and defaulting', () => {
  it('drops undeclared fields but keeps apiVersion, kind, metadata and preserved subtrees', () => {
    const obj = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'a' }, spec: { cronSpec: 'x', typo: 1, extra: { anything: { goes: true } }, labels: { a: 'b' } }, top: 1 };
    expect(prune(SCHEMA, obj).sort()).toEqual(['spec.typo', 'top']);
    expect(obj).toEqual({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'a' }, spec: { cronSpec: 'x', extra: { anything: { goes: true } }, labels: { a: 'b' } } });
  });

  it('fills a missing property from its default and leaves a given one alone', () => {
    const missing: Record<string, unknown> = { spec: { cronSpec: 'x' } };
    applyDefaults(SCHEMA, missing);
    expect(missing).toEqual({ spec: { cronSpec: 'x', image: 'busybox:1.36' } });
    const given = { spec: { cronSpec: 'x', image: 'nginx' } };
    applyDefaults(SCHEMA, given);
    expect(given.spec.image).toBe('nginx');
  });
});
