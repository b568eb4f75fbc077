/**
 * Listing every pod of a 150,000-pod, 5,000-node sandbox in pages of 500: through the console's
 * server function (listPods: the API server's pages turned into pod rows) against
 * `kubectl get pods -A -o json --chunk-size=500 | jq length`, on the same sandbox in the same run.
 * The sandbox runs in its own process, as a real API server would.
 *
 *   npx tsx --conditions=react-server bench/pods-list.ts [pods=150000] [nodes=5000]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setConfig } from '@/server/config';
import { kubeClient } from '@/server/k8s/client';
import { listPods } from '@/server/k8s/pods';

const PODS = Number(process.argv[2] ?? 150_000);
const NODES = Number(process.argv[3] ?? 5_000);
const PAGE = 500;

const dir = mkdtempSync(join(tmpdir(), 'watchdeck-bench-'));
const kubeconfig = join(dir, 'kubeconfig');

async function startSandboxProcess() {
  // Node itself (not npx), so stopping the child stops the sandbox.
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', '--scale', `${NODES}:${PODS}`, '--scenario', 'empty', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ctrl-C stops it.')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  child.removeAllListeners('exit');
  return child;
}

function kubectlCount(): { count: number; ms: number } {
  const started = performance.now();
  const run = spawnSync('sh', ['-c', `kubectl --kubeconfig '${kubeconfig}' --context sandbox-admin get pods -A -o json --chunk-size=${PAGE} | jq '.items | length'`], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`kubectl failed: ${run.stderr}`);
  return { count: Number(run.stdout.trim()), ms };
}

async function consoleCount(): Promise<{ count: number; ms: number; pages: number; peakRssMiB: number }> {
  const client = kubeClient({ mode: 'kubeconfig' }, 'sandbox-admin', { timeoutMs: 120_000 });
  const started = performance.now();
  let count = 0;
  let pages = 0;
  let peak = process.memoryUsage().rss;
  let next: string | undefined;
  do {
    const page = await listPods(client, { limit: PAGE, continue: next });
    count += page.items.length;
    pages += 1;
    next = page.continue;
    peak = Math.max(peak, process.memoryUsage().rss);
  } while (next);
  return { count, ms: performance.now() - started, pages, peakRssMiB: Math.round(peak / 2 ** 20) };
}

const sandboxStarted = performance.now();
const child = await startSandboxProcess();
console.log(`sandbox with ${PODS} pods on ${NODES} nodes up in ${((performance.now() - sandboxStarted) / 1000).toFixed(1)} s`);
try {
  if (!existsSync(kubeconfig)) throw new Error('the sandbox wrote no kubeconfig');
  setConfig({ authMode: 'kubeconfig', kubeconfigPaths: [kubeconfig], sessionSecret: 'bench-session-secret-long-enough-for-checks', namespaces: [], dataDir: dir, port: 0 });
  // One warm-up each: the sandbox's first full list builds its snapshot, and both sides pay connection setup once.
  await consoleCount();
  kubectlCount();
  const runs: { console: Awaited<ReturnType<typeof consoleCount>>; kubectl: ReturnType<typeof kubectlCount> }[] = [];
  for (let i = 0; i < 2; i++) runs.push({ console: await consoleCount(), kubectl: kubectlCount() });
  for (const [i, r] of runs.entries()) {
    console.log(
      `run ${i + 1}: console listPods ${r.console.count} rows in ${r.console.pages} pages, ${(r.console.ms / 1000).toFixed(2)} s (peak RSS ${r.console.peakRssMiB} MiB); ` +
        `kubectl | jq ${r.kubectl.count} pods, ${(r.kubectl.ms / 1000).toFixed(2)} s; ratio console/kubectl ${(r.console.ms / r.kubectl.ms).toFixed(2)}`,
    );
    if (r.console.count !== r.kubectl.count) console.log(`  counts differ: the sandbox's pods changed between the two lists`);
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
