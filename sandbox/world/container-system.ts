/**
 * What a shell sees inside a running container: the image's files, users
 * and programs, the environment the kubelet gave the container (its env and
 * envFrom resolved, the service links, the image's own ENV), the pod's
 * hostname and the container's processes.
 */
import type { KubeObject, Store } from '../kube/store';
import { ECR, EKS_ECR, normalizeImage } from './images';
import type { ContainerProcess, ContainerSystem, ContainerUser } from './shell';

interface ImageTraits {
  sh: 'dash' | 'ash';
  /** false for images with no shell at all (distroless, scratch). */
  shells: ('sh' | 'bash')[];
  commands: string[];
  user: ContainerUser;
  workdir: string;
  env: [string, string][];
  files: Record<string, string>;
  /** PID 1's command line, when the pod spec does not set one. */
  entrypoint: string;
  http?: (path: string) => { status: number; body: string } | undefined;
}

const ROOT: ContainerUser = { name: 'root', uid: 0, gid: 0, home: '/root' };
const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const COREUTILS = ['ls', 'cat', 'env', 'printenv', 'hostname', 'whoami', 'id', 'uname', 'date', 'grep', 'head', 'tail', 'wc', 'sort', 'sleep', 'echo', 'pwd'];
const BUSYBOX = [...COREUTILS, 'ps', 'wget'];

function osRelease(pretty: string, id: string, version: string): string {
  return `PRETTY_NAME="${pretty}"\nNAME="${pretty.split(' ')[0]}"\nVERSION_ID="${version}"\nID=${id}\n`;
}

const DEBIAN_12 = osRelease('Debian GNU/Linux 12 (bookworm)', 'debian', '12');
const UBUNTU_2204 = osRelease('Ubuntu 22.04.5 LTS', 'ubuntu', '22.04');

function debian(overrides: Partial<ImageTraits> & Pick<ImageTraits, 'entrypoint'>, release = DEBIAN_12): ImageTraits {
  return {
    sh: 'dash',
    shells: ['sh', 'bash'],
    commands: [...COREUTILS],
    user: ROOT,
    workdir: '/',
    env: [['PATH', DEBIAN_PATH]],
    ...overrides,
    files: { '/etc/os-release': release, '/etc/hostname': '', ...overrides.files },
  };
}

function backendAppHttp(version: string) {
  return (path: string) => {
    if (path === '/') return { status: 200, body: JSON.stringify({ name: 'backend-app', version, endpoints: ['/health', '/api/version', '/api/orders'] }) };
    if (path === '/health' || path === '/actuator/health') return { status: 200, body: '{"status":"UP","groups":["liveness","readiness"]}' };
    if (path === '/api/version') return { status: 200, body: JSON.stringify({ name: 'backend-app', version }) };
    if (path === '/api/orders' || path.startsWith('/api/orders?')) return { status: 200, body: '[{"id":1042,"status":"SHIPPED"},{"id":1043,"status":"PENDING"}]' };
    return undefined;
  };
}

function backendApp(version: string): ImageTraits {
  return debian(
    {
      commands: [...COREUTILS, 'ps', 'curl', 'java'],
      user: { name: 'spring', uid: 1000, gid: 1000, home: '/home/spring' },
      workdir: '/app',
      env: [
        ['PATH', `/opt/java/openjdk/bin:${DEBIAN_PATH}`],
        ['JAVA_HOME', '/opt/java/openjdk'],
        ['JAVA_VERSION', 'jdk-21.0.5+11'],
        ['LANG', 'en_US.UTF-8'],
      ],
      files: {
        '/app/app.jar': `PK\u0003\u0004 backend-app-${version}.jar\n`,
        '/app/config/application.yml': 'server:\n  port: 8080\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: health\n',
        '/home/spring/.bashrc': '',
      },
      entrypoint: 'java -XX:MaxRAMPercentage=75.0 -jar /app/app.jar',
      http: backendAppHttp(version),
    },
    UBUNTU_2204,
  );
}

