/**
 * Unknown-field detection for fieldValidation (Strict answers 400, Warn
 * sends a Warning header), as the API server's strict decoder does. Only the
 * shapes listed here are checked; anything deeper or unlisted is accepted.
 */

/** A known object shape: each field is a nested shape, a list of a shape, or `true` (not checked further). */
interface Shape {
  [field: string]: Shape | [Shape] | true;
}

const ANY = true as const;

function fields(names: string[], nested: Shape = {}): Shape {
  return { ...Object.fromEntries(names.map((n) => [n, ANY])), ...nested };
}

const OBJECT_META = fields([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const HTTP_GET = fields(['path', 'port', 'host', 'scheme', 'httpHeaders']);

const PROBE = fields(['exec', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds'], {
  httpGet: HTTP_GET,
});

const LIFECYCLE_HANDLER = fields(['exec', 'tcpSocket'], { httpGet: HTTP_GET, sleep: fields(['seconds']) });

const SECCOMP_PROFILE = fields(['type', 'localhostProfile']);

const CONTAINER_SECURITY_CONTEXT = fields(
  ['privileged', 'seLinuxOptions', 'windowsOptions', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'procMount', 'appArmorProfile'],
  { capabilities: fields(['add', 'drop']), seccompProfile: SECCOMP_PROFILE },
);

const CONTAINER = fields(
  [
    'name',
    'image',
    'command',
    'args',
    'workingDir',
    'resizePolicy',
    'restartPolicy',
    'volumeDevices',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'imagePullPolicy',
    'stdin',
    'stdinOnce',
    'tty',
  ],
  {
    ports: [fields(['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'])],
    envFrom: [fields(['prefix', 'configMapRef', 'secretRef'])],
    env: [fields(['name', 'value'], { valueFrom: fields(['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef']) })],
    resources: fields(['limits', 'requests', 'claims']),
    volumeMounts: [fields(['name', 'readOnly', 'recursiveReadOnly', 'mountPath', 'subPath', 'mountPropagation', 'subPathExpr'])],
    livenessProbe: PROBE,
    readinessProbe: PROBE,
    startupProbe: PROBE,
    lifecycle: { postStart: LIFECYCLE_HANDLER, preStop: LIFECYCLE_HANDLER },
    securityContext: CONTAINER_SECURITY_CONTEXT,
  },
);

const POD_SECURITY_CONTEXT = fields(
  [
    'seLinuxOptions',
    'windowsOptions',
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'supplementalGroups',
    'supplementalGroupsPolicy',
    'fsGroup',
    'sysctls',
    'fsGroupChangePolicy',
    'appArmorProfile',
    'seLinuxChangePolicy',
  ],
  { seccompProfile: SECCOMP_PROFILE },
);

const TOPOLOGY_SPREAD_CONSTRAINT = fields(['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys']);

const POD_SPEC = fields(
  [
    'volumes',
    'ephemeralContainers',
    'restartPolicy',
    'terminationGracePeriodSeconds',
    'activeDeadlineSeconds',
    'dnsPolicy',
    'nodeSelector',
    'serviceAccountName',
    'serviceAccount',
    'automountServiceAccountToken',
    'nodeName',
    'hostNetwork',
    'hostPID',
    'hostIPC',
    'shareProcessNamespace',
    'imagePullSecrets',
    'hostname',
    'subdomain',
    'affinity',
    'schedulerName',
    'tolerations',
    'hostAliases',
    'priorityClassName',
    'priority',
    'dnsConfig',
    'readinessGates',
    'runtimeClassName',
    'enableServiceLinks',
    'preemptionPolicy',
    'overhead',
    'setHostnameAsFQDN',
    'os',
    'hostUsers',
    'schedulingGates',
    'resourceClaims',
    'resources',
  ],
  { containers: [CONTAINER], initContainers: [CONTAINER], securityContext: POD_SECURITY_CONTEXT, topologySpreadConstraints: [TOPOLOGY_SPREAD_CONSTRAINT] },
);

const POD_TEMPLATE: Shape = { metadata: OBJECT_META, spec: POD_SPEC };

const JOB_SPEC = fields(
  [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'podFailurePolicy',
    'successPolicy',
    'backoffLimit',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
    'selector',
    'manualSelector',
    'ttlSecondsAfterFinished',
    'completionMode',
    'suspend',
    'podReplacementPolicy',
    'managedBy',
  ],
  { template: POD_TEMPLATE },
);

const NETWORK_POLICY_PORT = fields(['protocol', 'port', 'endPort']);

const top = (names: string[], nested: Shape = {}): Shape => fields(['apiVersion', 'kind', ...names], { metadata: OBJECT_META, ...nested });

const SHAPES: Record<string, Shape> = {
  Pod: top(['status'], { spec: POD_SPEC }),
  Deployment: top(['status'], {
    spec: fields(['replicas', 'selector', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'], {
      template: POD_TEMPLATE,
      strategy: fields(['type'], { rollingUpdate: fields(['maxUnavailable', 'maxSurge']) }),
    }),
  }),
  ReplicaSet: top(['status'], { spec: fields(['replicas', 'minReadySeconds', 'selector'], { template: POD_TEMPLATE }) }),
  StatefulSet: top(['status'], {
    spec: fields(
      [
        'replicas',
        'selector',
        'volumeClaimTemplates',
        'serviceName',
        'podManagementPolicy',
        'updateStrategy',
        'revisionHistoryLimit',
        'minReadySeconds',
        'persistentVolumeClaimRetentionPolicy',
        'ordinals',
      ],
      { template: POD_TEMPLATE },
    ),
  }),
  DaemonSet: top(['status'], { spec: fields(['selector', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'], { template: POD_TEMPLATE }) }),
  Job: top(['status'], { spec: JOB_SPEC }),
  CronJob: top(['status'], {
    spec: fields(['schedule', 'timeZone', 'startingDeadlineSeconds', 'concurrencyPolicy', 'suspend', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'], {
      jobTemplate: { metadata: OBJECT_META, spec: JOB_SPEC },
    }),
  }),
  Service: top(['status'], {
    spec: fields([
      'ports',
      'selector',
      'clusterIP',
      'clusterIPs',
      'type',
      'externalIPs',
      'sessionAffinity',
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'publishNotReadyAddresses',
      'sessionAffinityConfig',
      'ipFamilies',
      'ipFamilyPolicy',
      'allocateLoadBalancerNodePorts',
      'loadBalancerClass',
      'internalTrafficPolicy',
      'trafficDistribution',
    ]),
  }),
  PodDisruptionBudget: top(['status'], { spec: fields(['minAvailable', 'selector', 'maxUnavailable', 'unhealthyPodEvictionPolicy']) }),
  Ingress: top(['status'], {
    spec: fields(['ingressClassName', 'defaultBackend', 'tls'], {
      rules: [fields(['host'], { http: { paths: [fields(['path', 'pathType'], { backend: fields(['resource'], { service: fields(['name', 'port']) }) })] } })],
    }),
  }),
  NetworkPolicy: top([], {
    spec: fields(['podSelector', 'policyTypes'], {
      ingress: [fields(['from'], { ports: [NETWORK_POLICY_PORT] })],
      egress: [fields(['to'], { ports: [NETWORK_POLICY_PORT] })],
    }),
  }),
  ConfigMap: top(['data', 'binaryData', 'immutable']),
  Secret: top(['data', 'stringData', 'type', 'immutable']),
  ServiceAccount: top(['secrets', 'imagePullSecrets', 'automountServiceAccountToken']),
  Namespace: top(['spec', 'status']),
  Role: top(['rules']),
  ClusterRole: top(['rules', 'aggregationRule']),
  RoleBinding: top(['subjects', 'roleRef']),
  ClusterRoleBinding: top(['subjects', 'roleRef']),
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(value: unknown, shape: Shape, path: string, out: string[], drop: boolean): void {
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const known = shape[key];
    const at = path ? `${path}.${key}` : key;
    if (known === undefined) {
      out.push(at);
      if (drop) delete value[key];
    } else if (Array.isArray(known)) {
      if (Array.isArray(child)) child.forEach((item, i) => walk(item, known[0], `${at}[${i}]`, out, drop));
    } else if (known !== true) walk(child, known, at, out, drop);
  }
}

/**
 * The dotted paths of fields `obj` has that its kind does not (empty for
 * kinds not listed). With `drop`, they are also removed, as decoding into
 * the typed object does.
 */
export function unknownFields(kind: string, obj: unknown, options: { drop?: boolean } = {}): string[] {
  const shape = SHAPES[kind];
  if (!shape) return [];
  const out: string[] = [];
  walk(obj, shape, '', out, options.drop ?? false);
  return out;
}

/** Go's %+v of a decoded JSON value: map[a:1 b:[x y]] with sorted keys. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (isObject(value))
    return `map[${Object.keys(value)
      .sort()
      .map((k) => `${k}:${goValue(value[k])}`)
      .join(' ')}]`;
  return String(value);
}
