/**
 * The console over a slow network: a TCP proxy on loopback in front of the sandbox's API server
 * delays every chunk D ms in each direction (order kept), and the console's kubeconfig points at
 * it. For D = 0, 25 and 50 ms each way it times whoami, a namespace's pod list, the overview, a
 * pod's page, a Pending pod's page and an HPA's explanation through the console's server functions
 * (the route handlers' work, without Next), and prints for each: the requests the API server saw,
 * their longest chain of dependent requests, the connections the proxy accepted, every wall-time
 * sample and their median, against the goal `1.2 × chain × RTT + the time on loopback`. Beside it,
 * in the same run, the baseline: the same requests, chain by chain, each a raw node https request on
 * a new connection (no keep-alive), as every call was made before connections were kept. One
 * warm-up and RUNS timed runs each, taking turns.
 *
 *   npx tsx --conditions=react-server bench/latency-proxy.ts [delays=0,25,50] [runs=5]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net, { type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxKubeconfig, startSandbox } from '../sandbox/index';
import { setConfig } from '@/server/config';
import { hpaDetail } from '@/server/api/hpas';
import { kubeClient, resourcePath, type KubeClient, type Query, type ResourceRef } from '@/server/k8s/client';
import { overview } from '@/server/k8s/overview';
import { podDetail } from '@/server/k8s/pod-detail';
import { listPods } from '@/server/k8s/pods';
import { whoami } from '@/server/k8s/whoami';

const DELAYS = (process.argv[2] ?? '0,25,50').split(',').map(Number);
const RUNS = Number(process.argv[3] ?? 5);
const NAMESPACE = 'eks-work';
const CONTEXT = 'sandbox-admin';

export interface LatencyProxy {
  port: number;
  /** Connections accepted since the start. */
  accepts(): number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/** Forwards `from` to `to`, each chunk (and the end) D ms after it arrived, in order. */
function delayedPipe(from: Socket, to: Socket, delay: () => number): void {
  const queue: { due: number; chunk?: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const pump = () => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && queue[0].due <= now) {
      const { chunk } = queue.shift()!;
      if (chunk) to.write(chunk);
      else to.end();
    }
    if (queue.length) timer = setTimeout(pump, queue[0].due - now);
  };
  const push = (chunk?: Buffer) => {
    queue.push({ due: performance.now() + delay(), chunk });
    if (!timer) timer = setTimeout(pump, queue[0].due - performance.now());
  };
  from.on('data', (chunk: Buffer) => push(chunk));
  from.on('end', () => push());
  from.on('close', () => {
    if (!queue.length) to.destroy();
  });
}

