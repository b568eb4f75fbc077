import 'server-only';
/** Test scaffolding for the console server: a configuration in a temp directory and kubeconfig files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { setConfig, type Config } from '../config';
import { closeStore, store, storeOptionsFromConfig } from '../store';
import { seedPgliteDataDir } from '../store/testing/pglite-template';

export interface KubeconfigSpec {
  clusters: { name: string; server: string; caPem?: string; insecure?: boolean }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; cluster: string; user: string }[];
  current?: string;
}

export function kubeconfigYaml(spec: KubeconfigSpec): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: spec.clusters.map((c) => ({
      name: c.name,
      cluster: {
        server: c.server,
        ...(c.caPem ? { 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') } : {}),
        ...(c.insecure ? { 'insecure-skip-tls-verify': true } : {}),
      },
    })),
    users: spec.users,
    contexts: spec.contexts.map((c) => ({ name: c.name, context: { cluster: c.cluster, user: c.user } })),
    'current-context': spec.current ?? spec.contexts[0]?.name ?? '',
  });
}

export interface TestConsole {
  dir: string;
  config: Config;
  close(): Promise<void>;
}

/** Points the console at a fresh data directory and the given kubeconfig text. */
export async function useTestConsole(kubeconfigText: string, overrides: Partial<Config> = {}): Promise<TestConsole> {
  await closeStore();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-test-'));
  const kubeconfigFile = path.join(dir, 'kubeconfig');
  fs.writeFileSync(kubeconfigFile, kubeconfigText);
  const config: Config = {
    authMode: 'kubeconfig',
    kubeconfigPaths: [kubeconfigFile],
    sessionSecret: 'test-session-secret-that-is-long-enough',
    namespaces: [],
    dataDir: dir,
    port: 3000,
    ...overrides,
  };
  setConfig(config);
  const options = storeOptionsFromConfig();
  if (options.kind === 'pglite' && options.dataDir) await seedPgliteDataDir(options.dataDir);
  // Opening PGlite takes seconds on a busy machine; pay for it here rather than in the first test.
  await store();
  return {
    dir,
    config,
    async close() {
      await closeStore();
      setConfig(undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