const TRAITS: Record<string, ImageTraits> = {
  'docker.io/library/nginx': debian({
    commands: [...COREUTILS, 'curl', 'nginx'],
    env: [
      ['PATH', DEBIAN_PATH],
      ['NGINX_VERSION', '1.27.3'],
    ],
    files: { '/etc/nginx/nginx.conf': 'user  nginx;\nworker_processes  auto;\n', '/usr/share/nginx/html/index.html': '<!DOCTYPE html>\n<title>Welcome to nginx!</title>\n' },
    entrypoint: 'nginx: master process nginx -g daemon off;',
    http: (path) => (path === '/' || path === '/index.html' ? { status: 200, body: '<!DOCTYPE html>\n<title>Welcome to nginx!</title>\n' } : undefined),
  }),
  'docker.io/library/busybox': {
    sh: 'ash',
    shells: ['sh'],
    commands: BUSYBOX,
    user: ROOT,
    workdir: '/',
    env: [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']],
    files: { '/etc/hostname': '', '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n' },
    entrypoint: 'sh',
  },
  'docker.io/gihyodocker/alpine': {
    sh: 'ash',
    shells: ['sh', 'bash'],
    commands: BUSYBOX,
    user: ROOT,
    workdir: '/',
    env: [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']],
    files: { '/etc/os-release': osRelease('Alpine Linux v3.20', 'alpine', '3.20.3'), '/etc/hostname': '' },
    entrypoint: 'bash',
  },
  'docker.io/library/postgres': debian({
    commands: [...COREUTILS, 'psql', 'postgres'],
    env: [
      ['PATH', `/usr/lib/postgresql/16/bin:${DEBIAN_PATH}`],
      ['PG_MAJOR', '16'],
      ['PGDATA', '/var/lib/postgresql/data'],
    ],
    files: { '/var/lib/postgresql/data/PG_VERSION': '16\n' },
    entrypoint: 'postgres',
  }),
  [`${ECR}/backend-app:1.4.2`]: backendApp('1.4.2'),
  [`${ECR}/backend-app:1.5.0`]: backendApp('1.5.0'),
  [`${ECR}/report-generator`]: debian({
    commands: [...COREUTILS, 'ps', 'java'],
    workdir: '/app',
    entrypoint: 'java -jar /app/report-generator.jar',
    files: { '/app/report-generator.jar': 'PK\u0003\u0004 report-generator-2.0.jar\n' },
  }),
  'docker.io/fluent/fluentd-kubernetes-daemonset': debian({
    commands: [...COREUTILS, 'ruby', 'fluentd'],
    env: [
      ['PATH', `/fluentd/vendor/bundle/ruby/3.2.0/bin:${DEBIAN_PATH}`],
      ['FLUENTD_CONF', 'fluent.conf'],
    ],
    workdir: '/home/fluent',
    files: { '/fluentd/etc/fluent.conf': '@include containers.conf\n@include systemd.conf\n' },
    entrypoint: 'ruby /fluentd/vendor/bundle/ruby/3.2.0/bin/fluentd -c /fluentd/etc/fluent.conf -p /fluentd/plugins',
  }),
};

/** Images built FROM scratch or distroless: a single binary and no shell. */
const NO_SHELL: Record<string, string> = {
  'public.ecr.aws/cloudwatch-agent/cloudwatch-agent': '/opt/aws/amazon-cloudwatch-agent/bin/start-amazon-cloudwatch-agent',
  [`${EKS_ECR}/amazon-k8s-cni`]: '/app/aws-vpc-cni',
  [`${EKS_ECR}/eks/kube-proxy`]: 'kube-proxy',
  [`${EKS_ECR}/eks/coredns`]: '/coredns -conf /etc/coredns/Corefile',
  'registry.k8s.io/metrics-server/metrics-server': '/metrics-server',
};

function traitsOf(image: string): ImageTraits | undefined {
  const ref = normalizeImage(image);
  const repo = ref.slice(0, ref.lastIndexOf(':'));
  if (TRAITS[ref]) return TRAITS[ref];
  if (TRAITS[repo]) return TRAITS[repo];
  if (NO_SHELL[repo]) return { sh: 'dash', shells: [], commands: [], user: ROOT, workdir: '/', env: [['PATH', DEBIAN_PATH]], files: {}, entrypoint: NO_SHELL[repo] };
  return undefined;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}
interface EnvFrom {
  prefix?: string;
  configMapRef?: { name: string };
  secretRef?: { name: string };
}
interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  workingDir?: string;
}

function decoded(value: string | undefined, base64: boolean): string | undefined {
  if (value === undefined) return undefined;
  return base64 ? Buffer.from(value, 'base64').toString('utf8') : value;
}

function fieldValue(pod: KubeObject, path: string): string {
  const values: Record<string, string | undefined> = {
    'metadata.name': pod.metadata.name,
    'metadata.namespace': pod.metadata.namespace,
    'metadata.uid': pod.metadata.uid,
    'spec.nodeName': pod.spec?.nodeName as string | undefined,
    'spec.serviceAccountName': pod.spec?.serviceAccountName as string | undefined,
    'status.podIP': pod.status?.podIP as string | undefined,
    'status.hostIP': pod.status?.hostIP as string | undefined,
  };
  return values[path] ?? '';
}

/** Service links, as the kubelet writes them for each service in the pod's namespace (and the master service). */
function serviceEnv(store: Store, namespace: string): [string, string][] {
  const out: [string, string][] = [];
  const services = [...store.list('services', namespace).filter((s) => s.metadata.name !== 'kubernetes'), ...[store.get('services', 'default', 'kubernetes')].filter((s) => s !== undefined)];
  for (const service of services) {
    const ip = service.spec?.clusterIP as string | undefined;
    const ports = (service.spec?.ports ?? []) as { name?: string; port: number; protocol?: string }[];
    if (!ip || ip === 'None' || ports.length === 0) continue;
    const prefix = service.metadata.name.toUpperCase().replace(/-/g, '_');
    out.push([`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0].port)]);
    for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
    const proto = (ports[0].protocol ?? 'TCP').toLowerCase();
    out.push([`${prefix}_PORT`, `${proto}://${ip}:${ports[0].port}`]);
    for (const p of ports) {
      const key = `${prefix}_PORT_${p.port}_${(p.protocol ?? 'TCP').toUpperCase()}`;
      out.push([key, `${(p.protocol ?? 'TCP').toLowerCase()}://${ip}:${p.port}`], [`${key}_PROTO`, (p.protocol ?? 'TCP').toLowerCase()], [`${key}_PORT`, String(p.port)], [`${key}_ADDR`, ip]);
    }
  }
  return out;
}

function containerEnv(store: Store, pod: KubeObject, container: ContainerSpec, traits: ImageTraits): [string, string][] {
  const namespace = pod.metadata.namespace ?? 'default';
  const env = new Map<string, string>();
  const set = (name: string, value: string) => {
    env.delete(name);
    env.set(name, value);
  };
  set('PATH', traits.env.find(([k]) => k === 'PATH')?.[1] ?? DEBIAN_PATH);
  set('HOSTNAME', (pod.spec?.hostname as string | undefined) ?? pod.metadata.name);
  for (const from of container.envFrom ?? []) {
    const source = from.configMapRef ? store.get('configmaps', namespace, from.configMapRef.name) : from.secretRef ? store.get('secrets', namespace, from.secretRef.name) : undefined;
    const data = (source?.data ?? {}) as Record<string, string>;
    for (const [key, value] of Object.entries(data)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(`${from.prefix ?? ''}${key}`)) continue;
      set(`${from.prefix ?? ''}${key}`, decoded(value, Boolean(from.secretRef)) ?? '');
    }
  }
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom;
    let value = variable.value ?? '';
    if (ref?.secretKeyRef) value = decoded((store.get('secrets', namespace, ref.secretKeyRef.name)?.data as Record<string, string> | undefined)?.[ref.secretKeyRef.key], true) ?? '';
    else if (ref?.configMapKeyRef) value = (store.get('configmaps', namespace, ref.configMapKeyRef.name)?.data as Record<string, string> | undefined)?.[ref.configMapKeyRef.key] ?? '';
    else if (ref?.fieldRef) value = fieldValue(pod, ref.fieldRef.fieldPath);
    set(variable.name, value);
  }
  if (pod.spec?.enableServiceLinks !== false) for (const [k, v] of serviceEnv(store, namespace)) if (!env.has(k)) set(k, v);
  for (const [k, v] of traits.env) if (!env.has(k)) set(k, v);
  set('HOME', traits.user.home);
  return [...env];
}

export interface ContainerTarget {
  pod: KubeObject;
  container: string;
}

/** The container's system, or undefined when the image is not one the sandbox knows the insides of. */
export function containerSystem(store: Store, { pod, container: name }: ContainerTarget): ContainerSystem | undefined {
  const spec = ((pod.spec?.containers ?? []) as ContainerSpec[]).find((c) => c.name === name) ?? ((pod.spec?.initContainers ?? []) as ContainerSpec[]).find((c) => c.name === name);
  if (!spec) return undefined;
  const traits = traitsOf(spec.image);
  if (!traits) return undefined;
  const hostname = (pod.spec?.hostname as string | undefined) ?? pod.metadata.name;
  const podIP = (pod.status?.podIP as string | undefined) ?? '';
  const pid1 = [...(spec.command ?? []), ...(spec.args ?? [])].join(' ') || traits.entrypoint;
  const processes: ContainerProcess[] = [{ pid: 1, user: traits.user.name, command: pid1 }];
  const files = new Map(Object.entries(traits.files));
  files.set('/etc/hostname', `${hostname}\n`);
  files.set('/etc/hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n${podIP}\t${hostname}\n`);
  files.set('/etc/resolv.conf', `search ${pod.metadata.namespace}.svc.cluster.local svc.cluster.local cluster.local ap-northeast-2.compute.internal\nnameserver 10.100.0.10\noptions ndots:5\n`);
  files.set('/var/run/secrets/kubernetes.io/serviceaccount/namespace', pod.metadata.namespace ?? 'default');
  const commands = new Set([...traits.commands, ...traits.shells, ...(traits.shells.length > 0 ? ['ash'].filter(() => traits.sh === 'ash') : [])]);
  return {
    hostname,
    env: containerEnv(store, pod, spec, traits),
    files,
    processes,
    commands,
    sh: traits.sh,
    user: traits.user,
    workdir: spec.workingDir ?? traits.workdir,
    kernel: `Linux ${hostname} 6.1.115-126.197.amzn2023.x86_64 #1 SMP PREEMPT_DYNAMIC Tue Nov  5 19:36:07 UTC 2024 x86_64 GNU/Linux`,
    http: traits.http,
  };
}
