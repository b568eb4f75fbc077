/**
 * The CustomResourceDefinitions an EKS cluster commonly carries, as their
 * projects publish them (schemas trimmed to the fields the scenario uses,
 * printer columns and scope exactly as published): Karpenter's NodePool
 * (karpenter.sh_nodepools.yaml, v1) and cert-manager's Certificate
 * (cert-manager.io_certificates.yaml, v1).
 */
import type { NewObject } from '../kube/store';

const str = (description: string) => ({ type: 'string', description });

type Schema = Record<string, unknown>;

/** A v1 CRD with one served and stored version and the status subresource, as both projects publish theirs. */
function crd(metadata: Schema, spec: { group: string; names: Schema; scope: string }, columns: Schema[], schema: Schema): NewObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: metadata as NewObject['metadata'],
    spec: {
      ...spec,
      conversion: { strategy: 'None' },
      versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, additionalPrinterColumns: columns, schema: { openAPIV3Schema: schema } }],
    },
  };
}

/** metav1.Condition's schema, as controller-gen writes it for both projects' status.conditions. */
function conditions(required: string[]): Schema {
  return {
    type: 'array',
    items: {
      type: 'object',
      required,
      properties: {
        lastTransitionTime: { type: 'string', format: 'date-time' },
        message: { type: 'string' },
        observedGeneration: { type: 'integer', format: 'int64' },
        reason: { type: 'string' },
        status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
        type: { type: 'string' },
      },
    },
  };
}

