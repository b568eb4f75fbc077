/**
 * The image catalog: which images exist in the simulated registries, how big
 * they are, how long they take to pull, and how the process inside behaves
 * (what it prints, when it is ready, whether it exits, how it uses memory).
 * Any other image fails to pull with the registry's "not found".
 */
import { createHash } from 'node:crypto';
import { parseScript } from './shell';
import {
  addonStartup,
  cloudwatchAgentActivity,
  cloudwatchAgentStartup,
  fluentdActivity,
  fluentdStartup,
  nginxAccess,
  nginxShutdown,
  nginxStartup,
  postgresActivity,
  postgresShutdown,
  postgresStartup,
  reportGeneratorProgress,
  springShutdown,
  springStartup,
  springStartupFailure,
  springTraffic,
  type Line,
  type LogContext,
} from './app-logs';

export type { Line, LogContext } from './app-logs';

export interface TimedLine {
  /** Offset from the container's start. */
  atMs: number;
  line: (ctx: LogContext) => Line;
}

export interface ContainerProgram {
  startup: TimedLine[];
  /** When the process starts accepting connections; probes fail before. */
  readyAfterMs: number;
  /** Output while running: a burst about every `everyMs` (jittered unless `exact`). */
  activity?: { everyMs: number; exact?: boolean; startMs?: number; burst: (ctx: LogContext, n: number) => Line[] };
  /** The process ends by itself. */
  exit?: { afterMs: number; code: number; lines?: (ctx: LogContext) => Line[] };
  /** Working set: at start, growing per second (up to `maxBytes`). */
  memory: { baseBytes: number; growthPerSecond?: number; maxBytes?: number };
  /** CPU used when nobody sends it work. */
  idleMillicores: number;
  /** On SIGTERM: how long until it exits, with which code and what it prints. */
  shutdown: { ms: number; exitCode: number; lines?: (ctx: LogContext) => Line[] };
  /** The runtime cannot start the process (runc's error), e.g. a command the image does not have. */
  startError?: string;
}

export interface ContainerCommand {
  command?: string[];
  args?: string[];
  /** The container keeps its standard input open (`stdin: true`, `kubectl run -i`): a shell reading it waits for input. */
  stdin?: boolean;
}

export interface ImageInfo {
  /** Fully qualified reference, e.g. docker.io/library/nginx:1.27. */
  reference: string;
  /** Repository digest reference as containerd reports it in imageID. */
  imageID: string;
  sizeBytes: number;
  pullMs: number;
  program: (container: ContainerCommand) => ContainerProgram;
}

const MiB = 1024 * 1024;
export const ECR = '566620743708.dkr.ecr.ap-northeast-2.amazonaws.com';
export const EKS_ECR = '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com';

