/**
 * Starts the sandbox: a living simulated cluster behind an API server on
 * loopback, the three sandbox users, and (with `dir`) the kubeconfig files
 * kubectl and the console use.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createSandboxCloudWatch, type SandboxCloudWatch } from './aws/cloudwatch/index';
import { createSandboxLogs, type SandboxLogs } from './aws/logs/index';
import { createAwsServer, SANDBOX_REGION, type AwsService } from './aws/server';
import type { QueryClock } from './aws/logs/queries';
import type { FaultProxies } from './faults/control';
import type { JwtAuthenticatorConfig } from './kube/auth/jwt';
import type { SandboxUser } from './kube/auth/types';
import { RbacAuthorizer } from './kube/rbac/authorizer';
import { createKubeApiServer } from './kube/server';
import { createTlsCredentials } from './kube/tls';
import type { OidcProviderOptions, SandboxOidc } from './oidc/index';
import { bindOidcGroups, oidcAuthenticator } from './oidc/rbac';
import { createSandboxUsers } from './users';
import { writeRecorderToken } from './world/controllers/hpa-recorder-account';
import { createWorld } from './world/index';
import type { World } from './world/world';

export interface SandboxOptions {
  seed?: number;
  mode?: 'realtime' | 'manual';
  speed?: number;
  scale?: { nodes: number; pods: number };
  port?: number;
  host?: string;
  scenario?: 'default' | 'empty';
  /** Where to write kubeconfig files; omit to write none. */
  dir?: string;
  /** Serve plain HTTP instead of HTTPS (default false). */
  insecure?: boolean;
  /** The AWS endpoint's port; 0 or omitted picks a free one. */
  awsPort?: number;
  /** JWT authenticators for OIDC ID tokens, as the `jwt` list of kube-apiserver's AuthenticationConfiguration. */
  jwt?: JwtAuthenticatorConfig[];
  /** Start the OpenID provider for a console at these URLs, and have the API server accept its ID tokens. */
  oidc?: Omit<OidcProviderOptions, 'host'>;
  /** Put fault-injecting proxies in front of the API server and AWS endpoint for the console (sandbox/faults). */
  faults?: boolean;
  /** How long a watch can resume from a resourceVersion before it gets 410 Expired, in seconds (default 300). */
  watchWindowSeconds?: number;
  /** Start the realtime clock this many seconds behind the wall clock and serve a control that moves it forward (sandbox/clock). */
  clockControl?: { behindSeconds: number };
  /** The clock Logs Insights queries' minimum run time passes on, instead of the wall clock: a test moves it to end queries when it means to. */
  queryClock?: QueryClock;
}

export interface Sandbox {
  url: string;
  /** PEM of the CA the server's certificate chains to, when HTTPS. */
  caData?: string;
  users: SandboxUser[];
  world: World;
  /** The AWS endpoint (CloudWatch Logs, CloudWatch) the SDK clients reach through `endpoint`. */
  aws: { url: string; region: string };
  /** CloudWatch Logs behind the AWS endpoint, with the Container Insights shipper feeding it. */
  logs: SandboxLogs;
  /** CloudWatch: metrics (the sink of metric filters and Container Insights), alarms, dashboards. */
  cloudwatch: SandboxCloudWatch;
  files?: { kubeconfig: string; consoleKubeconfig: string; users: string; env: string; hpaRecorderToken?: string; oidcClientSecret?: string; oidcUsers?: string; oidcCa?: string };
  /** Resolves once every `jwt` authenticator has read its issuer's discovery document (retried until it answers). */
  jwtReady(): Promise<void>;
  /** The OpenID provider, when started with `oidc`. */
  oidc?: Omit<SandboxOidc, 'close'>;
  /** With `faults`: the proxies the console's kubeconfig and AWS endpoint go through, and their control. */
  faults?: Omit<FaultProxies, 'close'>;
  /** With `clockControl`: where the clock's control listens. */
  clock?: { url: string };
  close(): Promise<void>;
}

