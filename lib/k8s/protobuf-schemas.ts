/**
 * The messages of the kinds read and written in protobuf, numbered as k8s.io/api's and
 * k8s.io/apimachinery's generated.proto number them: meta/v1's ObjectMeta, ListMeta and Status,
 * and core/v1's Pod with every field of its spec and status.
 */
import { decodeMessage, PROTOBUF, ProtobufError, Reader, unwrapUnknown, type Field, type Schema } from './protobuf';

// meta/v1

const OWNER_REFERENCE: Schema = { 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 5: ['apiVersion', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'] };

const MANAGED_FIELDS_ENTRY: Schema = {
  1: ['manager', 'string'],
  2: ['operation', 'string'],
  3: ['apiVersion', 'string'],
  4: ['time', 'time'],
  6: ['fieldsType', 'string'],
  7: ['fieldsV1', 'fieldsV1'],
  8: ['subresource', 'string'],
};

export const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  4: ['selfLink', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  7: ['generation', 'int'],
  8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'],
  10: ['deletionGracePeriodSeconds', 'int'],
  11: ['labels', { map: 'string' }],
  12: ['annotations', { map: 'string' }],
  13: ['ownerReferences', OWNER_REFERENCE, true],
  14: ['finalizers', 'string', true],
  17: ['managedFields', MANAGED_FIELDS_ENTRY, true],
};

export const LIST_META: Schema = { 1: ['selfLink', 'string'], 2: ['resourceVersion', 'string'], 3: ['continue', 'string'], 4: ['remainingItemCount', 'int'] };

export const LABEL_SELECTOR: Schema = {
  1: ['matchLabels', { map: 'string' }],
  2: ['matchExpressions', { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', true] }, true],
};

export const STATUS: Schema = {
  1: ['metadata', LIST_META],
  2: ['status', 'string'],
  3: ['message', 'string'],
  4: ['reason', 'string'],
  5: [
    'details',
    {
      1: ['name', 'string'],
      2: ['group', 'string'],
      3: ['kind', 'string'],
      4: ['causes', { 1: ['reason', 'string'], 2: ['message', 'string'], 3: ['field', 'string'] }, true],
      5: ['retryAfterSeconds', 'int'],
      6: ['uid', 'string'],
    },
  ],
  6: ['code', 'int'],
};

export function isProtobuf(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim() === PROTOBUF;
}

/** A meta/v1 Status in its envelope, as the API's JSON has it. */
export function decodeStatus(body: Uint8Array): Record<string, unknown> {
  const { kind, start, end } = unwrapUnknown(body);
  if (kind !== 'Status') throw new ProtobufError(`expected a Status, got ${kind || 'no kind'}`);
  return { kind: 'Status', apiVersion: 'v1', ...decodeMessage(body, STATUS, {}, start, end) };
}

// core/v1: Pod

const LOCAL_OBJECT_REFERENCE: Schema = { 1: ['name', 'string'] };
const KEY_TO_PATH: Schema = { 1: ['key', 'string'], 2: ['path', 'string'], 3: ['mode', 'int'] };
const OBJECT_FIELD_SELECTOR: Schema = { 1: ['apiVersion', 'string'], 2: ['fieldPath', 'string'] };
const RESOURCE_FIELD_SELECTOR: Schema = { 1: ['containerName', 'string'], 2: ['resource', 'string'], 3: ['divisor', 'quantity'] };
const RESOURCE_LIST = { map: 'quantity' } as const;
const RESOURCE_REQUIREMENTS: Schema = { 1: ['limits', RESOURCE_LIST], 2: ['requests', RESOURCE_LIST], 3: ['claims', { 1: ['name', 'string'], 2: ['request', 'string'] }, true] };

const ENV_VAR: Schema = {
  1: ['name', 'string'],
  2: ['value', 'string'],
  3: [
    'valueFrom',
    {
      1: ['fieldRef', OBJECT_FIELD_SELECTOR],
      2: ['resourceFieldRef', RESOURCE_FIELD_SELECTOR],
      3: ['configMapKeyRef', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['key', 'string'], 3: ['optional', 'bool'] }],
      4: ['secretKeyRef', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['key', 'string'], 3: ['optional', 'bool'] }],
      5: ['fileKeyRef', { 1: ['volumeName', 'string'], 2: ['path', 'string'], 3: ['key', 'string'], 4: ['optional', 'bool'] }],
    },
  ],
};

const ENV_FROM_SOURCE: Schema = {
  1: ['prefix', 'string'],
  2: ['configMapRef', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['optional', 'bool'] }],
  3: ['secretRef', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['optional', 'bool'] }],
};

