/**
 * The Chromium that the browser tests and benches drive: Debian's /usr/bin/chromium when it is
 * installed, otherwise the headless build npm installs with @sparticuz/chromium, unpacked into the
 * temporary directory on first use.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LaunchOptions } from '@playwright/test';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Root in CI needs no sandbox; no GPU on a server; no background requests leaving the machine. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * @sparticuz/chromium's flags that suit its Lambda home but would change what the tests check: the
 * same-origin policy, mixed content and site isolation stay as in a user's browser, and pages keep
 * their own renderer processes.
 */
const LOOSENING = ['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials', '--disable-features=', '--single-process'];

export type ChromiumLaunch = Required<Pick<LaunchOptions, 'executablePath' | 'args'>> & Pick<LaunchOptions, 'env'>;

export async function chromiumLaunchOptions(system = SYSTEM_CHROMIUM): Promise<ChromiumLaunch> {
  if (isExecutableFile(system)) return { executablePath: system, args: CHROMIUM_ARGS };
  const { default: chromium } = await import('@sparticuz/chromium');
  const executablePath = await chromium.executablePath();
  const own = chromium.args.filter((arg) => !LOOSENING.some((flag) => arg.startsWith(flag)));
  const args = [...own, ...CHROMIUM_ARGS.filter((arg) => !own.includes(arg))];
  const env: Record<string, string> = {};
  // Its fonts, unpacked beside it, when the machine has no fontconfig of its own.
  if (!fs.existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_PATH = path.join(os.tmpdir(), 'fonts');
  // NSS and expat, which a machine with only Node.js lacks, come in the package's Amazon Linux libraries.
  if (!starts(executablePath, {})) {
    const lib = bundledLibraries();
    env.LD_LIBRARY_PATH = [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    if (!starts(executablePath, env)) throw new Error(`${executablePath} (@sparticuz/chromium) does not start, even with the libraries in ${lib}`);
  }
  return Object.keys(env).length > 0 ? { executablePath, args, env: { ...process.env, ...env } } : { executablePath, args };
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function starts(executable: string, env: Record<string, string>): boolean {
  return spawnSync(executable, ['--version'], { env: { ...process.env, ...env }, stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** Unpacks the package's al2023.tar.br where its own Lambda setup would, once. */
function bundledLibraries(): string {
  const lib = path.join(os.tmpdir(), 'al2023', 'lib');
  if (fs.existsSync(path.join(lib, 'libnss3.so'))) return lib;
  const packageDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
  const tar = zlib.brotliDecompressSync(fs.readFileSync(path.join(packageDir, 'bin', 'al2023.tar.br')));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'al2023-'));
  const untar = spawnSync('tar', ['-x', '-C', staging], { input: tar });
  if (untar.status !== 0) throw new Error(`could not unpack @sparticuz/chromium's libraries: ${untar.stderr}`);
  // Renamed whole, so a concurrent run sees either nothing or every library.
  try {
    fs.renameSync(staging, path.dirname(lib));
  } catch {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return lib;
}