export const CLUSTER_NAME = 'eks-work-cluster';

/** Namespaces every cluster has from the start (the API server's system namespaces controller makes them). */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

const DEFAULT_NAMESPACE: Record<string, string> = { admin: 'eks-work', oncall: 'eks-work', dev: 'rbac-test-ns' };

function ensureSystemNamespaces(world: World): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (world.store.get('namespaces', undefined, name)) continue;
    world.store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
}

function cluster(url: string, caData: string | undefined) {
  return {
    name: CLUSTER_NAME,
    cluster: { server: url, ...(caData ? { 'certificate-authority-data': Buffer.from(caData).toString('base64') } : {}) },
  };
}

/** A kubeconfig with one context per sandbox user: sandbox-admin, sandbox-oncall, sandbox-dev. */
export function sandboxKubeconfig(url: string, caData: string | undefined, users: SandboxUser[], current = 'sandbox-admin'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster(url, caData)],
    contexts: users.map((u) => ({
      name: `sandbox-${u.username}`,
      context: { cluster: CLUSTER_NAME, user: `sandbox-${u.username}`, namespace: DEFAULT_NAMESPACE[u.username] ?? 'default' },
    })),
    users: users.map((u) => ({ name: `sandbox-${u.username}`, user: { token: u.token } })),
    'current-context': current,
    preferences: {},
  });
}

/** The console's kubeconfig in token mode: the cluster and no credentials. */
export function consoleKubeconfig(url: string, caData: string | undefined): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster(url, caData)],
    contexts: [{ name: CLUSTER_NAME, context: { cluster: CLUSTER_NAME, user: '', namespace: 'eks-work' } }],
    users: [],
    'current-context': CLUSTER_NAME,
    preferences: {},
  });
}

/** `.sandbox/env`: what an AWS SDK or CLI needs to reach the sandbox's AWS endpoint, as shell assignments. */
export function sandboxAwsEnv(aws: { url: string; region: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: aws.url,
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    // The endpoint accepts any signature; these only make the SDK sign.
    AWS_ACCESS_KEY_ID: 'AKIASANDBOXWATCHDECK',
    AWS_SECRET_ACCESS_KEY: 'sandbox-secret-access-key',
  };
}