const EXEC_ACTION: Schema = { 1: ['command', 'string', true] };
const HTTP_GET_ACTION: Schema = {
  1: ['path', 'string'],
  2: ['port', 'intOrString'],
  3: ['host', 'string'],
  4: ['scheme', 'string'],
  5: ['httpHeaders', { 1: ['name', 'string'], 2: ['value', 'string'] }, true],
};
const TCP_SOCKET_ACTION: Schema = { 1: ['port', 'intOrString'], 2: ['host', 'string'] };

const PROBE: Schema = {
  1: ['handler', { 1: ['exec', EXEC_ACTION], 2: ['httpGet', HTTP_GET_ACTION], 3: ['tcpSocket', TCP_SOCKET_ACTION], 4: ['grpc', { 1: ['port', 'int'], 2: ['service', 'string'] }] }, 'inline'],
  2: ['initialDelaySeconds', 'int'],
  3: ['timeoutSeconds', 'int'],
  4: ['periodSeconds', 'int'],
  5: ['successThreshold', 'int'],
  6: ['failureThreshold', 'int'],
  7: ['terminationGracePeriodSeconds', 'int'],
};

const LIFECYCLE_HANDLER: Schema = { 1: ['exec', EXEC_ACTION], 2: ['httpGet', HTTP_GET_ACTION], 3: ['tcpSocket', TCP_SOCKET_ACTION], 4: ['sleep', { 1: ['seconds', 'int'] }] };

const SE_LINUX_OPTIONS: Schema = { 1: ['user', 'string'], 2: ['role', 'string'], 3: ['type', 'string'], 4: ['level', 'string'] };
const SECCOMP_PROFILE: Schema = { 1: ['type', 'string'], 2: ['localhostProfile', 'string'] };
const APP_ARMOR_PROFILE: Schema = { 1: ['type', 'string'], 2: ['localhostProfile', 'string'] };
const SECURITY_CONTEXT: Schema = {
  1: ['capabilities', { 1: ['add', 'string', true], 2: ['drop', 'string', true] }],
  2: ['privileged', 'bool'],
  3: ['seLinuxOptions', SE_LINUX_OPTIONS],
  4: ['runAsUser', 'int'],
  5: ['runAsNonRoot', 'bool'],
  6: ['readOnlyRootFilesystem', 'bool'],
  7: ['allowPrivilegeEscalation', 'bool'],
  8: ['runAsGroup', 'int'],
  9: ['procMount', 'string'],
  10: ['windowsOptions', { 1: ['gmsaCredentialSpecName', 'string'], 2: ['gmsaCredentialSpec', 'string'], 3: ['runAsUserName', 'string'], 4: ['hostProcess', 'bool'] }],
  11: ['seccompProfile', SECCOMP_PROFILE],
  12: ['appArmorProfile', APP_ARMOR_PROFILE],
};

