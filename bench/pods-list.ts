/**
 * Listing every pod of a 150,000-pod, 5,000-node sandbox in pages of 500: through the console's
 * server function (listPods: the API server's pages turned into pod rows) against
 * `kubectl get pods -A -o json --chunk-size=500 | jq length`, on the same sandbox in the same run.
 * The sandbox runs in its own process, as a real API server would. Both sides run as processes of
 * their own, timed from spawn to exit (start-up included), one warm-up and RUNS timed runs each, taking
 * turns; every run is printed.
 *
 *   npx tsx --conditions=react-server bench/pods-list.ts [pods=150000] [nodes=5000]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setConfig } from '@/server/config';
import { kubeClient } from '@/server/k8s/client';
import { listPods } from '@/server/k8s/pods';
import { samplesLine, timedProcess, type ProcessSample } from './timed-process';

const PAGE = 500;
const RUNS = 3;

async function startSandboxProcess(dir: string, nodes: number, pods: number) {
  // Node itself (not npx), so stopping the child stops the sandbox.
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', '--scale', `${nodes}:${pods}`, '--scenario', 'empty', '--dir', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
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

function kubectlCount(kubeconfig: string): ProcessSample & { count: number } {
  const run = timedProcess(`kubectl --kubeconfig "$1" --context sandbox-admin get pods -A -o json --chunk-size=${PAGE} | jq '.items | length'`, [kubeconfig], 1 << 20);
  return { ...run, count: Number(run.stdout.trim()) };
}

/** This script again with --child: the console's listing in a process of its own. */
function consoleProcessCount(kubeconfig: string, dir: string) {
  const run = timedProcess('"$1" --conditions=react-server --import tsx "$2" --child "$3" "$4"', [process.execPath, import.meta.filename, kubeconfig, dir], 1 << 20);
  const listing = JSON.parse(run.stdout) as Awaited<ReturnType<typeof consoleCount>>;
  return { ms: run.ms, cpuMs: run.cpuMs, count: listing.count, pages: listing.pages, peakRssMiB: listing.peakRssMiB, listingMs: listing.ms };
}

/** Run in the child: listPods page after page; `ms` is the listing alone, without the process's start-up. */
async function consoleCount(kubeconfig: string, dir: string): Promise<{ count: number; ms: number; pages: number; peakRssMiB: number }> {
  setConfig({ authMode: 'kubeconfig', kubeconfigPaths: [kubeconfig], sessionSecret: 'bench-session-secret-long-enough-for-checks', namespaces: [], dataDir: dir, port: 0 });
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

async function main(): Promise<void> {
  const pods = Number(process.argv[2] ?? 150_000);
  const nodes = Number(process.argv[3] ?? 5_000);
  const dir = mkdtempSync(join(tmpdir(), 'watchdeck-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const sandboxStarted = performance.now();
  const child = await startSandboxProcess(dir, nodes, pods);
  console.log(`sandbox with ${pods} pods on ${nodes} nodes up in ${((performance.now() - sandboxStarted) / 1000).toFixed(1)} s`);
  try {
    if (!existsSync(kubeconfig)) throw new Error('the sandbox wrote no kubeconfig');
    // One warm-up each: the sandbox's first full list builds its snapshot.
    consoleProcessCount(kubeconfig, dir);
    kubectlCount(kubeconfig);
    const consoleRuns: ReturnType<typeof consoleProcessCount>[] = [];
    const kubectlRuns: ReturnType<typeof kubectlCount>[] = [];
    for (let i = 0; i < RUNS; i++) {
      consoleRuns.push(consoleProcessCount(kubeconfig, dir));
      kubectlRuns.push(kubectlCount(kubeconfig));
    }
    for (const [i, r] of consoleRuns.entries()) {
      console.log(`console run ${i + 1}: ${r.count} rows in ${r.pages} pages; listing alone ${(r.listingMs / 1000).toFixed(2)} s (peak RSS ${r.peakRssMiB} MiB)`);
      if (r.count !== kubectlRuns[i].count) console.log(`  counts differ (kubectl | jq: ${kubectlRuns[i].count}): the sandbox's pods changed between the two lists`);
    }
    // The process timings, start-up included on both sides, are the ones compared.
    console.log(samplesLine('console listPods process', consoleRuns));
    console.log(samplesLine('kubectl | jq           ', kubectlRuns));
    const best = (runs: { ms: number }[]) => Math.min(...runs.map((r) => r.ms));
    console.log(`ratio console/kubectl, best of ${RUNS} each, process to process: ${(best(consoleRuns) / best(kubectlRuns)).toFixed(2)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') console.log(JSON.stringify(await consoleCount(process.argv[3], process.argv[4])));
else await main();
