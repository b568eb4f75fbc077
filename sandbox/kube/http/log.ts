/**
 * pods/log: container selection and the kubelet's refusals worded as the
 * API server relays them (400 BadRequest), then the container's output,
 * optionally followed with chunked streaming until the container stops.
 */
import type { LogLine } from '../../world/logs';
import type { KubeObject } from '../store';
import { statusErrors } from '../status';
import { intParam, type ApiContext } from './context';
import { isTrue } from '../request-info';

interface LogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceTime?: Date;
  limitBytes?: number;
}

function invalid(ctx: ApiContext, field: string, message: string) {
  return statusErrors.invalid({ group: '', kind: 'PodLogOptions' }, ctx.info.name, [{ reason: 'FieldValueInvalid', message, field }]);
}

function readOptions(ctx: ApiContext): LogOptions {
  const p = ctx.url.searchParams;
  const sinceSeconds = intParam(ctx.url, 'sinceSeconds');
  const sinceTimeText = p.get('sinceTime');
  const tailLines = intParam(ctx.url, 'tailLines');
  const limitBytes = intParam(ctx.url, 'limitBytes');
  if (sinceSeconds !== undefined && sinceTimeText) {
    throw statusErrors.invalid({ group: '', kind: 'PodLogOptions' }, ctx.info.name, [
      { reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: '' },
    ]);
  }
  if (sinceSeconds !== undefined && sinceSeconds < 1) throw invalid(ctx, 'sinceSeconds', `Invalid value: ${sinceSeconds}: must be greater than 0`);
  if (tailLines !== undefined && tailLines < 0) throw invalid(ctx, 'tailLines', `Invalid value: ${tailLines}: must be greater than or equal to 0`);
  if (limitBytes !== undefined && limitBytes < 1) throw invalid(ctx, 'limitBytes', `Invalid value: ${limitBytes}: must be greater than 0`);
  let sinceTime: Date | undefined;
  if (sinceTimeText) {
    sinceTime = new Date(sinceTimeText);
    if (Number.isNaN(sinceTime.getTime())) {
      throw statusErrors.badRequest(`parsing time "${sinceTimeText}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTimeText}" as "2006"`);
    }
  } else if (sinceSeconds !== undefined) {
    sinceTime = new Date(ctx.world.now().getTime() - sinceSeconds * 1000);
  }
  return {
    container: p.get('container') || undefined,
    follow: isTrue(p.get('follow')),
    previous: isTrue(p.get('previous')),
    timestamps: isTrue(p.get('timestamps')),
    tailLines,
    sinceTime,
    limitBytes,
  };
}

type Container = { name: string };