/** docker.io short names expanded as containerd does ("nginx:1.27" -> "docker.io/library/nginx:1.27"). */
export function normalizeImage(image: string): string {
  let ref = image;
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  if (slash < 0) ref = `docker.io/library/${ref}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.includes('@') && !ref.slice(lastSlash).includes(':')) ref += ':latest';
  return ref;
}

function server(options: {
  startup: TimedLine[];
  readyAfterMs: number;
  activity?: ContainerProgram['activity'];
  memoryMiB: number;
  idleMillicores: number;
  shutdown: ContainerProgram['shutdown'];
}): ContainerProgram {
  return {
    startup: options.startup,
    readyAfterMs: options.readyAfterMs,
    activity: options.activity,
    memory: { baseBytes: options.memoryMiB * MiB },
    idleMillicores: options.idleMillicores,
    shutdown: options.shutdown,
  };
}

const nginx = (): ContainerProgram =>
  server({
    startup: nginxStartup(),
    readyAfterMs: 200,
    activity: { everyMs: 3_000, burst: nginxAccess },
    memoryMiB: 6,
    idleMillicores: 1,
    shutdown: { ms: 300, exitCode: 0, lines: nginxShutdown },
  });

const backendApp = (version: string) => (): ContainerProgram =>
  server({
    startup: springStartup(version, 8_400),
    readyAfterMs: 8_400,
    activity: { everyMs: 1_500, startMs: 8_500, burst: springTraffic },
    memoryMiB: 380,
    idleMillicores: 4,
    shutdown: { ms: 2_500, exitCode: 143, lines: springShutdown },
  });

const backendAppBroken = (): ContainerProgram => ({
  startup: springStartup('1.5.0', 6_100).slice(0, -3),
  readyAfterMs: Infinity,
  exit: { afterMs: 6_100, code: 1, lines: springStartupFailure },
  memory: { baseBytes: 240 * MiB },
  idleMillicores: 300,
  shutdown: { ms: 200, exitCode: 143 },
});

const reportGenerator = (): ContainerProgram => ({
  startup: [{ atMs: 500, line: (c) => ({ text: `${c.now.toISOString()} INFO  [report-generator] Starting report-generator 2.0 (batch size 25000 rows)` }) }],
  readyAfterMs: 1_000,
  activity: { everyMs: 5_000, exact: true, burst: (c, n) => reportGeneratorProgress(c, n) },
  // Holds every batch in memory: ~30 MiB/s until the report (about 1.6 GiB) is complete.
  memory: { baseBytes: 180 * MiB, growthPerSecond: 30 * MiB, maxBytes: 1_700 * MiB },
  exit: { afterMs: 50_000, code: 0, lines: (c) => [{ text: `${c.now.toISOString()} INFO  [report-generator] Report written to s3://eks-work-reports/monthly/report.csv` }] },
  idleMillicores: 450,
  shutdown: { ms: 500, exitCode: 143 },
});

const fluentd = (): ContainerProgram =>
  server({ startup: fluentdStartup(), readyAfterMs: 2_100, activity: { everyMs: 20_000, burst: fluentdActivity }, memoryMiB: 140, idleMillicores: 6, shutdown: { ms: 1_000, exitCode: 0 } });

const cloudwatchAgent = (): ContainerProgram =>
  server({
    startup: cloudwatchAgentStartup(),
    readyAfterMs: 1_400,
    activity: { everyMs: 60_000, exact: true, burst: cloudwatchAgentActivity },
    memoryMiB: 60,
    idleMillicores: 8,
    shutdown: { ms: 500, exitCode: 0 },
  });

const postgres = (): ContainerProgram =>
  server({
    startup: postgresStartup(),
    readyAfterMs: 600,
    activity: { everyMs: 150_000, exact: true, burst: postgresActivity },
    memoryMiB: 45,
    idleMillicores: 3,
    shutdown: { ms: 1_200, exitCode: 0, lines: postgresShutdown },
  });

const addon = (kind: Parameters<typeof addonStartup>[0], memoryMiB: number) => (): ContainerProgram =>
  server({ startup: addonStartup(kind), readyAfterMs: 3_000, memoryMiB, idleMillicores: 3, shutdown: { ms: 500, exitCode: 0 } });

interface Entry {
  sizeBytes: number;
  pullMs: number;
  program: (container: ContainerCommand) => ContainerProgram;
}