async function writeFiles(dir: string, url: string, caData: string | undefined, users: SandboxUser[], aws: { url: string; region: string }, consoleServer = { url, caData }) {
  await mkdir(dir, { recursive: true });
  const files = { kubeconfig: join(dir, 'kubeconfig'), consoleKubeconfig: join(dir, 'console.kubeconfig'), users: join(dir, 'users.json'), env: join(dir, 'env') };
  const env = Object.entries(sandboxAwsEnv(aws))
    .map(([k, v]) => `export ${k}=${v}\n`)
    .join('');
  await writeFile(files.env, env, { mode: 0o644 });
  await writeFile(files.kubeconfig, sandboxKubeconfig(url, caData, users), { mode: 0o600 });
  await writeFile(files.consoleKubeconfig, consoleKubeconfig(consoleServer.url, consoleServer.caData), { mode: 0o644 });
  const entries = users.map((u) => ({ name: u.username, username: u.username, groups: u.groups, token: u.token, description: u.description }));
  await writeFile(files.users, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps an existing file's mode; tokens must stay private.
  await chmod(files.kubeconfig, 0o600);
  await chmod(files.users, 0o600);
  return files;
}

/** The provider's client secret and its users' passwords, private like the tokens. */
async function writeOidcFiles(dir: string, oidc: SandboxOidc): Promise<{ oidcClientSecret: string; oidcUsers: string; oidcCa: string }> {
  const files = { oidcClientSecret: join(dir, 'oidc-client-secret'), oidcUsers: join(dir, 'oidc-users.json'), oidcCa: join(dir, 'oidc-ca.pem') };
  await writeFile(files.oidcCa, oidc.caPem, { mode: 0o644 });
  await writeFile(files.oidcClientSecret, `${oidc.clientSecret}\n`, { mode: 0o600 });
  await writeFile(files.oidcUsers, `${JSON.stringify({ issuer: oidc.issuer, clientId: oidc.clientId, users: oidc.users }, null, 2)}\n`, { mode: 0o600 });
  await chmod(files.oidcClientSecret, 0o600);
  await chmod(files.oidcUsers, 0o600);
  return files;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const start = options.clockControl ? new Date(Date.now() - options.clockControl.behindSeconds * 1000) : undefined;
  const world = createWorld({
    seed: options.seed,
    mode: options.mode,
    speed: options.speed,
    start,
    scenario: options.scenario,
    scale: options.scale,
    watchWindowMs: options.watchWindowSeconds === undefined ? undefined : options.watchWindowSeconds * 1000,
  });
  ensureSystemNamespaces(world);
  // Loaded only when asked for: oidc-provider and Koa are not needed by every sandbox.
  const oidc = options.oidc ? await (await import('./oidc/index')).startOidcProvider({ ...options.oidc, host: options.host }) : undefined;
  if (oidc && options.scenario !== 'empty') bindOidcGroups(world);
  const users = createSandboxUsers();
  const tls = options.insecure ? undefined : await createTlsCredentials();
  const jwt = [...(options.jwt ?? []), ...(oidc ? [oidcAuthenticator(oidc)] : [])];
  const server = createKubeApiServer(world, { users, authorizer: new RbacAuthorizer(world.store), tls, jwt });
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const services: AwsService[] = [];
  const cloudwatch = createSandboxCloudWatch(world, { clusterName: CLUSTER_NAME, scenarioAlarms: options.scenario !== 'empty' });
  const logs = createSandboxLogs(world, { clusterName: CLUSTER_NAME, scenario: options.scenario, metrics: cloudwatch.metrics, queries: { clock: options.queryClock } });
  services.push(logs.service, cloudwatch.service);
  const awsServer = createAwsServer(services);
  const aws = { url: await awsServer.listen(options.awsPort ?? 0, options.host ?? '127.0.0.1'), region: SANDBOX_REGION };
  world.start();
  // Loaded only when asked for, like the OpenID provider.
  const faults = options.faults ? await (await import('./faults/control')).startFaultProxies({ url, caData: tls?.caPem, aws }, { dir: options.dir }) : undefined;
  const clock = options.clockControl ? await (await import('./clock/control')).startClockControl(world, { dir: options.dir }) : undefined;
  const consoleServer = faults ? { url: faults.apiServer.url, caData: faults.apiServer.ca } : undefined;
  const files: Sandbox['files'] = options.dir ? await writeFiles(options.dir, url, tls?.caPem, users, aws, consoleServer) : undefined;
  // The console records HPA history as a read-only service account of its own.
  if (files) files.hpaRecorderToken = await writeRecorderToken(options.dir!, world.store, url, tls?.caPem, users.find((u) => u.username === 'admin')!.token);
  if (files && oidc) Object.assign(files, await writeOidcFiles(options.dir!, oidc));
  return {
    url,
    ...(tls ? { caData: tls.caPem } : {}),
    users,
    world,
    aws,
    logs,
    cloudwatch,
    ...(files ? { files } : {}),
    jwtReady: () => server.jwtReady(),
    ...(faults ? { faults: { apiServer: faults.apiServer, aws: faults.aws, control: faults.control } } : {}),
    ...(clock ? { clock: { url: clock.url } } : {}),
    ...(oidc ? { oidc: { issuer: oidc.issuer, caPem: oidc.caPem, clientId: oidc.clientId, clientSecret: oidc.clientSecret, users: oidc.users, rotateKeys: oidc.rotateKeys } } : {}),
    async close() {
      world.stop();
      logs.close();
      cloudwatch.stop();
      await Promise.all([server.close(), awsServer.close(), oidc?.close(), faults?.close(), clock?.close()]);
    },
  };
}