export function nodePoolCrd(): NewObject {
  return crd(
    { name: 'nodepools.karpenter.sh', annotations: { 'controller-gen.kubebuilder.io/version': 'v0.17.1' } },
    { group: 'karpenter.sh', names: { categories: ['karpenter'], kind: 'NodePool', listKind: 'NodePoolList', plural: 'nodepools', singular: 'nodepool' }, scope: 'Cluster' },
    [
      { jsonPath: '.spec.template.spec.nodeClassRef.name', name: 'NodeClass', type: 'string' },
      { jsonPath: '.status.resources.nodes', name: 'Nodes', type: 'string' },
      { jsonPath: '.status.conditions[?(@.type=="Ready")].status', name: 'Ready', type: 'string' },
      { jsonPath: '.metadata.creationTimestamp', name: 'Age', type: 'date' },
      { jsonPath: '.spec.weight', name: 'Weight', priority: 1, type: 'integer' },
      { jsonPath: '.status.resources.cpu', name: 'CPU', priority: 1, type: 'string' },
      { jsonPath: '.status.resources.memory', name: 'Memory', priority: 1, type: 'string' },
    ],
    {
      description: 'NodePool is the Schema for the NodePools API',
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: {
          description:
            'NodePoolSpec is the top level nodepool specification. Nodepools\nlaunch nodes in response to pods that are unschedulable. A single nodepool\nis capable of managing a diverse set of nodes. Node properties are determined\nfrom a combination of nodepool and pod scheduling constraints.',
          type: 'object',
          properties: {
            disruption: {
              default: { consolidateAfter: '0s' },
              description: "Disruption contains the parameters that relate to Karpenter's disruption logic",
              type: 'object',
              required: ['consolidateAfter'],
              properties: {
                budgets: {
                  default: [{ nodes: '10%' }],
                  type: 'array',
                  items: { type: 'object', required: ['nodes'], properties: { nodes: { default: '10%', type: 'string' }, schedule: { type: 'string' }, duration: { type: 'string' } } },
                },
                consolidateAfter: str('ConsolidateAfter is the duration the controller will wait\nbefore attempting to terminate nodes that are underutilized.'),
                consolidationPolicy: { default: 'WhenEmptyOrUnderutilized', enum: ['WhenEmpty', 'WhenEmptyOrUnderutilized'], type: 'string' },
              },
            },
            limits: {
              description: 'Limits define a set of bounds for provisioning capacity.',
              type: 'object',
              additionalProperties: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
            },
            template: {
              type: 'object',
              required: ['spec'],
              properties: {
                metadata: {
                  type: 'object',
                  properties: { labels: { type: 'object', additionalProperties: { type: 'string' } }, annotations: { type: 'object', additionalProperties: { type: 'string' } } },
                },
                spec: {
                  type: 'object',
                  required: ['nodeClassRef', 'requirements'],
                  properties: {
                    expireAfter: { default: '720h', type: 'string' },
                    nodeClassRef: {
                      description: 'NodeClassRef is a reference to an object that defines provider specific configuration',
                      type: 'object',
                      required: ['group', 'kind', 'name'],
                      properties: { group: str('API version of the referent'), kind: { type: 'string' }, name: { type: 'string' } },
                    },
                    requirements: {
                      description: 'Requirements are layered with GetLabels and applied to every node.',
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['key', 'operator'],
                        properties: {
                          key: { type: 'string' },
                          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'] },
                          values: { type: 'array', items: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            weight: { description: 'Weight is the priority given to the nodepool during scheduling.', type: 'integer', minimum: 1, maximum: 100, format: 'int32' },
          },
        },
        status: {
          type: 'object',
          properties: {
            conditions: conditions(['lastTransitionTime', 'message', 'reason', 'status', 'type']),
            resources: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } },
          },
        },
      },
    },
  );
}

export function certificateCrd(): NewObject {
  return crd(
    {
      name: 'certificates.cert-manager.io',
      labels: { app: 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/version': 'v1.16.2' },
    },
    {
      group: 'cert-manager.io',
      names: { categories: ['cert-manager'], kind: 'Certificate', listKind: 'CertificateList', plural: 'certificates', shortNames: ['cert', 'certs'], singular: 'certificate' },
      scope: 'Namespaced',
    },
    [
      { jsonPath: '.status.conditions[?(@.type=="Ready")].status', name: 'Ready', type: 'string' },
      { jsonPath: '.spec.secretName', name: 'Secret', type: 'string' },
      { jsonPath: '.spec.issuerRef.name', name: 'Issuer', priority: 1, type: 'string' },
      { jsonPath: '.status.conditions[?(@.type=="Ready")].message', name: 'Status', priority: 1, type: 'string' },
      {
        description:
          'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
        jsonPath: '.metadata.creationTimestamp',
        name: 'Age',
        type: 'date',
      },
    ],
    {
      description:
        'A Certificate resource should be created to ensure an up to date and signed\nX.509 certificate is stored in the Kubernetes Secret resource named in `spec.secretName`.\n\nThe stored certificate will be renewed before it expires (as configured by `spec.renewBefore`).',
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: {
          description: 'Specification of the desired state of the Certificate resource.\nhttps://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
          type: 'object',
          required: ['issuerRef', 'secretName'],
          properties: {
            commonName: { type: 'string' },
            dnsNames: { description: 'Requested DNS subject alternative names.', type: 'array', items: { type: 'string' } },
            duration: { type: 'string' },
            issuerRef: {
              description: 'Reference to the issuer responsible for issuing the certificate.',
              type: 'object',
              required: ['name'],
              properties: {
                group: str('Group of the resource being referred to.'),
                kind: str('Kind of the resource being referred to.'),
                name: str('Name of the resource being referred to.'),
              },
            },
            privateKey: {
              type: 'object',
              properties: {
                algorithm: { type: 'string', enum: ['RSA', 'ECDSA', 'Ed25519'] },
                rotationPolicy: { type: 'string', enum: ['Never', 'Always'] },
                size: { type: 'integer' },
              },
            },
            renewBefore: { type: 'string' },
            secretName: str(
              'Name of the Secret resource that will be automatically created and\nmanaged by this Certificate resource. It will be populated with a\nprivate key and certificate, signed by the denoted issuer.',
            ),
          },
        },
        status: {
          type: 'object',
          properties: {
            conditions: conditions(['status', 'type']),
            notAfter: { type: 'string', format: 'date-time' },
            notBefore: { type: 'string', format: 'date-time' },
            renewalTime: { type: 'string', format: 'date-time' },
            revision: { type: 'integer' },
          },
        },
      },
    },
  );
}

/** A Certificate for an app's Service whose Secret is not issued yet, so cert-manager reports it issuing (Ready False). */
export function issuingCertificate(name: string, namespace: string, app: string, at: string): NewObject {
  const issuing = { reason: 'DoesNotExist', message: 'Issuing certificate as Secret does not exist', lastTransitionTime: at, observedGeneration: 1 };
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name, namespace, labels: { app } },
    spec: {
      secretName: name,
      dnsNames: [`${app}.${namespace}.svc.cluster.local`],
      issuerRef: { name: 'cluster-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      privateKey: { rotationPolicy: 'Always' },
    },
    status: {
      conditions: [
        { type: 'Ready', status: 'False', ...issuing },
        { type: 'Issuing', status: 'True', ...issuing },
      ],
    },
  };
}
