import * as models from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { unknownFields } from './fields';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON */

/** An object with every field the upstream OpenAPI model has (client-node's generated models, Kubernetes v1.34), nested models included. */
function everyField(type: string, depth = 0): unknown {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return [everyField(array[1], depth)];
  const model = (models as any)[type];
  if (!model?.getAttributeTypeMap || depth > 10) return 'x';
  return Object.fromEntries(model.getAttributeTypeMap().map((a: { baseName: string; type: string }) => [a.baseName, everyField(a.type, depth + 1)]));
}

describe('unknownFields against the upstream models', () => {
  it('knows every Deployment field of Kubernetes 1.32; the ones it reports came after (1.33, 1.34)', () => {
    // Lifecycle.stopSignal is 1.33; EnvVarSource.fileKeyRef, Container.restartPolicyRules and PodSpec.hostnameOverride are 1.34.
    expect(unknownFields('Deployment', everyField('V1Deployment'))).toEqual([
      'spec.template.spec.containers[0].env[0].valueFrom.fileKeyRef',
      'spec.template.spec.containers[0].lifecycle.stopSignal',
      'spec.template.spec.containers[0].restartPolicyRules',
      'spec.template.spec.hostnameOverride',
      'spec.template.spec.initContainers[0].env[0].valueFrom.fileKeyRef',
      'spec.template.spec.initContainers[0].lifecycle.stopSignal',
      'spec.template.spec.initContainers[0].restartPolicyRules',
    ]);
  });

  it('knows every PodDisruptionBudget, Ingress and NetworkPolicy field', () => {
    expect(unknownFields('PodDisruptionBudget', everyField('V1PodDisruptionBudget'))).toEqual([]);
    expect(unknownFields('Ingress', everyField('V1Ingress'))).toEqual([]);
    expect(unknownFields('NetworkPolicy', everyField('V1NetworkPolicy'))).toEqual([]);
  });

  it('names a misspelt field deep in a pod template, an Ingress rule and a network policy port', () => {
    const deployment = { spec: { template: { spec: { securityContext: { runAsNonroot: true }, containers: [{ name: 'a', readinessProbe: { httpGet: { paht: '/' } } }] } } } };
    expect(unknownFields('Deployment', deployment)).toEqual(['spec.template.spec.securityContext.runAsNonroot', 'spec.template.spec.containers[0].readinessProbe.httpGet.paht']);
    expect(unknownFields('Ingress', { spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'a', prot: { number: 80 } } } }] } }] } })).toEqual([
      'spec.rules[0].http.paths[0].backend.service.prot',
    ]);
    expect(unknownFields('NetworkPolicy', { spec: { ingress: [{ ports: [{ port: 9464, protcol: 'TCP' }] }] } })).toEqual(['spec.ingress[0].ports[0].protcol']);
  });
});