const CATALOG: Record<string, Entry> = {
  'docker.io/library/nginx:1.27': { sizeBytes: 72_099_410, pullMs: 3_412, program: nginx },
  'docker.io/library/nginx:latest': { sizeBytes: 72_188_133, pullMs: 3_506, program: nginx },
  'docker.io/library/busybox:1.36': { sizeBytes: 2_160_406, pullMs: 1_187, program: (c) => shellProgram(c) },
  'docker.io/library/busybox:latest': { sizeBytes: 2_167_089, pullMs: 1_203, program: (c) => shellProgram(c) },
  'docker.io/gihyodocker/alpine:bash': { sizeBytes: 5_120_339, pullMs: 1_642, program: (c) => shellProgram(c) },
  'docker.io/library/postgres:16': { sizeBytes: 158_533_275, pullMs: 7_914, program: postgres },
  [`${ECR}/backend-app:1.4.2`]: { sizeBytes: 213_587_446, pullMs: 8_532, program: backendApp('1.4.2') },
  [`${ECR}/backend-app:1.5.0`]: { sizeBytes: 214_066_913, pullMs: 8_611, program: backendAppBroken },
  [`${ECR}/report-generator:2.0`]: { sizeBytes: 187_430_112, pullMs: 7_208, program: reportGenerator },
  'docker.io/fluent/fluentd-kubernetes-daemonset:v1.16-debian-cloudwatch-1': { sizeBytes: 131_921_204, pullMs: 6_377, program: fluentd },
  'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1b929': { sizeBytes: 94_310_987, pullMs: 4_925, program: cloudwatchAgent },
  [`${EKS_ECR}/amazon-k8s-cni:v1.19.2-eksbuild.1`]: { sizeBytes: 46_823_101, pullMs: 2_811, program: addon('aws-node', 40) },
  [`${EKS_ECR}/eks/kube-proxy:v1.32.0-minimal-eksbuild.2`]: { sizeBytes: 36_510_320, pullMs: 2_140, program: addon('kube-proxy', 18) },
  [`${EKS_ECR}/eks/coredns:v1.11.4-eksbuild.2`]: { sizeBytes: 24_116_204, pullMs: 1_735, program: addon('coredns', 15) },
  'registry.k8s.io/metrics-server/metrics-server:v0.7.2': { sizeBytes: 19_494_617, pullMs: 1_512, program: addon('metrics-server', 20) },
};

/** Images the catalog knows, as a pod spec would name them. */
export const KNOWN_IMAGES = {
  nginx: 'nginx:1.27',
  busybox: 'busybox:1.36',
  alpineBash: 'gihyodocker/alpine:bash',
  postgres: 'postgres:16',
  backendApp: `${ECR}/backend-app:1.4.2`,
  backendAppBroken: `${ECR}/backend-app:1.5.0`,
  reportGenerator: `${ECR}/report-generator:2.0`,
  fluentd: 'fluent/fluentd-kubernetes-daemonset:v1.16-debian-cloudwatch-1',
  cloudwatchAgent: 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300049.1b929',
  awsNode: `${EKS_ECR}/amazon-k8s-cni:v1.19.2-eksbuild.1`,
  kubeProxy: `${EKS_ECR}/eks/kube-proxy:v1.32.0-minimal-eksbuild.2`,
  coredns: `${EKS_ECR}/eks/coredns:v1.11.4-eksbuild.2`,
  metricsServer: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
} as const;

/** The image as the registry serves it, or undefined when it does not exist. */
export function lookupImage(image: string): ImageInfo | undefined {
  if (resolved.has(image)) return resolved.get(image);
  const reference = normalizeImage(image);
  const entry = CATALOG[reference];
  let info: ImageInfo | undefined;
  if (entry) {
    const repo = reference.slice(0, reference.lastIndexOf(':'));
    const digest = createHash('sha256').update(reference).digest('hex');
    info = { reference, imageID: `${repo}@sha256:${digest}`, ...entry };
  }
  resolved.set(image, info);
  return info;
}

const resolved = new Map<string, ImageInfo | undefined>();

