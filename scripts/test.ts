/**
 * `npm test`: every check CI runs, cheapest first, stopping at the first that fails:
 *
 *   1. typecheck, lint, format check
 *   2. the unit tests, while the console's production build for the browser tests is made beside them
 *      (the unit tests leave a core idle most of the time; the build would otherwise wait for them)
 *   3. the browser tests (Playwright), on that build
 *
 * The build's output goes to node_modules/.cache/watchdeck-build.log and is printed only when the build fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-fingerprint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_LOG = path.join(root, 'node_modules', '.cache', 'watchdeck-build.log');

const children = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(130);
  });
}

/** `npm run <script>`, with the npm that runs this script when there is one. */
function run(script: string, options: { log?: number } = {}): ChildProcess {
  const npm = process.env.npm_execpath;
  const [command, args] = npm && /\.c?js$/.test(npm) ? [process.execPath, [npm, 'run', '--silent', script]] : ['npm', ['run', '--silent', script]];
  const stdio = options.log === undefined ? 'inherit' : (['ignore', options.log, options.log] as const);
  const child = spawn(command, args, { cwd: root, stdio: stdio as 'inherit' });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  for (const script of ['typecheck', 'lint', 'format:check']) {
    console.log(`\n> ${script}`);
    if ((await exitCode(run(script))) !== 0) return 1;
  }

  console.log('\n> test:unit, with the console built for the browser tests beside it');
  fs.mkdirSync(path.dirname(BUILD_LOG), { recursive: true });
  const log = fs.openSync(BUILD_LOG, 'w');
  const build = buildIfStale(root, () => run('build', { log })).finally(() => fs.closeSync(log));
  const [units, built] = await Promise.all([exitCode(run('test:unit')), build]);
  if (built !== 0) {
    console.error(`\nthe console's production build failed (exit ${built}); the end of its output:\n`);
    console.error(fs.readFileSync(BUILD_LOG, 'utf8').split('\n').slice(-60).join('\n'));
  }
  if (units !== 0 || built !== 0) return 1;

  console.log('\n> test:e2e');
  return exitCode(run('test:e2e'));
}

process.exitCode = await main();
