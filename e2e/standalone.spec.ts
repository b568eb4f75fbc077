/**
 * The image's runtime, without a container engine: the build the test server already made is laid
 * out as the Dockerfile copies it, made read-only, and started as its CMD starts it (`node
 * --heap-growing-percent=100 server.js`) as an unprivileged user whose only writable places are
 * HOME, TMPDIR and the data directory. It is
 * pointed at the test server's sandbox in token mode and used as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { copyImageLayout, SERVER_NODE_FLAGS } from '../scripts/standalone';
import { CLUSTER, sandboxUsers } from './fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The image's user; root here drops to it, anyone else runs as themselves on read-only files. */
const IMAGE_UID = 10001;
const asImageUser = process.getuid?.() === 0;

let dir: string;
let server: ChildProcess | undefined;
let baseURL: string;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Every file under `top`, relative, with its size: what the server could have written. */
function listing(top: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${path.relative(top, p)} ${fs.lstatSync(p).size}`);
    }
  };
  walk(top);
  return out.sort();
}

function writableDir(name: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { mode: 0o700 });
  if (asImageUser) fs.chownSync(d, IMAGE_UID, IMAGE_UID);
  return d;
}

function makeReadOnly(top: string): void {
  for (const e of fs.readdirSync(top, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath, e.name);
    if (!e.isSymbolicLink()) fs.chmodSync(p, fs.statSync(p).mode & 0o555);
  }
  fs.chmodSync(top, 0o555);
}

/** The pods the sandbox itself lists to admin, straight from its API server: what the console must show. */
async function sandboxPodNames(kubeconfig: string, token: string): Promise<string[]> {
  const text = fs.readFileSync(kubeconfig, 'utf8');
  const server = /server: (\S+)/.exec(text)![1];
  const ca = Buffer.from(/certificate-authority-data: (\S+)/.exec(text)![1], 'base64');
  const body = await new Promise<string>((resolve, reject) => {
    https
      .get(`${server}/api/v1/pods`, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve(data));
      })
      .on('error', reject);
  });
  return (JSON.parse(body).items as { metadata: { namespace: string; name: string } }[]).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
}

test.describe('the image runtime layout', () => {
  let appDir: string;
  let dataDir: string;
  let before: string[];

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-image-'));
    fs.chmodSync(dir, 0o755);
    appDir = path.join(dir, 'app');
    fs.mkdirSync(appDir);
    copyImageLayout(root, appDir);
    makeReadOnly(appDir);
    before = listing(appDir);
    const home = writableDir('home');
    const tmp = writableDir('tmp');
    dataDir = writableDir('data');
    // The sandbox's kubeconfig for the console names the cluster and no user; the image user may read it.
    const kubeconfig = path.join(dir, 'console.kubeconfig');
    fs.copyFileSync(path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'console.kubeconfig'), kubeconfig);
    fs.chmodSync(kubeconfig, 0o644);
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server.js'], {
      cwd: appDir,
      ...(asImageUser ? { uid: IMAGE_UID, gid: IMAGE_UID } : {}),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOSTNAME: '127.0.0.1',
        PORT: String(port),
        HOME: home,
        TMPDIR: tmp,
        WATCHDECK_DATA_DIR: dataDir,
        WATCHDECK_AUTH_MODE: 'token',
        WATCHDECK_KUBECONFIG: kubeconfig,
        WATCHDECK_NAMESPACES: 'eks-work,rbac-test-ns',
        WATCHDECK_HPA_RECORDER: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (c) => (output += c));
    server.stderr!.on('data', (c) => (output += c));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`node server.js exited ${server.exitCode}:\n${output}`);
      try {
        if ((await fetch(`${baseURL}/api/v1/healthz`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`node server.js did not answer healthz in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    if (dir) {
      fs.chmodSync(path.join(dir, 'app'), 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('is live, and ready on the embedded store kept in the data directory', async ({ request }) => {
    const live = await request.get(`${baseURL}/api/v1/healthz`);
    expect([live.status(), await live.json()]).toEqual([200, { status: 'ok' }]);
    // A new data directory's store is made (initdb) on first use: not ready until then, as a readiness probe would see it.
    await expect
      .poll(
        async () => {
          const ready = await request.get(`${baseURL}/api/v1/readyz`);
          return [ready.status(), await ready.json()];
        },
        { timeout: 60_000 },
      )
      .toEqual([200, { status: 'ready', store: 'pglite' }]);
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(fs.statSync(path.join(dataDir, 'session-secret')).mode & 0o777).toBe(0o600);
  });

  test('signs admin in with a token and lists the pods the sandbox lists, then serves the overview with a nonce', async ({ playwright }) => {
    const admin = sandboxUsers().find((u) => u.name === 'admin')!;
    const api = await playwright.request.newContext({ baseURL });
    const session = await (await api.get('/api/v1/auth/session')).json();
    expect(session).toMatchObject({ mode: 'token', signedIn: false });
    const signIn = await api.post('/api/v1/auth/sign-in', {
      data: { token: admin.token },
      headers: { 'X-CSRF-Token': session.csrfToken, Origin: baseURL, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(signIn.status()).toBe(200);
    expect(await signIn.json()).toEqual({ signedIn: true, user: { username: 'admin', groups: admin.groups } });

    const pods = await api.get(`/api/v1/clusters/${CLUSTER}/pods`);
    expect(pods.status()).toBe(200);
    const rows = (await pods.json()).items as { namespace: string; name: string }[];
    const expected = await sandboxPodNames(path.join(dir, 'console.kubeconfig'), admin.token);
    expect(expected.length).toBeGreaterThan(10);
    expect(rows.map((r) => `${r.namespace}/${r.name}`).sort()).toEqual(expected);

    const page = await api.get(`/c/${CLUSTER}`);
    expect(page.status()).toBe(200);
    const policy = page.headers()['content-security-policy'];
    const nonce = /'nonce-([A-Za-z0-9+/]{22}==)'/.exec(policy)?.[1];
    expect(nonce).toBeDefined();
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // The static chunks come from the copied .next/static.
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)![1];
    expect((await api.get(chunk)).status()).toBe(200);
    await api.dispose();
  });

  test('writes nothing into the application directory', () => {
    expect(listing(appDir)).toEqual(before);
    expect(output).not.toMatch(/EACCES|EROFS/);
  });
});
