/**
 * application/vnd.kubernetes.protobuf on the sandbox's side: request bodies of the kinds kubectl's
 * typed clients send that way (auth can-i, auth whoami, drain's evictions, create
 * namespace/configmap/secret/serviceaccount/role/rolebinding/clusterrole/clusterrolebinding/
 * deployment/job/cronjob/service/pdb, autoscale), and answers of pods and errors to a client that
 * asks for it (drain's pod list, the console's). The envelope and the field numbers are in
 * lib/k8s/protobuf.
 */
import { decodeMessage, encodeMessage, ProtobufError, UnknownMember, unwrapUnknown, wrapUnknown, Writer, type Schema } from '@/lib/k8s/protobuf';
import { LABEL_SELECTOR, LIST_META, OBJECT_META, POD, POD_SPEC, STATUS } from '@/lib/k8s/protobuf-schemas';
import type { KubeList } from '../list';
import type { RequestInfo } from '../request-info';
import type { KubeObject } from '../store';
import { StatusError, statusErrors, type Status } from '../status';

const RESOURCE_ATTRIBUTES: Schema = {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
  8: ['fieldSelector', { 1: ['rawSelector', 'string'] }],
  9: ['labelSelector', { 1: ['rawSelector', 'string'] }],
};
const NON_RESOURCE_ATTRIBUTES: Schema = { 1: ['path', 'string'], 2: ['verb', 'string'] };
const SUBJECT_ACCESS_REVIEW_SPEC: Schema = {
  1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
  2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES],
  3: ['user', 'string'],
  4: ['groups', 'string', true],
  5: ['extra', { map: 'stringList' }],
  6: ['uid', 'string'],
};
const DELETE_OPTIONS: Schema = {
  1: ['gracePeriodSeconds', 'int'],
  2: ['preconditions', { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] }],
  3: ['orphanDependents', 'bool'],
  4: ['propagationPolicy', 'string'],
  5: ['dryRun', 'string', true],
};

const POLICY_RULE: Schema = {
  1: ['verbs', 'string', true],
  2: ['apiGroups', 'string', true],
  3: ['resources', 'string', true],
  4: ['resourceNames', 'string', true],
  5: ['nonResourceURLs', 'string', true],
};
const SUBJECT: Schema = { 1: ['kind', 'string'], 2: ['apiGroup', 'string'], 3: ['name', 'string'], 4: ['namespace', 'string'] };
const ROLE_REF: Schema = { 1: ['apiGroup', 'string'], 2: ['kind', 'string'], 3: ['name', 'string'] };
const POD_TEMPLATE: Schema = { 1: ['metadata', OBJECT_META], 2: ['spec', POD_SPEC] };

/** The JobSpec fields `kubectl create job` and `create cronjob` set. */
const JOB_SPEC: Schema = {
  1: ['parallelism', 'int'],
  2: ['completions', 'int'],
  3: ['activeDeadlineSeconds', 'int'],
  4: ['selector', LABEL_SELECTOR],
  5: ['manualSelector', 'bool'],
  6: ['template', POD_TEMPLATE],
  7: ['backoffLimit', 'int'],
  8: ['ttlSecondsAfterFinished', 'int'],
  9: ['completionMode', 'string'],
  10: ['suspend', 'bool'],
};

const SERVICE_PORT: Schema = {
  1: ['name', 'string'],
  2: ['protocol', 'string'],
  3: ['port', 'int'],
  4: ['targetPort', 'intOrString'],
  5: ['nodePort', 'int'],
  6: ['appProtocol', 'string'],
};

