/**
 * How long the sandbox takes to build and start a large generated cluster
 * (default: the upstream limits, 5,000 nodes and 150,000 pods) with every
 * controller running, how busy the controllers are afterwards, and how long
 * 5 simulated minutes take (heartbeats, probes, the scenario's churn).
 * Run: npx tsx bench/sandbox-scale.ts [nodes] [pods] [default|empty]
 */
import { createWorld } from '../sandbox/world/index';

const nodes = Number(process.argv[2] ?? 5_000);
const pods = Number(process.argv[3] ?? 150_000);
const scenario = (process.argv[4] ?? 'empty') as 'default' | 'empty';

const t0 = performance.now();
const world = createWorld({ mode: 'manual', seed: 1, scenario, scale: { nodes, pods } });
const built = performance.now();
world.start();
world.advance(0);
const started = performance.now();
const rvAfterStart = world.store.resourceVersion;
world.advance(60_000);
const minute = performance.now();
const rvBeforeFive = world.store.resourceVersion;
const cpuBeforeFive = process.cpuUsage();
// In 10 s steps, as a realtime world's loop moves the clock in small steps too.
for (let i = 0; i < 30; i++) world.advance(10_000);
const five = performance.now();
const fiveCpu = process.cpuUsage(cpuBeforeFive);

const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
console.log(
  `cluster: ${world.store.count('nodes')} nodes, ${world.store.count('pods')} pods, ${world.store.count('apps/deployments')} deployments, ${world.store.count('namespaces')} namespaces (scenario ${scenario})`,
);
console.log(`build (nodes, deployments, replica sets, running pods): ${ms(t0, built)}`);
console.log(`start and first reconcile of every controller:          ${ms(built, started)}`);
console.log(`one simulated minute afterwards:                        ${ms(started, minute)} (${world.store.resourceVersion - rvAfterStart} writes)`);
console.log(
  `5 simulated minutes after that:                          ${ms(minute, five)} (${Math.round((fiveCpu.user + fiveCpu.system) / 1000)} ms CPU, ${world.store.resourceVersion - rvBeforeFive} writes)`,
);
console.log(`heap used: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
