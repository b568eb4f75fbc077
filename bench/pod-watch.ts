/**
 * Live at scale: with the pods page open on every pod of a 150,000-pod sandbox, the bench changes
 * 500 pods a second in the sandbox's store (a label `bench-at` holding the time of the change) and
 * measures, in the page, how long each change of 30 watched pods takes to show in their rows. The
 * other 470 changes a second fall on random pods, which the page must take in all the same. At the
 * end, every watched row must show its pod's last change. The console server's resident memory is
 * printed after the page loaded every pod, sampled each second of the changes (with the machine's
 * load), and its peak during them (VmHWM, reset through /proc/PID/clear_refs when they start).
 *
 *   npx tsx bench/pod-watch.ts [pods=150000] [nodes=5000] [seconds=30] [rate=500]
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { KubeObject } from '../sandbox/kube/store';
import { readPeakRss, readRss, startBenchConsole } from './pods-page';
import { load } from './timed-process';

const PODS = Number(process.argv[2] ?? 150_000);
const NODES = Number(process.argv[3] ?? 5_000);
const SECONDS = Number(process.argv[4] ?? 30);
const RATE = Number(process.argv[5] ?? 500);
const TICK_MS = 20;
const CLUSTER = 'eks-work-cluster';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const bench = await startBenchConsole({ pods: PODS, nodes: NODES, viewport: { width: 1600, height: 1400 } });
try {
  const { sandbox, page } = bench;
  const store = sandbox.world.store;
  const all = store.list('pods').map((pod: KubeObject) => [pod.metadata.namespace!, pod.metadata.name] as const);
  // One Deployment's pods: its name and template hash make a prefix no other pod has.
  const sample = all.find(([namespace, name]) => namespace === 'scale-7' && name.startsWith('app-3-'));
  if (!sample) throw new Error('the sandbox has no pods of scale-7/app-3');
  const prefix = sample[1].replace(/[a-z0-9]{5}$/, '');
  const probes = all.filter(([namespace, name]) => namespace === sample[0] && name.startsWith(prefix));
  const others = all.filter(([namespace, name]) => !(namespace === sample[0] && name.startsWith(prefix)));

  // Each watched row's text, read whenever the table changes: the first time a row shows a change, its lag.
  await page.addInitScript(`
    window.podLags = [];
    window.podShown = {};
    const seen = new Set();
    const read = () => {
      const now = Date.now();
      for (const row of document.querySelectorAll('table[aria-label="Pods"] tbody tr[aria-rowindex]')) {
        const text = row.textContent ?? '';
        const at = /bench-at=(\\d+)/.exec(text);
        const name = row.querySelector('a')?.textContent ?? '';
        if (!at || !name) continue;
        window.podShown[name] = at[1];
        const key = name + ':' + at[1];
        if (seen.has(key)) continue;
        seen.add(key);
        window.podLags.push([Number(at[1]), now - Number(at[1])]);
      }
    };
    new MutationObserver(read).observe(document, { subtree: true, childList: true, characterData: true });
  `);
  await page.goto(`/c/${CLUSTER}/pods?namespace=default&allNamespaces=true&labels=true&name=${encodeURIComponent(prefix)}`);
  // Every page loaded: the count without "(loading…)".
  await page
    .getByTestId('pod-count')
    .filter({ hasText: new RegExp(`^${probes.length} of \\d+ pods(?! \\(loading)`) })
    .waitFor({ timeout: 600_000 });
  await page.getByRole('status', { name: 'Watch live' }).waitFor({ timeout: 60_000 });
  console.log(`page open on every pod (${await page.getByTestId('pod-count').innerText()}), showing the ${probes.length} named ${prefix}*`);

  const pid = bench.console.pid!;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  console.log(`console server resident memory with every pod loaded: ${mib(readRss(pid))} (peak so far ${mib(readPeakRss(pid))}), load ${load().toFixed(2)}`);
  // Writing 5 to clear_refs resets the peak to what is resident now: the peak printed at the end is the watch's.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const memory: string[] = [];
  const sampler = setInterval(() => memory.push(`${mib(readRss(pid))} (load ${load().toFixed(1)})`), 1000);
  const last = new Map<string, string>();
  const perTick = (RATE * TICK_MS) / 1000;
  const probeShare = probes.length / 1000;
  let sent = 0;
  let behind = 0;
  // The sandbox serves the watch from this process: a stall here delays every change.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();
  await new Promise<void>((resolve) => {
    let due = started;
    const tick = () => {
      const now = Date.now();
      if (now - started >= SECONDS * 1000) return resolve();
      // Catch up on ticks the event loop missed, so the rate holds however busy the process is.
      while (due <= now) {
        for (let i = 0; i < perTick; i++) {
          const probe = Math.random() < probeShare;
          const [namespace, name] = probe ? probes[Math.floor(Math.random() * probes.length)] : others[Math.floor(Math.random() * others.length)];
          const at = String(Date.now());
          store.mutate('pods', namespace, name, (draft) => {
            draft.metadata.labels = { ...draft.metadata.labels, 'bench-at': at };
          });
          if (probe) last.set(name, at);
          sent += 1;
        }
        due += TICK_MS;
        if (due <= now) behind += 1;
      }
      setTimeout(tick, Math.max(0, due - Date.now()));
    };
    tick();
  });
  const elapsed = (Date.now() - started) / 1000;
  loop.disable();
  clearInterval(sampler);
  const watchPeak = readPeakRss(pid);
  // The last changes get two seconds to arrive; then every watched row must show its pod's last one.
  await page.waitForTimeout(2_000);
  const { lags, shown } = await page.evaluate(() => {
    const w = window as unknown as { podLags: [number, number][]; podShown: Record<string, string> };
    return { lags: w.podLags, shown: w.podShown };
  });
  const measured = lags.filter(([at]) => at >= started);
  const values = measured.map(([, lag]) => lag);
  const stale = [...last].filter(([name, at]) => shown[name] !== at);
  const window = (from: number, to: number) => measured.filter(([at]) => at >= started + from * 1000 && at < started + to * 1000).map(([, lag]) => lag);
  const first = window(0, 10);
  const final = window(SECONDS - 10, SECONDS);
  console.log(
    [
      `changes made: ${sent} in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s; ticks late: ${behind}), ${[...last.keys()].length} watched pods changed`,
      `watched changes seen in the page: ${values.length}; lag p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, p99 ${percentile(values, 99)} ms, max ${Math.max(...values)} ms; over 2 s: ${values.filter((v) => v > 2000).length}`,
      `first 10 s: p95 ${percentile(first, 95)} ms; last 10 s: p95 ${percentile(final, 95)} ms`,
      `watched rows not showing their pod's last change 2 s after the end: ${stale.length}${
        stale.length
          ? ` (${stale
              .slice(0, 3)
              .map(([n]) => n)
              .join(', ')}…)`
          : ''
      }`,
      `console server resident memory each second of the changes: ${memory.join(', ')}; peak ${mib(watchPeak)} (VmHWM; target under 300 MB = 286 MiB)`,
      `the sandbox's event loop (this process) was late by p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, at most ${(loop.max / 1e6).toFixed(0)} ms`,
    ].join('\n'),
  );
  await page.screenshot({ path: '/tmp/watchdeck-pod-watch-bench.png' });
} finally {
  await bench.close();
}
