/**
 * The Nodes page's list at scale: every node of a 150,000-pod, 5,000-node sandbox with what its
 * active pods request and limit, as GET /api/v1/clusters/{cluster}/nodes answers it (the console
 * lists nodes, their metrics and every active pod). Measured: the answer's wall time, the console
 * process's CPU time and its peak resident memory during the request (VmHWM, reset through
 * /proc/PID/clear_refs first). The reference, on the same pods in the same run: what a user would
 * run instead to add up each node's pods, kubectl listing the active pods of every namespace as
 * JSON in kubectl's pages of 500 and jq grouping them by node. The two take turns RUNS times after
 * one warm-up each; every sample is printed and the ratio compares best with best.
 *
 *   npx tsx bench/nodes-list.ts [pods=150000] [nodes=5000] [--console-only]
 *
 * `--console-only` leaves kubectl out (it takes minutes at this scale), to compare the console with itself.
 */
import { writeFileSync } from 'node:fs';
import { processCpuMs, readPeakRss, readRss, startBenchConsole } from './pods-page';
import { load, samplesLine, timedProcessAsync } from './timed-process';

const CONSOLE_ONLY = process.argv.includes('--console-only');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const [PODS, NODES] = [Number(positional[0] ?? 150_000), Number(positional[1] ?? 5_000)];
const RUNS = 3;
const CLUSTER = 'eks-work-cluster';
const ACTIVE = 'status.phase!=Succeeded,status.phase!=Failed';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

interface NodeRow {
  name: string;
  allocated?: { pods: number };
}

const bench = await startBenchConsole({ pods: PODS, nodes: NODES });
try {
  const pid = bench.console.pid!;
  const consoleRun = async () => {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const before = readRss(pid);
    const at = load();
    const cpu = processCpuMs(pid);
    const started = performance.now();
    const response = await fetch(`${bench.base}/api/v1/clusters/${CLUSTER}/nodes`, { headers: { cookie: bench.cookie } });
    const body = (await response.json()) as { items: NodeRow[]; allocated: unknown };
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`the nodes list failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    const pods = body.items.reduce((sum, n) => sum + (n.allocated?.pods ?? 0), 0);
    return { ms, cpuMs: processCpuMs(pid) - cpu, load: at, before, peak: readPeakRss(pid), nodes: body.items.length, pods };
  };
  const kubectlRun = async () => {
    const run = await timedProcessAsync(
      `kubectl --kubeconfig "$1" --context sandbox-admin get pods -A --chunk-size=500 --field-selector='${ACTIVE}' -o json | jq '[.items[] | .spec.nodeName // empty] | group_by(.) | map(length) | [length, add]'`,
      [bench.sandbox.files!.kubeconfig],
    );
    const [nodes, pods] = JSON.parse(run.stdout) as [number, number];
    return { ...run, nodes, pods };
  };
  await consoleRun();
  if (!CONSOLE_ONLY) await kubectlRun();
  const consoles: Awaited<ReturnType<typeof consoleRun>>[] = [];
  const kubectls: Awaited<ReturnType<typeof kubectlRun>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    consoles.push(await consoleRun());
    if (!CONSOLE_ONLY) kubectls.push(await kubectlRun());
  }
  const best = (values: number[]) => Math.min(...values);
  console.log(
    [
      `nodes and the active pods on them: console ${consoles.map((r) => `${r.nodes} nodes / ${r.pods} pods`).join(', ')}; kubectl | jq ${kubectls.map((r) => `${r.nodes} nodes / ${r.pods} pods`).join(', ')}`,
      samplesLine(`console GET /nodes (console process CPU; load ${consoles.map((r) => r.load.toFixed(2)).join(', ')})`, consoles),
      `console peak resident memory during each request (VmHWM): ${consoles.map((r) => `${mib(r.peak)} (${mib(r.before)} before it)`).join(', ')}`,
      ...(CONSOLE_ONLY
        ? []
        : [
            samplesLine(`kubectl get pods -A --field-selector=${ACTIVE} -o json | jq by node (CPU of both)`, kubectls),
            `ratio console / kubectl, best of ${RUNS} each by wall time: ${(best(consoles.map((r) => r.ms)) / best(kubectls.map((r) => r.ms))).toFixed(2)}`,
          ]),
    ].join('\n'),
  );
} finally {
  await bench.close();
}