export async function startLatencyProxy(upstream: { host: string; port: number }): Promise<LatencyProxy> {
  let delayMs = 0;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const server = net.createServer((client) => {
    accepted += 1;
    const backend = net.connect(upstream.port, upstream.host);
    for (const s of [client, backend]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    delayedPipe(client, backend, () => delayMs);
    delayedPipe(backend, client, () => delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepts: () => accepted,
    setDelay: (ms) => (delayMs = ms),
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One request the console made, and how many requests before it had to answer first. */
interface RecordedCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** 1 + the deepest call that had ended when this one started: its place in the longest chain. */
  depth: number;
}

/** A client that records each call, so the chain is counted, not guessed. */
function recording(client: KubeClient): { client: KubeClient; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  let deepestEnded = 0;
  const record = async <T>(call: Omit<RecordedCall, 'depth'>, send: () => Promise<T>): Promise<T> => {
    const entry = { ...call, depth: deepestEnded + 1 };
    calls.push(entry);
    try {
      return await send();
    } finally {
      deepestEnded = Math.max(deepestEnded, entry.depth);
    }
  };
  return {
    calls,
    client: {
      cluster: client.cluster,
      server: client.server,
      get: <T>(ref: ResourceRef, query?: Query) => record({ method: 'GET', path: resourcePath(ref, query) }, () => client.get<T>(ref, query)),
      create: <T>(ref: ResourceRef, body: unknown) => record({ method: 'POST', path: resourcePath(ref), body }, () => client.create<T>(ref, body)),
      version: () => record({ method: 'GET', path: '/version' }, () => client.version()),
    },
  };
}

/** The baseline's one call: its own connection and TLS handshake, as a fresh agent per request made it. */
function rawCall(base: URL, ca: string, token: string, call: RecordedCall): Promise<void> {
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (payload) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    const req = https.request(new URL(call.path, base), { method: call.method, ca, headers, agent: false }, (res) => {
      // Whatever the answer (a pod without metrics yet is a 404), the console waited for the same one.
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function replay(calls: RecordedCall[], send: (call: RecordedCall) => Promise<void>): Promise<void> {
  const depth = Math.max(...calls.map((c) => c.depth));
  for (let d = 1; d <= depth; d++) await Promise.all(calls.filter((c) => c.depth === d).map(send));
}

interface Sample {
  ms: number;
  requests: number;
  chain: number;
  connections: number;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const msList = (samples: Sample[]) => samples.map((s) => s.ms.toFixed(1)).join(', ');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdeck-bench-'));
  const sandbox = await startSandbox({ seed: 1, mode: 'manual', dir });
  // Two minutes of the scenario: pods scheduled and running, the HPA with metrics.
  sandbox.world.advance(2 * 60_000);
  const upstream = new URL(sandbox.url);
  const proxy = await startLatencyProxy({ host: upstream.hostname, port: Number(upstream.port) });
  const proxied = new URL(`https://127.0.0.1:${proxy.port}`);
  try {
    const kubeconfigFile = join(dir, 'latency.kubeconfig');
    writeFileSync(kubeconfigFile, sandboxKubeconfig(proxied.origin, sandbox.caData, sandbox.users, CONTEXT), { mode: 0o600 });
    setConfig({ authMode: 'kubeconfig', kubeconfigPaths: [kubeconfigFile], sessionSecret: 'bench-session-secret-long-enough-for-checks', namespaces: [], dataDir: dir, port: 0 });
    const token = sandbox.users.find((u) => u.username === 'admin')!.token;
    const store = sandbox.world.store;
    const pods = store.list('pods').filter((p) => p.metadata.namespace === NAMESPACE);
    const running = pods.find((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running' && p.metadata.ownerReferences?.length)!;
    const pending = pods.find((p) => (p.status as { phase?: string } | undefined)?.phase === 'Pending' && !(p.spec as { nodeName?: string } | undefined)?.nodeName);
    const hpa = store.list('autoscaling/horizontalpodautoscalers').find((h) => h.metadata.namespace === NAMESPACE)!;
    const operations: { name: string; run: (client: KubeClient) => Promise<unknown> }[] = [
      { name: 'whoami', run: (c) => whoami(c) },
      { name: `pod list ${NAMESPACE}`, run: (c) => listPods(c, { namespace: NAMESPACE }) },
      { name: 'overview', run: (c) => overview(c, NAMESPACE) },
      { name: `pod page ${running.metadata.name}`, run: (c) => podDetail(c, NAMESPACE, running.metadata.name) },
      ...(pending ? [{ name: `Pending pod page ${pending.metadata.name}`, run: (c: KubeClient) => podDetail(c, NAMESPACE, pending.metadata.name) }] : []),
      { name: `HPA explanation ${hpa.metadata.name}`, run: (c) => hpaDetail(c, 'sandbox-admin', NAMESPACE, hpa.metadata.name, undefined) },
    ];
    const loopback = new Map<string, number>();
    console.log(`sandbox API server ${sandbox.url} behind the latency proxy at ${proxied.origin}; ${RUNS} timed runs after one warm-up, console and baseline taking turns`);
    for (const delay of DELAYS) {
      proxy.setDelay(delay);
      const rtt = 2 * delay;
      console.log(`\nD = ${delay} ms each way (round trip ${rtt} ms)`);
      for (const op of operations) {
        const consoleRun = async (): Promise<Sample & { calls: RecordedCall[] }> => {
          const { client, calls } = recording(kubeClient({ mode: 'kubeconfig' }, CONTEXT));
          const accepts = proxy.accepts();
          const started = performance.now();
          await op.run(client);
          const ms = performance.now() - started;
          return { ms, requests: calls.length, chain: Math.max(...calls.map((c) => c.depth)), connections: proxy.accepts() - accepts, calls };
        };
        const rawRun = async (calls: RecordedCall[]): Promise<Sample> => {
          const accepts = proxy.accepts();
          const started = performance.now();
          await replay(calls, (call) => rawCall(proxied, sandbox.caData!, token, call));
          const ms = performance.now() - started;
          return { ms, requests: calls.length, chain: Math.max(...calls.map((c) => c.depth)), connections: proxy.accepts() - accepts };
        };
        const warm = await consoleRun();
        await rawRun(warm.calls);
        const consoleSamples: Sample[] = [];
        const rawSamples: Sample[] = [];
        for (let i = 0; i < RUNS; i++) {
          const sample = await consoleRun();
          consoleSamples.push(sample);
          rawSamples.push(await rawRun(sample.calls));
        }
        const wall = median(consoleSamples.map((s) => s.ms));
        if (delay === 0) loopback.set(op.name, wall);
        const { requests, chain } = consoleSamples[RUNS - 1];
        const base = loopback.get(op.name);
        const goal = base === undefined ? undefined : 1.2 * chain * rtt + base;
        const connections = consoleSamples.map((s) => s.connections);
        console.log(`  ${op.name}: ${requests} requests, longest chain ${chain}`);
        console.log(
          `    console : median ${wall.toFixed(1)} ms [${msList(consoleSamples)}]; connections opened: warm-up ${warm.connections}, timed runs ${connections.join(', ')}` +
            (goal === undefined ? '' : `; goal ≤ ${goal.toFixed(1)} ms (1.2 × ${chain} × ${rtt} + ${base!.toFixed(1)}): ${wall <= goal && connections.every((c) => c === 0) ? 'met' : 'NOT met'}`),
        );
        console.log(`    baseline: median ${median(rawSamples.map((s) => s.ms)).toFixed(1)} ms [${msList(rawSamples)}]; connections opened: ${rawSamples.map((s) => s.connections).join(', ')}`);
      }
    }
  } finally {
    await proxy.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) await main();