/** ValidateContainer: the named container, the only one, or 400 asking to choose. */
export function chooseContainer(pod: KubeObject, requested: string | undefined): string {
  const name = pod.metadata.name;
  const containers = (pod.spec?.containers ?? []) as Container[];
  const inits = (pod.spec?.initContainers ?? []) as Container[];
  const ephemeral = (pod.spec?.ephemeralContainers ?? []) as Container[];
  if (!requested) {
    if (containers.length === 1) return containers[0].name;
    if (containers.length === 0) throw statusErrors.badRequest(`no containers found for pod ${name}`);
    let message = `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`;
    if (inits.length > 0) message += ` or one of the init containers: [${inits.map((c) => c.name).join(' ')}]`;
    throw statusErrors.badRequest(message);
  }
  if (![...containers, ...inits, ...ephemeral].some((c) => c.name === requested)) {
    throw statusErrors.badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  return requested;
}

interface ContainerStatus {
  name: string;
  state?: { running?: unknown; waiting?: { reason?: string }; terminated?: { containerID?: string } };
  lastState?: { terminated?: { containerID?: string } };
}

/** Which run's output the kubelet serves, or its refusal (validateContainerLogStatus). */
function whichRun(pod: KubeObject, container: string, previous: boolean): 'current' | 'previous' {
  const podName = pod.metadata.name;
  const statuses = [
    ...((pod.status?.containerStatuses ?? []) as ContainerStatus[]),
    ...((pod.status?.initContainerStatuses ?? []) as ContainerStatus[]),
    ...((pod.status?.ephemeralContainerStatuses ?? []) as ContainerStatus[]),
  ];
  const status = statuses.find((s) => s.name === container);
  if (!status) throw statusErrors.badRequest(`container "${container}" in pod "${podName}" is not available`);
  const { running, waiting, terminated } = status.state ?? {};
  const lastTerminated = status.lastState?.terminated;
  if (previous) {
    if (!lastTerminated) throw statusErrors.badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return 'previous';
  }
  if (running) return 'current';
  if (terminated) return 'current';
  if (lastTerminated) return 'previous';
  if (waiting) {
    switch (waiting.reason) {
      case 'ErrImagePull':
        throw statusErrors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
      case 'ImagePullBackOff':
        throw statusErrors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
      default:
        throw statusErrors.badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${waiting.reason ?? ''}`);
    }
  }
  throw statusErrors.badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** Go's RFC3339Nano: trailing zeros of the fraction dropped. */
export function rfc3339Nano(d: Date): string {
  const iso = d.toISOString();
  const [base, fraction] = iso.slice(0, -1).split('.');
  const trimmed = (fraction ?? '').replace(/0+$/, '');
  return trimmed ? `${base}.${trimmed}Z` : `${base}Z`;
}

function format(line: LogLine, timestamps: boolean): string {
  return timestamps ? `${rfc3339Nano(line.time)} ${line.text}\n` : `${line.text}\n`;
}

export function containerRunning(pod: KubeObject | undefined, container: string): boolean {
  const statuses = [...((pod?.status?.containerStatuses ?? []) as ContainerStatus[]), ...((pod?.status?.initContainerStatuses ?? []) as ContainerStatus[])];
  return statuses.some((s) => s.name === container && s.state?.running !== undefined);
}

export function logHandler(ctx: ApiContext): void {
  if (ctx.type.kind !== 'Pod') throw statusErrors.notFoundResource();
  const options = readOptions(ctx);
  const pod = ctx.store.mustGet('pods', ctx.namespace, ctx.info.name);
  const container = chooseContainer(pod, options.container);
  const res = ctx.res;
  if (!pod.spec?.nodeName) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 0 });
    res.end();
    return;
  }
  const run = whichRun(pod, container, options.previous);
  const ref = { namespace: pod.metadata.namespace!, pod: pod.metadata.name, container };
  const lines = ctx.world.logs.read(ref, { previous: run === 'previous', tailLines: options.tailLines, sinceTime: options.sinceTime });
  let budget = options.limitBytes ?? Infinity;

  const emit = (text: string): boolean => {
    if (budget <= 0) return false;
    const bytes = Buffer.from(text);
    const chunk = bytes.length > budget ? bytes.subarray(0, budget) : bytes;
    budget -= chunk.length;
    res.write(chunk);
    return budget > 0;
  };

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  // A followed log may have nothing to say yet; clients wait for the headers before reading.
  res.flushHeaders();
  for (const line of lines) if (!emit(format(line, options.timestamps))) break;
  if (!options.follow || run === 'previous' || budget <= 0 || !containerRunning(pod, container)) {
    res.end();
    return;
  }

  const uid = pod.metadata.uid;
  const stopFollowing = ctx.world.logs.follow(ref, (line) => {
    if (!emit(format(line, options.timestamps))) finish();
  });
  // The stream ends when the container stops or the pod goes, as the kubelet's does.
  const unsubscribe = ctx.store.subscribe((event) => {
    if (event.resource !== 'pods' || event.object.metadata.uid !== uid) return;
    if (event.type === 'DELETED' || !containerRunning(event.object, container)) finish();
  });
  let done = false;
  function finish() {
    if (done) return;
    done = true;
    stopFollowing();
    unsubscribe();
    res.end();
  }
  ctx.req.on('close', finish);
  res.on('close', finish);
}