/** containerd's error for an image the registry does not have. */
export function pullErrorMessage(image: string): string {
  const ref = normalizeImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

/**
 * busybox/alpine: runs `sh -c` scripts and plain commands made of echo,
 * sleep, date, exit, true/false and `while true; do ...; done` loops.
 */
export function shellProgram(container: ContainerCommand): ContainerProgram {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  let script: string;
  if (argv.length >= 3 && /^(\/bin\/)?(ba)?sh$/.test(argv[0]) && argv[1] === '-c') script = argv[2];
  else if (argv.length === 0) script = 'sh';
  else script = argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
  const executable = argv[0]?.split('/').pop();
  if (executable && !APPLETS.has(executable)) {
    return {
      startup: [],
      readyAfterMs: Infinity,
      memory: { baseBytes: 0 },
      idleMillicores: 0,
      shutdown: { ms: 0, exitCode: 128 },
      startError: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    };
  }
  const base: Omit<ContainerProgram, 'startup' | 'readyAfterMs'> = {
    memory: { baseBytes: 1 * MiB },
    idleMillicores: 0,
    // A shell or sleep as PID 1 ignores SIGTERM: the kubelet kills it when the grace period ends.
    shutdown: { ms: Infinity, exitCode: 137 },
  };
  const loop = /^\s*while\s+(?:true|:)\s*;\s*do\s+([\s\S]*?);?\s*done\s*$/.exec(script);
  if (loop) {
    const body = statements(loop[1]);
    const period = body.reduce((ms, s) => ms + sleepMs(s), 0) || 1_000;
    return {
      ...base,
      startup: [],
      readyAfterMs: 0,
      activity: { everyMs: period, exact: true, startMs: 0, burst: (ctx) => body.flatMap((s) => output(s, ctx)) },
    };
  }
  const startup: TimedLine[] = [];
  let at = 0;
  let code = 0;
  let forever = false;
  for (const s of statements(script)) {
    const [cmd] = words(s);
    if (cmd === 'sleep') {
      const ms = sleepMs(s);
      if (ms === Infinity) {
        forever = true;
        break;
      }
      at += ms;
      code = 0;
    } else if (cmd === 'exit') {
      code = Number(words(s)[1] ?? code) || 0;
      break;
    } else if (cmd === 'sh' || cmd === 'bash') {
      // A shell whose standard input stays open waits on it (kubectl attach reaches it); without one it reads EOF and exits.
      if (container.stdin) {
        forever = true;
        break;
      }
      code = 0;
    } else {
      const t = at;
      if (cmd !== 'true' && cmd !== 'false') startup.push({ atMs: t, line: (ctx) => output(s, ctx)[0] ?? { text: '' } });
      const known = cmd === 'echo' || cmd === 'date' || cmd === 'true' || cmd === 'false' || cmd === 'printf';
      code = !known ? 127 : cmd === 'false' ? 1 : 0;
    }
  }
  if (forever) return { ...base, startup, readyAfterMs: 0 };
  return { ...base, startup, readyAfterMs: 0, exit: { afterMs: Math.max(at, 50), code } };
}

/** Commands the busybox and alpine images have on their PATH. */
const APPLETS = new Set([
  'sh',
  'ash',
  'bash',
  'echo',
  'printf',
  'sleep',
  'date',
  'true',
  'false',
  'cat',
  'env',
  'ls',
  'wget',
  'nc',
  'nslookup',
  'ping',
  'hostname',
  'tail',
  'head',
  'top',
  'ps',
  'yes',
  'timeout',
  'watch',
]);

/** A script's statements, as the sandbox's shell splits them; a pipeline's stages stay together. */
function statements(script: string): string[] {
  return parseScript(script).map((s) => s.stages.join(' | '));
}

function words(statement: string): string[] {
  return statement.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
}

function sleepMs(statement: string): number {
  const [cmd, arg] = words(statement);
  if (cmd !== 'sleep') return 0;
  if (arg === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg ?? '');
  if (!m) return 0;
  const unit = { '': 1_000, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

function output(statement: string, ctx: LogContext): Line[] {
  const [cmd, ...rest] = words(statement);
  const expand = (w: string) => {
    const quoted = w.startsWith("'");
    const text = w.replace(/^["']|["']$/g, '');
    if (quoted) return text;
    return text.replaceAll('$(date)', dateText(ctx.now)).replaceAll('`date`', dateText(ctx.now)).replaceAll('$HOSTNAME', ctx.podName).replaceAll('${HOSTNAME}', ctx.podName);
  };
  switch (cmd) {
    case 'echo':
      return [{ text: rest.map(expand).join(' ') }];
    case 'printf':
      return [{ text: rest.map(expand).join(' ').replaceAll('\\n', '') }];
    case 'date':
      return [{ text: dateText(ctx.now) }];
    case 'sleep':
    case 'true':
    case 'false':
    case 'exit':
      return [];
    default:
      return [{ text: `sh: ${cmd}: not found`, stream: 'stderr' }];
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// busybox `date`: "Thu Jan  1 00:00:05 UTC 2026".
function dateText(d: Date): string {
  const time = d.toISOString().slice(11, 19);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time} UTC ${d.getUTCFullYear()}`;
}