/** A container of a pod or a pod template. */
const CONTAINER: Schema = {
  1: ['name', 'string'],
  2: ['image', 'string'],
  3: ['command', 'string', true],
  4: ['args', 'string', true],
  5: ['workingDir', 'string'],
  6: ['ports', { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] }, true],
  7: ['env', ENV_VAR, true],
  8: ['resources', RESOURCE_REQUIREMENTS],
  9: [
    'volumeMounts',
    {
      1: ['name', 'string'],
      2: ['readOnly', 'bool'],
      3: ['mountPath', 'string'],
      4: ['subPath', 'string'],
      5: ['mountPropagation', 'string'],
      6: ['subPathExpr', 'string'],
      7: ['recursiveReadOnly', 'string'],
    },
    true,
  ],
  10: ['livenessProbe', PROBE],
  11: ['readinessProbe', PROBE],
  12: ['lifecycle', { 1: ['postStart', LIFECYCLE_HANDLER], 2: ['preStop', LIFECYCLE_HANDLER], 3: ['stopSignal', 'string'] }],
  13: ['terminationMessagePath', 'string'],
  14: ['imagePullPolicy', 'string'],
  15: ['securityContext', SECURITY_CONTEXT],
  16: ['stdin', 'bool'],
  17: ['stdinOnce', 'bool'],
  18: ['tty', 'bool'],
  19: ['envFrom', ENV_FROM_SOURCE, true],
  20: ['terminationMessagePolicy', 'string'],
  21: ['volumeDevices', { 1: ['name', 'string'], 2: ['devicePath', 'string'] }, true],
  22: ['startupProbe', PROBE],
  23: ['resizePolicy', { 1: ['resourceName', 'string'], 2: ['restartPolicy', 'string'] }, true],
  24: ['restartPolicy', 'string'],
  25: ['restartPolicyRules', { 1: ['action', 'string'], 2: ['exitCodes', { 1: ['operator', 'string'], 2: ['values', 'int', true] }] }, true],
};

const DOWNWARD_API_FILE: Schema = { 1: ['path', 'string'], 2: ['fieldRef', OBJECT_FIELD_SELECTOR], 3: ['resourceFieldRef', RESOURCE_FIELD_SELECTOR], 4: ['mode', 'int'] };

const VOLUME_SOURCE: Schema = {
  1: ['hostPath', { 1: ['path', 'string'], 2: ['type', 'string'] }],
  2: ['emptyDir', { 1: ['medium', 'string'], 2: ['sizeLimit', 'quantity'] }],
  4: ['awsElasticBlockStore', { 1: ['volumeID', 'string'], 2: ['fsType', 'string'], 3: ['partition', 'int'], 4: ['readOnly', 'bool'] }],
  6: ['secret', { 1: ['secretName', 'string'], 2: ['items', KEY_TO_PATH, true], 3: ['defaultMode', 'int'], 4: ['optional', 'bool'] }],
  7: ['nfs', { 1: ['server', 'string'], 2: ['path', 'string'], 3: ['readOnly', 'bool'] }],
  10: ['persistentVolumeClaim', { 1: ['claimName', 'string'], 2: ['readOnly', 'bool'] }],
  16: ['downwardAPI', { 1: ['items', DOWNWARD_API_FILE, true], 2: ['defaultMode', 'int'] }],
  19: ['configMap', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['items', KEY_TO_PATH, true], 3: ['defaultMode', 'int'], 4: ['optional', 'bool'] }],
  26: [
    'projected',
    {
      1: [
        'sources',
        {
          1: ['secret', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['items', KEY_TO_PATH, true], 4: ['optional', 'bool'] }],
          2: ['downwardAPI', { 1: ['items', DOWNWARD_API_FILE, true] }],
          3: ['configMap', { 1: ['localObjectReference', LOCAL_OBJECT_REFERENCE, 'inline'], 2: ['items', KEY_TO_PATH, true], 4: ['optional', 'bool'] }],
          4: ['serviceAccountToken', { 1: ['audience', 'string'], 2: ['expirationSeconds', 'int'], 3: ['path', 'string'] }],
          5: ['clusterTrustBundle', { 1: ['name', 'string'], 2: ['signerName', 'string'], 3: ['labelSelector', LABEL_SELECTOR], 4: ['path', 'string'], 5: ['optional', 'bool'] }],
        },
        true,
      ],
      2: ['defaultMode', 'int'],
    },
  ],
  28: ['csi', { 1: ['driver', 'string'], 2: ['readOnly', 'bool'], 3: ['fsType', 'string'], 4: ['volumeAttributes', { map: 'string' }], 5: ['nodePublishSecretRef', LOCAL_OBJECT_REFERENCE] }],
  29: [
    'ephemeral',
    {
      1: [
        'volumeClaimTemplate',
        {
          1: ['metadata', OBJECT_META],
          2: [
            'spec',
            {
              1: ['accessModes', 'string', true],
              2: ['resources', { 1: ['limits', RESOURCE_LIST], 2: ['requests', RESOURCE_LIST] }],
              3: ['volumeName', 'string'],
              4: ['selector', LABEL_SELECTOR],
              5: ['storageClassName', 'string'],
              6: ['volumeMode', 'string'],
              9: ['volumeAttributesClassName', 'string'],
            },
          ],
        },
      ],
    },
  ],
  30: ['image', { 1: ['reference', 'string'], 2: ['pullPolicy', 'string'] }],
};

