import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/store';
import { rfc3339 } from '../kube/store';
import { KNOWN_IMAGES } from './images';
import { createKubelet, goDuration, qosClass } from './kubelet';
import { addNode, createNodeLifecycle, setKubeletPosting } from './nodes';
import { createScheduler } from './scheduler';
import { World } from './world';

function newWorld(): World {
  const world = new World({ mode: 'manual', seed: 11 });
  addNode(world, { events: false });
  return world.add(createNodeLifecycle(), createScheduler(), createKubelet()).start();
}

function run(world: World, name: string, spec: Record<string, unknown>): void {
  world.store.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'eks-work', uid: `uid-${name}` }, spec });
}

const pod = (world: World, name: string): KubeObject => world.store.get('pods', 'eks-work', name)!;
const container = (world: World, name: string) => pod(world, name).status.containerStatuses[0];
const condition = (world: World, name: string, type: string) => pod(world, name).status.conditions.find((c: { type: string }) => c.type === type);

function messages(world: World, name: string, reason?: string): string[] {
  return world.store
    .list('events', 'eks-work')
    .filter((e) => e.involvedObject.name === name && (reason === undefined || e.reason === reason))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .map((e) => e.message);
}

describe('kubelet', () => {
  it('pulls, creates and starts a container and marks it ready after the readiness probe succeeds', () => {
    const world = newWorld();
    run(world, 'api', {
      containers: [
        {
          name: 'backend-app',
          image: KNOWN_IMAGES.backendApp,
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
          readinessProbe: { httpGet: { path: '/actuator/health', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ],
    });
    world.advance(500);
    expect(pod(world, 'api').status.phase).toBe('Pending');
    expect(container(world, 'api').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    world.advance(60_000);
    const p = pod(world, 'api');
    expect(p.status.phase).toBe('Running');
    expect(p.status.qosClass).toBe('Burstable');
    expect(p.status.podIP).toMatch(/^192\.168\.0\.(1[6-9]|[2-9]\d|1[01]\d|12[0-7])$/);
    const started = Date.parse(container(world, 'api').state.running.startedAt);
    // Probes at +5 s (app still starting: 8.4 s) and +10 s (ready).
    expect(Date.parse(condition(world, 'api', 'Ready').lastTransitionTime) - started).toBe(10_000);
    expect(container(world, 'api').ready).toBe(true);
    const unhealthy = messages(world, 'api', 'Unhealthy');
    expect(unhealthy).toEqual([`Readiness probe failed: Get "http://${p.status.podIP}:8080/actuator/health": dial tcp ${p.status.podIP}:8080: connect: connection refused`]);
    const pulled = messages(world, 'api', 'Pulled')[0];
    expect(pulled).toMatch(
      /^Successfully pulled image "566620743708\.dkr\.ecr\.ap-northeast-2\.amazonaws\.com\/backend-app:1\.4\.2" in (\d+\.\d+s) \(\1 including waiting\)\. Image size: 213587446 bytes\.$/,
    );
    expect(messages(world, 'api', 'Created')).toEqual(['Created container backend-app']);
    expect(messages(world, 'api', 'Started')).toEqual(['Started container backend-app']);
    const logs = world.logs.read({ namespace: 'eks-work', pod: 'api', container: 'backend-app' }).map((l) => l.text);
    expect(logs.some((l) => l.includes('Started BackendApplication in 8.400 seconds'))).toBe(true);
    expect(logs.some((l) => l.endsWith(': Health GET API called.'))).toBe(true);
  });

  it('restarts a crashing container with the 10 s doubling back-off capped at 5 minutes', () => {
    const world = newWorld();
    run(world, 'crash', { containers: [{ name: 'backend-app', image: KNOWN_IMAGES.backendAppBroken }] });
    const exits: number[] = [];
    const starts: number[] = [];
    let restarts = -1;
    world.store.subscribe((e) => {
      if (e.resource !== 'pods' || e.object.metadata.name !== 'crash') return;
      const s = e.object.status?.containerStatuses?.[0];
      if (!s) return;
      if (s.state.running && s.restartCount > restarts) {
        restarts = s.restartCount;
        starts.push(world.nowMs());
      }
      if (s.state.terminated && exits.length === s.restartCount) exits.push(world.nowMs());
    });
    world.advance(30 * 60_000);
    const gaps = starts.slice(1, 9).map((t, i) => (t - exits[i]) / 1000);
    expect(gaps).toEqual([1, 10, 20, 40, 80, 160, 300, 300]);
    world.advance(5_000);
    const s = container(world, 'crash');
    expect(s.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const backoff = messages(world, 'crash', 'BackOff');
    expect(backoff).toEqual(['Back-off restarting failed container backend-app in pod crash_eks-work(uid-crash)']);
    const event = world.store.list('events', 'eks-work').find((e) => e.reason === 'BackOff')!;
    expect(event.count).toBeGreaterThanOrEqual(7);
    const logs = world.logs.read({ namespace: 'eks-work', pod: 'crash', container: 'backend-app' }, { previous: true }).map((l) => l.text);
    expect(logs).toContain('APPLICATION FAILED TO START');
  });

  it('forgets the back-off once a container has run for more than 10 minutes', () => {
    const world = newWorld();
    run(world, 'long', { containers: [{ name: 'job', image: KNOWN_IMAGES.busybox, command: ['sh', '-c', 'sleep 700; exit 1'] }] });
    const exits: number[] = [];
    const starts: number[] = [];
    world.store.subscribe((e) => {
      const s = e.resource === 'pods' ? e.object.status?.containerStatuses?.[0] : undefined;
      if (s?.state.running && starts.length === s.restartCount) starts.push(world.nowMs());
      if (s?.state.terminated && exits.length === s.restartCount) exits.push(world.nowMs());
    });
    world.advance(40 * 60_000);
    expect(starts.slice(1).map((t, i) => (t - exits[i]) / 1000)).toEqual([1, 1, 1]);
  });

  it('shows CrashLoopBackOff with the back-off in the waiting message', () => {
    const world = newWorld();
    run(world, 'crash', { containers: [{ name: 'backend-app', image: KNOWN_IMAGES.backendAppBroken }] });
    let seen: Record<string, unknown> | undefined;
    world.store.subscribe((e) => {
      const w = e.resource === 'pods' ? e.object.status?.containerStatuses?.[0]?.state?.waiting : undefined;
      if (w?.reason === 'CrashLoopBackOff' && !seen) seen = w;
    });
    world.advance(60_000);
    expect(seen).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=backend-app pod=crash_eks-work(uid-crash)' });
    expect(goDuration(80_000)).toBe('1m20s');
    expect(goDuration(300_000)).toBe('5m0s');
  });

  it('reports ErrImagePull then ImagePullBackOff for an image the registry does not have', () => {
    const world = newWorld();
    run(world, 'typo', { containers: [{ name: 'web', image: 'nginx:1.277' }] });
    const reasons: string[] = [];
    world.store.subscribe((e) => {
      const w = e.resource === 'pods' ? e.object.status?.containerStatuses?.[0]?.state?.waiting : undefined;
      if (w && reasons.at(-1) !== w.reason) reasons.push(w.reason);
    });
    world.advance(40_000);
    expect(reasons).toEqual(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull', 'ImagePullBackOff']);
    const ref = 'docker.io/library/nginx:1.277';
    expect([...new Set(messages(world, 'typo', 'Failed'))]).toEqual([
      `Failed to pull image "nginx:1.277": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
      'Error: ErrImagePull',
      'Error: ImagePullBackOff',
    ]);
    expect(messages(world, 'typo', 'BackOff')).toEqual(['Back-off pulling image "nginx:1.277"']);
    expect(container(world, 'typo').state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:1.277"' });
    expect(pod(world, 'typo').status.phase).toBe('Pending');
  });

  it('kills a container that outgrows its memory limit with OOMKilled', () => {
    const world = newWorld();
    run(world, 'report', {
      restartPolicy: 'Never',
      containers: [{ name: 'report', image: KNOWN_IMAGES.reportGenerator, resources: { limits: { memory: '512Mi' } } }],
    });
    const seen: Record<string, number> = {};
    world.store.subscribe((e) => {
      const state = e.resource === 'pods' ? e.object.status?.containerStatuses?.[0]?.state : undefined;
      for (const k of Object.keys(state ?? {})) seen[k] ??= world.nowMs();
    });
    world.advance(60_000);
    const t = container(world, 'report').state.terminated;
    expect(t).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    // 180Mi growing 30Mi/s reaches 512Mi after 11.07 s.
    expect(seen.terminated - seen.running).toBeCloseTo(((512 - 180) / 30) * 1000, 3);
    expect(pod(world, 'report').status.phase).toBe('Failed');
  });

  it('runs Job-style pods to Completed or Error', () => {
    const world = newWorld();
    run(world, 'ok', { restartPolicy: 'Never', containers: [{ name: 'job', image: KNOWN_IMAGES.busybox, command: ['sh', '-c', 'echo hello from $HOSTNAME; sleep 3; echo done'] }] });
    run(world, 'bad', { restartPolicy: 'Never', containers: [{ name: 'job', image: KNOWN_IMAGES.busybox, command: ['sh', '-c', 'exit 1'] }] });
    world.advance(30_000);
    expect(pod(world, 'ok').status.phase).toBe('Succeeded');
    expect(container(world, 'ok').state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(world.logs.read({ namespace: 'eks-work', pod: 'ok', container: 'job' }).map((l) => l.text)).toEqual(['hello from ok', 'done']);
    expect(condition(world, 'ok', 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(pod(world, 'bad').status.phase).toBe('Failed');
    expect(container(world, 'bad').state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('fails to start a command the image does not have with StartError', () => {
    const world = newWorld();
    run(world, 'curl', { restartPolicy: 'Never', containers: [{ name: 'probe', image: KNOWN_IMAGES.busybox, command: ['curl', 'http://backend-app'] }] });
    world.advance(30_000);
    const error =
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown';
    expect(container(world, 'curl').state.terminated).toMatchObject({ exitCode: 128, reason: 'StartError', message: error, startedAt: '1970-01-01T00:00:00Z' });
    expect(messages(world, 'curl', 'Failed')).toEqual([`Error: ${error}`]);
    expect(pod(world, 'curl').status.phase).toBe('Failed');
  });

  it('runs init containers in order before the app containers', () => {
    const world = newWorld();
    run(world, 'init', {
      initContainers: [{ name: 'wait', image: KNOWN_IMAGES.busybox, command: ['sleep', '5'] }],
      containers: [{ name: 'web', image: KNOWN_IMAGES.nginx }],
    });
    world.advance(4_000);
    expect(pod(world, 'init').status.phase).toBe('Pending');
    expect(condition(world, 'init', 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait]' });
    expect(container(world, 'init').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    world.advance(30_000);
    const p = pod(world, 'init');
    expect(p.status.phase).toBe('Running');
    expect(p.status.initContainerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(container(world, 'init').ready).toBe(true);
  });

  it('stops containers on graceful deletion and removes the pod after the app shuts down', () => {
    const world = newWorld();
    run(world, 'api', { containers: [{ name: 'backend-app', image: KNOWN_IMAGES.backendApp }] });
    world.advance(30_000);
    const deletedAt = world.nowMs();
    world.store.mutate('pods', 'eks-work', 'api', (d) => {
      d.metadata.deletionTimestamp = rfc3339(world.now());
      d.metadata.deletionGracePeriodSeconds = 30;
    });
    world.advance(2_000);
    // Within its 30 s grace period the pod is still there, marked for deletion when it was.
    expect(pod(world, 'api')!.metadata.deletionTimestamp).toBe(rfc3339(new Date(deletedAt)));
    expect(messages(world, 'api', 'Killing')).toEqual(['Stopping container backend-app']);
    const logs = world.logs.read({ namespace: 'eks-work', pod: 'api', container: 'backend-app' }).map((l) => l.text);
    expect(logs.at(-1)).toMatch(/HikariPool-1 - Shutdown completed\.$/);
    let goneAt = 0;
    world.store.subscribe((e) => {
      if (e.type === 'DELETED' && e.resource === 'pods') goneAt = world.nowMs();
    });
    world.advance(5_000);
    expect(goneAt - deletedAt).toBe(2_500);
    expect(world.logs.has({ namespace: 'eks-work', pod: 'api', container: 'backend-app' })).toBe(false);
  });

  it('restarts a container whose liveness probe fails before the app is up', () => {
    const world = newWorld();
    run(world, 'slow', {
      containers: [{ name: 'backend-app', image: KNOWN_IMAGES.backendApp, livenessProbe: { httpGet: { path: '/actuator/health', port: 8080 }, periodSeconds: 2, failureThreshold: 3 } }],
    });
    let atRestart: { failures: number; lastState: Record<string, unknown>; runMs: number } | undefined;
    world.store.subscribe((e) => {
      const s = e.resource === 'pods' ? e.object.status?.containerStatuses?.[0] : undefined;
      if (s?.restartCount === 1 && !atRestart) {
        const failures = world.store.list('events', 'eks-work').find((ev) => ev.reason === 'Unhealthy')!.count;
        atRestart = { failures, lastState: s.lastState.terminated, runMs: Date.parse(s.lastState.terminated.finishedAt) - Date.parse(s.lastState.terminated.startedAt) };
      }
    });
    world.advance(25_000);
    const ip = pod(world, 'slow').status.podIP;
    expect(messages(world, 'slow', 'Unhealthy')).toEqual([`Liveness probe failed: Get "http://${ip}:8080/actuator/health": dial tcp ${ip}:8080: connect: connection refused`]);
    expect(messages(world, 'slow', 'Killing')).toEqual(['Container backend-app failed liveness probe, will be restarted']);
    // Probes at +0, +2 and +4 s fail (Spring needs 8.4 s); the kill at +4 s takes Spring's 2.5 s graceful shutdown, exit 143.
    expect(atRestart!.failures).toBe(3);
    expect(atRestart!.lastState).toMatchObject({ exitCode: 143, reason: 'Error' });
    expect(atRestart!.runMs).toBeGreaterThanOrEqual(6_000);
    expect(atRestart!.runMs).toBeLessThanOrEqual(7_000);
  });

  it('keeps a sidecar running beside the app after the init containers', () => {
    const world = newWorld();
    run(world, 'mesh', {
      initContainers: [
        { name: 'proxy', image: KNOWN_IMAGES.nginx, restartPolicy: 'Always' },
        { name: 'migrate', image: KNOWN_IMAGES.busybox, command: ['sh', '-c', 'echo migrated'] },
      ],
      containers: [{ name: 'app', image: KNOWN_IMAGES.backendApp }],
    });
    world.advance(60_000);
    const p = pod(world, 'mesh');
    expect(p.status.phase).toBe('Running');
    expect(p.status.initContainerStatuses.map((c: { name: string; ready: boolean; state: Record<string, unknown> }) => [c.name, Object.keys(c.state)[0], c.ready])).toEqual([
      ['proxy', 'running', true],
      ['migrate', 'terminated', false],
    ]);
    expect(condition(world, 'mesh', 'Ready').status).toBe('True');
    expect(world.logs.read({ namespace: 'eks-work', pod: 'mesh', container: 'migrate' }).map((l) => l.text)).toEqual(['migrated']);
  });

  it('holds pods on a silent node and starts them when its kubelet is back', () => {
    const world = newWorld();
    const node = world.store.list('nodes')[0].metadata.name;
    setKubeletPosting(world, node, false);
    run(world, 'wait', { containers: [{ name: 'web', image: KNOWN_IMAGES.nginx }] });
    world.advance(30_000);
    expect(pod(world, 'wait').spec.nodeName).toBe(node);
    expect(pod(world, 'wait').status.containerStatuses).toBeUndefined();
    world.advance(30_000);
    setKubeletPosting(world, node, true);
    world.advance(30_000);
    expect(pod(world, 'wait').status.phase).toBe('Running');
  });

  it('computes the QoS class as the kubelet does', () => {
    expect(qosClass({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] })).toBe('Guaranteed');
    expect(qosClass({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '100m' } } }] })).toBe('Burstable');
    expect(qosClass({ containers: [{ name: 'a', image: 'x' }] })).toBe('BestEffort');
  });
});
