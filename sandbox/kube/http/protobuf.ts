/**
 * Request bodies in application/vnd.kubernetes.protobuf, for the kinds
 * kubectl's typed clients send that way (auth can-i, auth whoami, drain's
 * evictions, create namespace/configmap/secret/serviceaccount/role/
 * rolebinding/clusterrole/clusterrolebinding/deployment/job/cronjob/service/pdb, autoscale): the "k8s\0" envelope (runtime.Unknown) around the kind's
 * message, decoded by field number as k8s.io/api's generated.proto numbers them.
 */
import { StatusError, statusErrors } from '../status';

type Field = [name: string, type: FieldType, repeated?: true];
type FieldType = 'string' | 'bytes' | 'int' | 'bool' | 'stringMap' | 'bytesMap' | 'quantity' | 'intOrString' | Schema | { mapOf: Schema };
interface Schema {
  [field: number]: Field;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const OBJECT_META: Schema = {
  1: ['name', 'string'],
  2: ['generateName', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  11: ['labels', 'stringMap'],
  12: ['annotations', 'stringMap'],
  13: ['ownerReferences', { 5: ['apiVersion', 'string'], 1: ['kind', 'string'], 3: ['name', 'string'], 4: ['uid', 'string'], 6: ['controller', 'bool'], 7: ['blockOwnerDeletion', 'bool'] }, true],
  14: ['finalizers', 'string', true],
};
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
const EXTRA_VALUE: Schema = { 1: ['items', 'string', true] };
const SUBJECT_ACCESS_REVIEW_SPEC: Schema = {
  1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
  2: ['nonResourceAttributes', NON_RESOURCE_ATTRIBUTES],
  3: ['user', 'string'],
  4: ['groups', 'string', true],
  5: ['extra', { mapOf: EXTRA_VALUE }],
  6: ['uid', 'string'],
};
const DELETE_OPTIONS: Schema = {
  1: ['gracePeriodSeconds', 'int'],
  2: ['preconditions', { 1: ['uid', 'string'], 2: ['resourceVersion', 'string'] }],
  3: ['orphanDependents', 'bool'],
  4: ['propagationPolicy', 'string'],
  5: ['dryRun', 'string', true],
};

const LABEL_SELECTOR: Schema = {
  1: ['matchLabels', 'stringMap'],
  2: ['matchExpressions', { 1: ['key', 'string'], 2: ['operator', 'string'], 3: ['values', 'string', true] }, true],
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
const RESOURCE_LIST = 'quantity' as const;
/** The container fields `kubectl create deployment` sets. */
const CONTAINER: Schema = {
  1: ['name', 'string'],
  2: ['image', 'string'],
  3: ['command', 'string', true],
  4: ['args', 'string', true],
  5: ['workingDir', 'string'],
  6: ['ports', { 1: ['name', 'string'], 2: ['hostPort', 'int'], 3: ['containerPort', 'int'], 4: ['protocol', 'string'], 5: ['hostIP', 'string'] }, true],
  7: ['env', { 1: ['name', 'string'], 2: ['value', 'string'] }, true],
  8: ['resources', { 1: ['limits', RESOURCE_LIST], 2: ['requests', RESOURCE_LIST] }],
  13: ['terminationMessagePath', 'string'],
  14: ['imagePullPolicy', 'string'],
  20: ['terminationMessagePolicy', 'string'],
};
const POD_TEMPLATE: Schema = {
  1: ['metadata', OBJECT_META],
  2: [
    'spec',
    {
      2: ['containers', CONTAINER, true],
      3: ['restartPolicy', 'string'],
      4: ['terminationGracePeriodSeconds', 'int'],
      6: ['dnsPolicy', 'string'],
      8: ['serviceAccountName', 'string'],
      19: ['schedulerName', 'string'],
    },
  ],
};

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
        2: ['selector', 'stringMap'],
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
  ConfigMap: { 1: ['metadata', OBJECT_META], 2: ['data', 'stringMap'], 3: ['binaryData', 'bytesMap'], 4: ['immutable', 'bool'] },
  Secret: { 1: ['metadata', OBJECT_META], 2: ['data', 'bytesMap'], 3: ['type', 'string'], 4: ['stringData', 'stringMap'], 5: ['immutable', 'bool'] },
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

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const len = Number(this.varint());
    if (this.pos + len > this.buf.length) throw new Error('truncated bytes');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  /** Skips a field; false when it carried a value (not zero, not an empty string or message). */
  skipEmpty(wireType: number): boolean {
    if (wireType === 0) return this.varint() === 0n;
    if (wireType === 2) return isEmptyMessage(this.bytes());
    this.skip(wireType);
    return false;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

class UnsupportedField extends Error {
  constructor(readonly fieldNo: number) {
    super(`field ${fieldNo}`);
  }
}

function isEmptyMessage(buf: Buffer): boolean {
  if (buf.length === 0) return true;
  try {
    const r = new Reader(buf);
    while (!r.done) {
      const tag = Number(r.varint());
      if (tag >>> 3 === 0 || !r.skipEmpty(tag & 7)) return false;
    }
    return true;
  } catch {
    return false;
  }
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const r = new Reader(buf);
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const tag = Number(r.varint());
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    const field = schema[fieldNo];
    if (!field) {
      // Go writes zero-valued non-pointer fields too; anything with content the schema lacks would be lost.
      if (!r.skipEmpty(wireType)) throw new UnsupportedField(fieldNo);
      continue;
    }
    const [name, type, repeated] = field;
    let value: unknown;
    if (type === 'int') value = Number(BigInt.asIntN(64, r.varint()));
    else if (type === 'bool') value = r.varint() !== 0n;
    else if (type === 'string') {
      value = r.bytes().toString('utf8');
      // Go writes every non-pointer string, empty or not; JSON would have omitted the empty ones.
      if (value === '' && !repeated) continue;
    } else if (type === 'bytes') value = r.bytes();
    else if (type === 'intOrString') {
      const v = decodeMessage(r.bytes(), { 1: ['type', 'int'], 2: ['intVal', 'int'], 3: ['strVal', 'string'] });
      value = v.type === 1 ? (v.strVal ?? '') : (v.intVal ?? 0);
    } else if (type === 'stringMap' || type === 'bytesMap' || type === 'quantity' || 'mapOf' in type) {
      const valueType: FieldType = type === 'stringMap' ? 'string' : type === 'bytesMap' ? 'bytes' : type === 'quantity' ? { 1: ['string', 'string'] } : type.mapOf;
      const entry = decodeMessage(r.bytes(), { 1: ['key', 'string'], 2: ['value', valueType] });
      const map = (out[name] ??= {}) as Record<string, unknown>;
      let v: unknown;
      if (type === 'stringMap') v = entry.value ?? '';
      else if (type === 'bytesMap') v = ((entry.value as Buffer | undefined) ?? Buffer.alloc(0)).toString('base64');
      else if (type === 'quantity') v = (entry.value as { string?: string } | undefined)?.string ?? '0';
      else v = (entry.value as { items?: string[] } | undefined)?.items ?? [];
      map[String(entry.key ?? '')] = v;
      continue;
    } else value = decodeMessage(r.bytes(), type);
    if (repeated) ((out[name] ??= []) as unknown[]).push(value);
    else out[name] = value;
  }
  return out;
}

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
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) {
    throw statusErrors.badRequest('provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  }
  try {
    const unknown = decodeMessage(body.subarray(4), { 1: ['typeMeta', { 1: ['apiVersion', 'string'], 2: ['kind', 'string'] }], 2: ['raw', 'bytes'] });
    const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const schema = typeMeta.kind ? (KINDS[`${typeMeta.apiVersion}/${typeMeta.kind}`] ?? KINDS[typeMeta.kind]) : undefined;
    if (!schema) throw unsupportedMediaType();
    return { apiVersion: typeMeta.apiVersion, kind: typeMeta.kind, ...decodeMessage((unknown.raw as Buffer | undefined) ?? Buffer.alloc(0), schema) };
  } catch (err) {
    if (err instanceof Error && 'status' in err) throw err;
    if (err instanceof UnsupportedField) throw unsupportedMediaType();
    throw statusErrors.badRequest(`unable to decode protobuf body: ${(err as Error).message}`);
  }
}