const NODE_SELECTOR_TERM: Schema = {
  1: ['matchExpressions', { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', true] }, true],
  2: ['matchFields', { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', true] }, true],
};

const POD_AFFINITY_TERM: Schema = {
  1: ['labelSelector', LABEL_SELECTOR],
  2: ['namespaces', 'string', true],
  3: ['topologyKey', 'string'],
  4: ['namespaceSelector', LABEL_SELECTOR],
  5: ['matchLabelKeys', 'string', true],
  6: ['mismatchLabelKeys', 'string', true],
};

const POD_AFFINITY: Schema = {
  1: ['requiredDuringSchedulingIgnoredDuringExecution', POD_AFFINITY_TERM, true],
  2: ['preferredDuringSchedulingIgnoredDuringExecution', { 1: ['weight', 'int'], 2: ['podAffinityTerm', POD_AFFINITY_TERM] }, true],
};

const AFFINITY: Schema = {
  1: [
    'nodeAffinity',
    {
      1: ['requiredDuringSchedulingIgnoredDuringExecution', { 1: ['nodeSelectorTerms', NODE_SELECTOR_TERM, true] }],
      2: ['preferredDuringSchedulingIgnoredDuringExecution', { 1: ['weight', 'int'], 2: ['preference', NODE_SELECTOR_TERM] }, true],
    },
  ],
  2: ['podAffinity', POD_AFFINITY],
  3: ['podAntiAffinity', POD_AFFINITY],
};

const POD_SECURITY_CONTEXT: Schema = {
  1: ['seLinuxOptions', SE_LINUX_OPTIONS],
  2: ['runAsUser', 'int'],
  3: ['runAsNonRoot', 'bool'],
  4: ['supplementalGroups', 'int', true],
  5: ['fsGroup', 'int'],
  6: ['runAsGroup', 'int'],
  7: ['sysctls', { 1: ['name', 'string'], 2: ['value', 'string'] }, true],
  8: ['windowsOptions', SECURITY_CONTEXT[10][1]],
  9: ['fsGroupChangePolicy', 'string'],
  10: ['seccompProfile', SECCOMP_PROFILE],
  11: ['appArmorProfile', APP_ARMOR_PROFILE],
  12: ['supplementalGroupsPolicy', 'string'],
  13: ['seLinuxChangePolicy', 'string'],
};

export const POD_SPEC: Schema = {
  1: ['volumes', { 1: ['name', 'string'], 2: ['volumeSource', VOLUME_SOURCE, 'inline'] }, true],
  2: ['containers', CONTAINER, true],
  3: ['restartPolicy', 'string'],
  4: ['terminationGracePeriodSeconds', 'int'],
  5: ['activeDeadlineSeconds', 'int'],
  6: ['dnsPolicy', 'string'],
  7: ['nodeSelector', { map: 'string' }],
  8: ['serviceAccountName', 'string'],
  9: ['serviceAccount', 'string'],
  10: ['nodeName', 'string'],
  11: ['hostNetwork', 'bool'],
  12: ['hostPID', 'bool'],
  13: ['hostIPC', 'bool'],
  14: ['securityContext', POD_SECURITY_CONTEXT],
  15: ['imagePullSecrets', LOCAL_OBJECT_REFERENCE, true],
  16: ['hostname', 'string'],
  17: ['subdomain', 'string'],
  18: ['affinity', AFFINITY],
  19: ['schedulerName', 'string'],
  20: ['initContainers', CONTAINER, true],
  21: ['automountServiceAccountToken', 'bool'],
  22: ['tolerations', { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['value', 'string'], 4: ['effect', 'string'], 5: ['tolerationSeconds', 'int'] }, true],
  23: ['hostAliases', { 1: ['ip', 'string'], 2: ['hostnames', 'string', true] }, true],
  24: ['priorityClassName', 'string'],
  25: ['priority', 'int'],
  26: ['dnsConfig', { 1: ['nameservers', 'string', true], 2: ['searches', 'string', true], 3: ['options', { 1: ['name', 'string'], 2: ['value', 'string'] }, true] }],
  27: ['shareProcessNamespace', 'bool'],
  28: ['readinessGates', { 1: ['conditionType', 'string'] }, true],
  29: ['runtimeClassName', 'string'],
  30: ['enableServiceLinks', 'bool'],
  31: ['preemptionPolicy', 'string'],
  32: ['overhead', RESOURCE_LIST],
  33: [
    'topologySpreadConstraints',
    {
      1: ['maxSkew', 'int'],
      2: ['topologyKey', 'string'],
      3: ['whenUnsatisfiable', 'string'],
      4: ['labelSelector', LABEL_SELECTOR],
      5: ['minDomains', 'int'],
      6: ['nodeAffinityPolicy', 'string'],
      7: ['nodeTaintsPolicy', 'string'],
      8: ['matchLabelKeys', 'string', true],
    },
    true,
  ],
  34: ['ephemeralContainers', { 1: ['ephemeralContainerCommon', CONTAINER, 'inline'], 2: ['targetContainerName', 'string'] }, true],
  35: ['setHostnameAsFQDN', 'bool'],
  36: ['os', { 1: ['name', 'string'] }],
  37: ['hostUsers', 'bool'],
  38: ['schedulingGates', { 1: ['name', 'string'] }, true],
  39: ['resourceClaims', { 1: ['name', 'string'], 3: ['resourceClaimName', 'string'], 4: ['resourceClaimTemplateName', 'string'] }, true],
  40: ['resources', RESOURCE_REQUIREMENTS],
  41: ['hostnameOverride', 'string'],
};

const CONTAINER_STATE: Schema = {
  1: ['waiting', { 1: ['reason', 'string'], 2: ['message', 'string'] }],
  2: ['running', { 1: ['startedAt', 'time'] }],
  3: [
    'terminated',
    { 1: ['exitCode', 'int'], 2: ['signal', 'int'], 3: ['reason', 'string'], 4: ['message', 'string'], 5: ['startedAt', 'time'], 6: ['finishedAt', 'time'], 7: ['containerID', 'string'] },
  ],
};

const CONTAINER_STATUS: Schema = {
  1: ['name', 'string'],
  2: ['state', CONTAINER_STATE],
  3: ['lastState', CONTAINER_STATE],
  4: ['ready', 'bool'],
  5: ['restartCount', 'int'],
  6: ['image', 'string'],
  7: ['imageID', 'string'],
  8: ['containerID', 'string'],
  9: ['started', 'bool'],
  10: ['allocatedResources', RESOURCE_LIST],
  11: ['resources', RESOURCE_REQUIREMENTS],
  12: ['volumeMounts', { 1: ['name', 'string'], 2: ['mountPath', 'string'], 3: ['readOnly', 'bool'], 4: ['recursiveReadOnly', 'string'] }, true],
  13: ['user', { 1: ['linux', { 1: ['uid', 'int'], 2: ['gid', 'int'], 3: ['supplementalGroups', 'int', true] }] }],
  14: ['allocatedResourcesStatus', { 1: ['name', 'string'], 2: ['resources', { 1: ['resourceID', 'string'], 2: ['health', 'string'], 6: ['message', 'string'] }, true] }, true],
  15: ['stopSignal', 'string'],
};

const POD_STATUS: Schema = {
  1: ['phase', 'string'],
  2: [
    'conditions',
    {
      1: ['type', 'string'],
      2: ['status', 'string'],
      3: ['lastProbeTime', 'time'],
      4: ['lastTransitionTime', 'time'],
      5: ['reason', 'string'],
      6: ['message', 'string'],
      7: ['observedGeneration', 'int'],
    },
    true,
  ],
  3: ['message', 'string'],
  4: ['reason', 'string'],
  5: ['hostIP', 'string'],
  6: ['podIP', 'string'],
  7: ['startTime', 'time'],
  8: ['containerStatuses', CONTAINER_STATUS, true],
  9: ['qosClass', 'string'],
  10: ['initContainerStatuses', CONTAINER_STATUS, true],
  11: ['nominatedNodeName', 'string'],
  12: ['podIPs', { 1: ['ip', 'string'] }, true],
  13: ['ephemeralContainerStatuses', CONTAINER_STATUS, true],
  14: ['resize', 'string'],
  15: ['resourceClaimStatuses', { 1: ['name', 'string'], 2: ['resourceClaimName', 'string'] }, true],
  16: ['hostIPs', { 1: ['ip', 'string'] }, true],
  17: ['observedGeneration', 'int'],
  19: ['allocatedResources', RESOURCE_LIST],
  20: ['resources', RESOURCE_REQUIREMENTS],
};

/** core/v1 Pod: every field but the retired cloud volume sources and the alpha ones newer than v1.34. */
export const POD: Schema = { 1: ['metadata', OBJECT_META], 2: ['spec', POD_SPEC], 3: ['status', POD_STATUS] };

/** The part of a schema the paths name ("metadata.name"), numbered as the whole: what a reader needs of a message. */
export function pick(schema: Schema, paths: readonly string[]): Schema {
  const byHead = new Map<string, string[]>();
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    const tails = byHead.get(head) ?? [];
    if (rest.length > 0) tails.push(rest.join('.'));
    byHead.set(head, tails);
  }
  const out: Record<number, Field> = {};
  for (const [head, tails] of byHead) {
    const found = (Object.entries(schema) as [string, Field][]).find(([, field]) => field[0] === head);
    if (!found) throw new Error(`no field "${head}" in the schema`);
    const [number, [name, type, mode]] = found;
    out[Number(number)] = tails.length > 0 ? [name, pick(type as Schema, tails), mode] : found[1];
  }
  return out;
}

/** What a pods-table row reads of a pod (server/k8s/pods podRow, lib/k8s/pod-status podStatus). */
export const POD_ROW = pick(POD, [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.creationTimestamp',
  'metadata.deletionTimestamp',
  'metadata.labels',
  'metadata.ownerReferences.kind',
  'metadata.ownerReferences.name',
  'metadata.ownerReferences.controller',
  'spec.nodeName',
  'spec.containers.name',
  'spec.initContainers.name',
  'spec.initContainers.restartPolicy',
  'status.phase',
  'status.reason',
  'status.podIP',
  'status.conditions.type',
  'status.conditions.status',
  'status.conditions.reason',
  ...['containerStatuses', 'initContainerStatuses'].flatMap((list) =>
    ['name', 'ready', 'started', 'restartCount', 'state', 'lastState.terminated.finishedAt'].map((field) => `status.${list}.${field}`),
  ),
]);

/** A PodList read as far as its metadata, its pods found but not yet read. */
export interface PodListSpans {
  metadata: Record<string, unknown>;
  /** Where each pod's message lies. */
  spans: number[][];
  /** Each pod as far as the schema reads it. */
  pods(): Record<string, unknown>[];
}

/** A PodList in its envelope: its metadata at once, so that the next page can be asked for before the pods are read. */
export function podListSpans(body: Uint8Array, pod: Schema = POD): PodListSpans {
  const { kind, start, end } = unwrapUnknown(body);
  if (kind !== 'PodList') throw new ProtobufError(`expected a PodList, got ${kind || 'no kind'}`);
  const r = new Reader(body, start, end);
  let metadata: Record<string, unknown> = {};
  const spans: number[][] = [];
  while (!r.done) {
    const tag = r.varint();
    const fieldEnd = tag === 0x0a || tag === 0x12 ? r.enter() : -1;
    if (tag === 0x0a) metadata = decodeMessage(body, LIST_META, {}, r.pos, fieldEnd);
    else if (tag === 0x12) spans.push([r.pos, fieldEnd]);
    else r.skip(tag & 7);
    if (fieldEnd >= 0) r.pos = fieldEnd;
  }
  return { metadata, spans, pods: () => spans.map(([s, e]) => decodeMessage(body, pod, {}, s, e)) };
}

/** A PodList in its envelope: the list's metadata and each pod as far as the schema reads it. */
export function decodePodList(body: Uint8Array, pod: Schema = POD): { metadata: Record<string, unknown>; items: Record<string, unknown>[] } {
  const list = podListSpans(body, pod);
  return { metadata: list.metadata, items: list.pods() };
}
