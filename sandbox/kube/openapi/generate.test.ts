// Expected schemas are upstream's, from kubernetes/kubernetes api/openapi-spec/swagger.json (v1.34).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, parseDeclaration, parseModelsDeclaration, pascalName } from './generate';

const committed = JSON.parse(readFileSync(new URL('./definitions.json', import.meta.url), 'utf8')).definitions;

describe('parseDeclaration', () => {
  it('reads class and field descriptions, unescaped, and which fields are optional', () => {
    const source = [
      '/**',
      "* ServicePort contains information on service\\'s port.",
      '*/',
      'export declare class V1ServicePort {',
      '    /**',
      '    * The application protocol for this port. Defaults to \\"TCP\\".',
      '    */',
      "    'protocol'?: string;",
      "    'port': number;",
      '}',
    ].join('\n');
    const parsed = parseDeclaration(source, 'V1ServicePort');
    expect(parsed.description).toBe("ServicePort contains information on service's port.");
    expect([...parsed.fields]).toEqual([
      ['protocol', { description: 'The application protocol for this port. Defaults to "TCP".', optional: true }],
      ['port', { description: undefined, optional: false }],
    ]);
  });
});

describe('definitions.json', () => {
  it('is what the generator writes from the installed client-node', async () => {
    expect(await generate()).toEqual(committed);
  });

  it('names the pod template core/v1 though apps reaches it, and keeps DeploymentSpec required fields', () => {
    const spec = committed['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.required).toEqual(['selector', 'template']);
    // A field naming another type keeps its own description beside the $ref, as upstream's swagger.json has it.
    expect(spec.properties.template).toEqual({
      description: 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".',
      $ref: '#/definitions/io.k8s.api.core.v1.PodTemplateSpec',
    });
    expect(spec.properties.selector).toEqual({
      description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels.",
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
    });
    expect(spec.properties.replicas).toEqual({
      description: 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      type: 'integer',
      format: 'int32',
    });
  });

  it('tags each served kind with its group, version and kind', () => {
    expect(committed['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(committed['io.k8s.api.core.v1.ConfigMap']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'ConfigMap', version: 'v1' }]);
    expect(committed['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', kind: 'Scale', version: 'v1' }]);
    expect(committed['io.k8s.api.core.v1.PodSpec']['x-kubernetes-group-version-kind']).toBeUndefined();
  });

  it('refers to apimachinery primitives where client-node inlines them', () => {
    expect(committed['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.creationTimestamp.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Time');
    expect(committed['io.k8s.api.core.v1.ResourceRequirements'].properties.limits.additionalProperties).toEqual({ $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' });
    expect(committed['io.k8s.api.core.v1.ServicePort'].properties.targetPort.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    // client-node's doc on these fields is the type's own description; the field's own comes from upstream's swagger.json.
    expect(committed['io.k8s.api.core.v1.ServicePort'].properties.targetPort.description).toMatch(/^Number or name of the port to access on the pods targeted by the service\./);
    expect(committed['io.k8s.api.core.v1.Event'].properties.eventTime).toEqual({
      description: 'Time when this Event was first observed.',
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
    });
    expect(committed['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(committed['io.k8s.api.core.v1.ContainerStatus'].properties.restartCount).toMatchObject({ type: 'integer', format: 'int32' });
    expect(committed['io.k8s.api.core.v1.PodSpec'].properties.activeDeadlineSeconds).toMatchObject({ type: 'integer', format: 'int64' });
  });

  it('leaves no $ref pointing at a missing definition', () => {
    const refs = new Set<string>();
    JSON.stringify(committed, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') refs.add(value.slice('#/definitions/'.length));
      return value;
    });
    expect([...refs].filter((r) => !committed[r])).toEqual([]);
  });
});

describe('parseModelsDeclaration', () => {
  it("reads a kubernetes-models interface's full name and each documented field", () => {
    const source = [
      'export interface IDeployment extends TypeMeta {',
      '    "apiVersion": "apps/v1";',
      '    /**',
      '     * Specification of the desired behavior',
      '     * of the Deployment.',
      '     */',
      '    "spec"?: IIoK8sApiAppsV1DeploymentSpec;',
      '}',
      'export type { IDeployment as IIoK8sApiAppsV1Deployment, Deployment as IoK8sApiAppsV1Deployment };',
    ].join('\n');
    expect(parseModelsDeclaration(source)).toEqual({ name: 'IoK8sApiAppsV1Deployment', fields: new Map([['spec', 'Specification of the desired behavior\nof the Deployment.']]) });
    expect(pascalName('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition')).toBe('IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinition');
  });
});