/** By kind, or by "apiVersion/kind" where versions differ. */
const KINDS: Record<string, Schema> = {
  'autoscaling/v1/HorizontalPodAutoscaler': {
    1: ['metadata', OBJECT_META],
    2: [
      'spec',
      {
        1: ['scaleTargetRef', { 1: ['kind', 'string'], 2: ['name', 'string'], 3: ['apiVersion', 'string'] }],
        2: ['minReplicas', 'int'],
        3: ['maxReplicas', 'int'],
        4: ['targetCPUUtilizationPercentage', 'int'],
      },
    ],
  },
  Job: { 1: ['metadata', OBJECT_META], 2: ['spec', JOB_SPEC] },
  Service: {
    1: ['metadata', OBJECT_META],
    2: [
      'spec',
      {
        1: ['ports', SERVICE_PORT, true],
        2: ['selector', { map: 'string' }],
        3: ['clusterIP', 'string'],
        4: ['type', 'string'],
        5: ['externalIPs', 'string', true],
        7: ['sessionAffinity', 'string'],
        10: ['externalName', 'string'],
      },
    ],
  },
  PodDisruptionBudget: {
    1: ['metadata', OBJECT_META],
    2: ['spec', { 1: ['minAvailable', 'intOrString'], 2: ['selector', LABEL_SELECTOR], 3: ['maxUnavailable', 'intOrString'], 4: ['unhealthyPodEvictionPolicy', 'string'] }],
  },
  CronJob: {
    1: ['metadata', OBJECT_META],
    2: [
      'spec',
      {
        1: ['schedule', 'string'],
        2: ['startingDeadlineSeconds', 'int'],
        3: ['concurrencyPolicy', 'string'],
        4: ['suspend', 'bool'],
        5: ['jobTemplate', { 1: ['metadata', OBJECT_META], 2: ['spec', JOB_SPEC] }],
        6: ['successfulJobsHistoryLimit', 'int'],
        7: ['failedJobsHistoryLimit', 'int'],
        8: ['timeZone', 'string'],
      },
    ],
  },
  Namespace: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['finalizers', 'string', true] }] },
  ConfigMap: { 1: ['metadata', OBJECT_META], 2: ['data', { map: 'string' }], 3: ['binaryData', { map: 'bytes' }], 4: ['immutable', 'bool'] },
  Secret: { 1: ['metadata', OBJECT_META], 2: ['data', { map: 'bytes' }], 3: ['type', 'string'], 4: ['stringData', { map: 'string' }], 5: ['immutable', 'bool'] },
  ServiceAccount: { 1: ['metadata', OBJECT_META] },
  Role: { 1: ['metadata', OBJECT_META], 2: ['rules', POLICY_RULE, true] },
  ClusterRole: { 1: ['metadata', OBJECT_META], 2: ['rules', POLICY_RULE, true], 3: ['aggregationRule', { 1: ['clusterRoleSelectors', LABEL_SELECTOR, true] }] },
  RoleBinding: { 1: ['metadata', OBJECT_META], 2: ['subjects', SUBJECT, true], 3: ['roleRef', ROLE_REF] },
  ClusterRoleBinding: { 1: ['metadata', OBJECT_META], 2: ['subjects', SUBJECT, true], 3: ['roleRef', ROLE_REF] },
  Deployment: {
    1: ['metadata', OBJECT_META],
    2: ['spec', { 1: ['replicas', 'int'], 2: ['selector', LABEL_SELECTOR], 3: ['template', POD_TEMPLATE], 4: ['strategy', { 1: ['type', 'string'] }] }],
  },
  SelfSubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['resourceAttributes', RESOURCE_ATTRIBUTES], 2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES] }] },
  SelfSubjectRulesReview: { 1: ['metadata', OBJECT_META], 2: ['spec', { 1: ['namespace', 'string'] }] },
  SubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', SUBJECT_ACCESS_REVIEW_SPEC] },
  LocalSubjectAccessReview: { 1: ['metadata', OBJECT_META], 2: ['spec', SUBJECT_ACCESS_REVIEW_SPEC] },
  SelfSubjectReview: { 1: ['metadata', OBJECT_META] },
  Eviction: { 1: ['metadata', OBJECT_META], 2: ['deleteOptions', DELETE_OPTIONS] },
  DeleteOptions: DELETE_OPTIONS,
  TokenRequest: {
    1: ['metadata', OBJECT_META],
    2: [
      'spec',
      { 1: ['audiences', 'string', true], 4: ['expirationSeconds', 'int'], 3: ['boundObjectRef', { 1: ['kind', 'string'], 2: ['apiVersion', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'] }] },
    ],
  },
};

function unsupportedMediaType(): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    reason: 'UnsupportedMediaType',
    code: 415,
  });
}

/** The object in a protobuf request body, as JSON would have carried it. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> {
  try {
    const { apiVersion, kind, start, end } = unwrapUnknown(body);
    const schema = kind ? (KINDS[`${apiVersion}/${kind}`] ?? KINDS[kind]) : undefined;
    if (!schema) throw unsupportedMediaType();
    // A field the schema lacks that carries a value would be lost: refused whole instead.
    return { apiVersion, kind, ...decodeMessage(body, schema, { strict: true }, start, end) };
  } catch (err) {
    if (err instanceof UnknownMember) throw unsupportedMediaType();
    if (err instanceof ProtobufError && err.message.startsWith('provided data')) throw statusErrors.badRequest(err.message);
    if (err instanceof ProtobufError) throw statusErrors.badRequest(`unable to decode protobuf body: ${err.message}`);
    throw err;
  }
}

/**
 * Whether the server answers the request in protobuf when asked: reading pods. The API server writes
 * every built-in kind that way; the encoding here covers pods, whose lists are the largest a client
 * reads, and the Status of any error on the way.
 */
export function writesProtobuf(info: RequestInfo): boolean {
  return info.isResourceRequest && info.apiGroup === '' && info.apiVersion === 'v1' && info.resource === 'pods' && !info.subresource && (info.verb === 'get' || info.verb === 'list');
}

/** Each stored pod's message, written once: a stored object is replaced, never changed, when the pod changes. */
const podMessages = new WeakMap<KubeObject, Uint8Array>();

/**
 * The messages are copied into shared slabs: a view each, one backing store for many, where a
 * backing store each would cost the collector for every one of 150,000 pods. A slab lives while one
 * of its views does: small slabs bound what a few long-lived pods keep.
 */
const SLAB_BYTES = 1 << 18;
let slab = new Uint8Array(SLAB_BYTES);
let slabUsed = 0;

function kept(message: Uint8Array): Uint8Array {
  if (message.length > SLAB_BYTES / 8) return message;
  if (slabUsed + message.length > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const view = slab.subarray(slabUsed, slabUsed + message.length);
  view.set(message);
  slabUsed += message.length;
  return view;
}

function podMessage(pod: KubeObject): Uint8Array {
  let message = podMessages.get(pod);
  if (!message) {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = pod;
    message = kept(encodeMessage(rest, POD));
    podMessages.set(pod, message);
  }
  return message;
}

export function encodePod(pod: KubeObject): Uint8Array {
  return wrapUnknown('v1', 'Pod', podMessage(pod));
}

export function encodePodList(list: KubeList): Uint8Array {
  const w = new Writer();
  w.bytes(1, encodeMessage({ ...list.metadata }, LIST_META, 'metadata'));
  for (const pod of list.items) w.bytes(2, podMessage(pod));
  return wrapUnknown('v1', 'PodList', w.finish());
}

export function encodeStatus(status: Status): Uint8Array {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = status;
  return wrapUnknown('v1', 'Status', encodeMessage(rest as Record<string, unknown>, STATUS));
}
