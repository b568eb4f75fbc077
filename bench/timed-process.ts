/**
 * Timing a command as a whole process, so that the console's side and its reference (kubectl, jq)
 * are timed from the same point: from before the process starts to its exit, start-up included.
 */
import { spawn, spawnSync } from 'node:child_process';

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
