/**
 * Timing a command as a whole process, so that the console's side and its reference (kubectl, jq)
 * are timed from the same point: from before the process starts to its exit, start-up included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

/** Wall time from spawn to exit, and the CPU time the command's processes used (bash's `times`). */
export interface ProcessSample {
  ms: number;
  cpuMs: number;
  stdout: string;
}

const bashArgs = (script: string, args: string[]) => ['-o', 'pipefail', '-c', `${script} && times`, 'bench', ...args];

/** Runs `script` in bash (`$1`… are `args`); throws with its stderr when it fails. */
export function timedProcess(script: string, args: string[] = [], maxBuffer = 1 << 26): ProcessSample {
  const started = performance.now();
  const run = spawnSync('bash', bashArgs(script, args), { encoding: 'utf8', maxBuffer });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${script} failed (exit ${run.status}): ${run.stderr}`);
  return sample(ms, run.stdout);
}

/** timedProcess for when what the command talks to runs in this process (its event loop must keep turning). */
export async function timedProcessAsync(script: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<ProcessSample> {
  const started = performance.now();
  const child = spawn('bash', bashArgs(script, args), { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
  return sample(ms, stdout);
}

function sample(ms: number, stdout: string): ProcessSample {
  const lines = stdout.trimEnd().split('\n');
  // `times` prints the shell's own times, then its children's: the command's CPU time is the last line.
  const [user, system] = lines[lines.length - 1].split(' ').map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t)!;
    return (Number(m[1]) * 60 + Number(m[2])) * 1000;
  });
  return { ms, cpuMs: user + system, stdout: lines.slice(0, -2).join('\n') };
}

/** Every sample, then the best: `label: 1.23, 1.19, 1.31 s wall (best 1.19); 1.10, … s CPU (best 1.08)`. */
export function samplesLine(label: string, samples: { ms: number; cpuMs?: number }[]): string {
  const secs = (values: number[]) => values.map((v) => (v / 1000).toFixed(2)).join(', ');
  const wall = samples.map((s) => s.ms);
  let text = `${label}: ${secs(wall)} s wall (best ${(Math.min(...wall) / 1000).toFixed(2)})`;
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== undefined);
  if (cpu.length === samples.length) text += `; ${secs(cpu)} s CPU (best ${(Math.min(...cpu) / 1000).toFixed(2)})`;
  return text;
}

/** A figure with the machine's one-minute load average when it was taken: on a shared machine that says how much to trust it. */
export interface LoadedSample {
  ms: number;
  cpuMs: number;
  load: number;
}

/** The machine's one-minute load average now. */
export const load = (): number => loadavg()[0];

/** Times `work` by wall clock and by this process's CPU time (every thread's), with the load when it started. */
export async function measured<T>(work: () => T | Promise<T>): Promise<LoadedSample & { value: T }> {
  const at = load();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, load: at, value };
}

/** Every sample with its load, then the best of each: `label: 1.23 s wall / 1.10 s CPU (load 1.9), … best 1.19 wall, 1.08 CPU`. */
export function loadedSamplesLine(label: string, samples: LoadedSample[]): string {
  const each = samples.map((s) => `${(s.ms / 1000).toFixed(3)} wall / ${(s.cpuMs / 1000).toFixed(3)} CPU (load ${s.load.toFixed(2)})`).join(', ');
  const best = (values: number[]) => (Math.min(...values) / 1000).toFixed(3);
  return `${label}: ${each} s; best ${best(samples.map((s) => s.ms))} s wall, ${best(samples.map((s) => s.cpuMs))} s CPU`;
}
