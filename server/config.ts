import 'server-only';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_IN_CLUSTER_NAME, detectInCluster, SERVICE_ACCOUNT_DIR, type InClusterConfig } from './k8s/in-cluster';

export type AuthMode = 'kubeconfig' | 'token' | 'proxy' | 'oidc';

export interface ProxyConfig {
  userHeader: string;
  groupHeader?: string;
  secretHeader: string;
  secret: string;
}

/** Sign-in with an OpenID provider whose ID tokens the API server accepts (EKS: an associated OIDC identity provider). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** The console's origin as browsers reach it, e.g. https://watchdeck.example.com. */
  publicUrl: string;
  /** PEM of CAs trusted for the provider besides the system's (a private CA); WATCHDECK_OIDC_CA_FILE. */
  caPem?: string;
}

export interface Config {
  authMode: AuthMode;
  /** Kubeconfig files, merged in order as kubectl merges KUBECONFIG. */
  kubeconfigPaths: string[];
  /** In a pod with no kubeconfig: the pod's own cluster, the console's only one (docs/deploy.md). */
  inCluster?: InClusterConfig;
  /** Keys session cookies and CSRF tokens; generated and kept in the data directory when not configured. */
  sessionSecret: string;
  namespaces: string[];
  sandboxUsersFile?: string;
  proxy?: ProxyConfig;
  oidc?: OidcConfig;
  databaseUrl?: string;
  dataDir: string;
  port: number;
  /** CloudWatch Logs and CloudWatch, when a region is configured; credentials come from the SDK's default chain. */
  aws?: AwsConfig;
  /** The Kubernetes permissions that let a user read and write the account's CloudWatch dashboards; absent: the defaults. */
  cloudWatchDashboards?: { read: KubePermission; write: KubePermission };
  /** How long a call to an API server or AWS waits; absent: DEFAULT_TIMEOUTS. */
  timeouts?: Timeouts;
  /** How many kept-alive connections to the API servers and AWS, and for how long; absent: DEFAULT_CONNECTION_LIMITS. */
  connections?: ConnectionLimits;
  /** Days an audit trail entry is kept; absent: DEFAULT_AUDIT_RETENTION_DAYS. */
  auditRetentionDays?: number;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 90;

/** How long a call waits to connect (TCP and TLS), then for each part of the answer. */
export interface Timeouts {
  connectMs: number;
  responseMs: number;
}

/** A blackholed address fails in 10 s; an API server answers a list or a get well within 30 s (kubectl waits for ever by default). */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, responseMs: 30_000 };

/** Bounds of the kept-alive connections (server/k8s/agents.ts, server/aws/clients.ts). */
export interface ConnectionLimits {
  /** Connections one pool opens at once for plain calls; calls past it wait for one to be free. */
  maxSockets: number;
  /** Idle connections one pool keeps. */
  maxFreeSockets: number;
  /** An idle connection is closed after this long. */
  idleMs: number;
  /** Pools (one per API server and TLS identity) kept at most; the least recently used past it is closed. */
  maxPools: number;
}

/** Go's DefaultTransport, which client-go builds on, closes idle connections after 90 s; 50 sockets is the AWS SDK's own bound. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { maxSockets: 50, maxFreeSockets: 16, idleMs: 90_000, maxPools: 100 };

/** A permission as `kubectl auth can-i` names it: `get pods/log` (every namespace) or `update configmaps -n amazon-cloudwatch`. */
export interface KubePermission {
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  /** "" for every namespace (or a cluster-scoped resource). */
  namespace: string;
}

export interface AwsConfig {
  region: string;
  /** An endpoint other than AWS's own (the sandbox, a VPC endpoint); AWS_ENDPOINT_URL. */
  endpoint?: string;
}

/** A startup error that names the variable at fault. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/**
 * The variables `schema` names, trimmed (empty is unset) and parsed; throws ConfigError naming
 * the first at fault. For a feature's own variables, read apart from the console's configuration.
 */
export function parseVariables<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k]?.trim() || undefined]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    const shown = /SECRET|TOKEN(?!_FILE)/.test(variable) ? '' : ` (got "${picked[variable]}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  return parsed.data;
}

const optionalText = z
  .string()
  .transform((v) => v.trim())
  .optional()
  .transform((v) => (v ? v : undefined));

const headerName = optionalText.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name (letters, digits and dashes)')
    .transform((v) => v.toLowerCase())
    .optional(),
);

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const PERMISSION = /^([a-z*]+) ([a-z0-9*-]+)((?:\.[a-z0-9-]+)*)(?:\/([a-z0-9*-]+))?(?: (?:-n|--namespace) ([a-z0-9]([-a-z0-9]*[a-z0-9])?))?$/;

/** Reads `VERB RESOURCE[.GROUP][/SUBRESOURCE] [-n NAMESPACE]`, the words of `kubectl auth can-i`. */
export function parsePermission(text: string): KubePermission | undefined {
  const m = PERMISSION.exec(text.trim().replace(/\s+/g, ' '));
  if (!m) return undefined;
  return { verb: m[1], resource: m[2], group: m[3].slice(1), subresource: m[4] ?? '', namespace: m[5] ?? '' };
}

/** The words parsePermission reads, e.g. `update configmaps -n amazon-cloudwatch`. */
export function permissionText(p: KubePermission): string {
  const resource = `${p.resource}${p.group ? `.${p.group}` : ''}${p.subresource ? `/${p.subresource}` : ''}`;
  return `${p.verb} ${resource}${p.namespace ? ` -n ${p.namespace}` : ''}`;
}

/** Reading: what a cluster-wide reader of logs has; writing: what may change what Container Insights ships. */
export const CLOUDWATCH_DASHBOARDS_DEFAULTS = { read: 'get pods/log', write: 'update configmaps -n amazon-cloudwatch' };

const permission = (fallback: string) =>
  optionalText.transform((v, ctx) => {
    const parsed = parsePermission(v ?? fallback);
    if (!parsed) ctx.addIssue({ code: 'custom', message: 'must be a permission as kubectl auth can-i names it, e.g. "update configmaps -n amazon-cloudwatch" or "get pods/log"' });
    return parsed as KubePermission;
  });

const envSchema = z.object({
  WATCHDECK_AUTH_MODE: optionalText.pipe(z.enum(['kubeconfig', 'token', 'proxy', 'oidc']).default('kubeconfig')),
  WATCHDECK_KUBECONFIG: optionalText,
  KUBECONFIG: optionalText,
  WATCHDECK_CLUSTER_NAME: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'must be letters, digits, dots, dashes and underscores, such as "eks-work-cluster"')
      .optional(),
  ),
  WATCHDECK_SESSION_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters long').optional()),
  WATCHDECK_NAMESPACES: optionalText.pipe(
    z
      .string()
      .optional()
      .transform((v) =>
        v
          ? [
              ...new Set(
                v
                  .split(',')
                  .map((n) => n.trim())
                  .filter(Boolean),
              ),
            ]
          : [],
      )
      .pipe(z.array(z.string().max(63).regex(dnsLabel, 'each namespace must be a DNS-1123 label such as "eks-work"'))),
  ),
  WATCHDECK_SANDBOX_USERS_FILE: optionalText,
  WATCHDECK_PROXY_USER_HEADER: headerName,
  WATCHDECK_PROXY_GROUP_HEADER: headerName,
  WATCHDECK_PROXY_SECRET_HEADER: headerName,
  WATCHDECK_PROXY_SECRET: optionalText.pipe(z.string().min(16, 'must be at least 16 characters long').optional()),
  WATCHDECK_OIDC_ISSUER: optionalText.pipe(
    z.url("must be the provider's issuer URL, e.g. https://oidc.eks.ap-northeast-2.amazonaws.com/id/EXAMPLE or https://login.example.com/realms/ops").optional(),
  ),
  WATCHDECK_OIDC_CLIENT_ID: optionalText,
  WATCHDECK_OIDC_CLIENT_SECRET: optionalText,
  WATCHDECK_OIDC_CLIENT_SECRET_FILE: optionalText,
  WATCHDECK_OIDC_SCOPES: optionalText,
  WATCHDECK_OIDC_CA_FILE: optionalText,
  WATCHDECK_PUBLIC_URL: optionalText.pipe(z.url("must be the console's URL as browsers reach it, e.g. https://watchdeck.example.com").optional()),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  WATCHDECK_DATA_DIR: optionalText,
  PORT: optionalText.transform((v) => (v === undefined ? 3000 : Number(v))).pipe(z.number('must be a port number').int('must be a port number').min(1).max(65535)),
  HOME: optionalText,
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
  AWS_ENDPOINT_URL: optionalText.pipe(z.url('must be a URL such as https://logs.ap-northeast-2.amazonaws.com').optional()),
  WATCHDECK_CLOUDWATCH_DASHBOARDS_READ: permission(CLOUDWATCH_DASHBOARDS_DEFAULTS.read),
  WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE: permission(CLOUDWATCH_DASHBOARDS_DEFAULTS.write),
  WATCHDECK_AUDIT_RETENTION_DAYS: optionalText
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number('must be a whole number of days').int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').optional()),
});

type Env = Record<string, string | undefined>;

function kubeconfigPaths(env: z.infer<typeof envSchema>): string[] {
  if (env.WATCHDECK_KUBECONFIG) return [path.resolve(env.WATCHDECK_KUBECONFIG)];
  if (env.KUBECONFIG)
    return env.KUBECONFIG.split(path.delimiter)
      .filter(Boolean)
      .map((p) => path.resolve(p));
  return [path.join(env.HOME ?? os.homedir(), '.kube', 'config')];
}

function proxyConfig(env: z.infer<typeof envSchema>): ProxyConfig {
  const required = ['WATCHDECK_PROXY_USER_HEADER', 'WATCHDECK_PROXY_SECRET_HEADER', 'WATCHDECK_PROXY_SECRET'] as const;
  for (const name of required) {
    if (!env[name]) throw new ConfigError(name, 'is required when WATCHDECK_AUTH_MODE=proxy');
  }
  return {
    userHeader: env.WATCHDECK_PROXY_USER_HEADER!,
    groupHeader: env.WATCHDECK_PROXY_GROUP_HEADER,
    secretHeader: env.WATCHDECK_PROXY_SECRET_HEADER!,
    secret: env.WATCHDECK_PROXY_SECRET!,
  };
}

export const DEFAULT_OIDC_SCOPES = ['openid', 'email', 'profile', 'offline_access'];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or plain http only to this machine (a console on loopback, as on the sandbox). */
function secureOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

function oidcConfig(env: z.infer<typeof envSchema>): OidcConfig {
  for (const name of ['WATCHDECK_OIDC_ISSUER', 'WATCHDECK_OIDC_CLIENT_ID', 'WATCHDECK_PUBLIC_URL'] as const) {
    if (!env[name]) throw new ConfigError(name, 'is required when WATCHDECK_AUTH_MODE=oidc');
  }
  const issuer = new URL(env.WATCHDECK_OIDC_ISSUER!);
  if (issuer.protocol !== 'https:') throw new ConfigError('WATCHDECK_OIDC_ISSUER', `must be an https URL, as the API server requires of an issuer (got "${env.WATCHDECK_OIDC_ISSUER}")`);
  if (issuer.search || issuer.hash) throw new ConfigError('WATCHDECK_OIDC_ISSUER', `must be the issuer URL without query or fragment (got "${env.WATCHDECK_OIDC_ISSUER}")`);
  const publicUrl = new URL(env.WATCHDECK_PUBLIC_URL!);
  if (!secureOrLoopback(publicUrl)) throw new ConfigError('WATCHDECK_PUBLIC_URL', `must be an https URL (got "${env.WATCHDECK_PUBLIC_URL}")`);
  if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
    throw new ConfigError('WATCHDECK_PUBLIC_URL', `must be the console's origin without a path, e.g. https://watchdeck.example.com (got "${env.WATCHDECK_PUBLIC_URL}")`);
  }
  if (env.WATCHDECK_OIDC_CLIENT_SECRET && env.WATCHDECK_OIDC_CLIENT_SECRET_FILE) {
    throw new ConfigError('WATCHDECK_OIDC_CLIENT_SECRET_FILE', 'set either WATCHDECK_OIDC_CLIENT_SECRET or WATCHDECK_OIDC_CLIENT_SECRET_FILE, not both');
  }
  let clientSecret = env.WATCHDECK_OIDC_CLIENT_SECRET;
  if (env.WATCHDECK_OIDC_CLIENT_SECRET_FILE) {
    try {
      clientSecret = fs.readFileSync(env.WATCHDECK_OIDC_CLIENT_SECRET_FILE, 'utf8').trim();
    } catch (err) {
      throw new ConfigError('WATCHDECK_OIDC_CLIENT_SECRET_FILE', `cannot be read: ${(err as Error).message}`);
    }
  }
  if (!clientSecret) throw new ConfigError('WATCHDECK_OIDC_CLIENT_SECRET', 'is required when WATCHDECK_AUTH_MODE=oidc (or WATCHDECK_OIDC_CLIENT_SECRET_FILE)');
  const scopes = env.WATCHDECK_OIDC_SCOPES ? [...new Set(env.WATCHDECK_OIDC_SCOPES.split(/[\s,]+/).filter(Boolean))] : DEFAULT_OIDC_SCOPES;
  if (!scopes.includes('openid')) throw new ConfigError('WATCHDECK_OIDC_SCOPES', `must include openid (got "${env.WATCHDECK_OIDC_SCOPES}")`);
  let caPem: string | undefined;
  if (env.WATCHDECK_OIDC_CA_FILE) {
    try {
      caPem = fs.readFileSync(env.WATCHDECK_OIDC_CA_FILE, 'utf8');
    } catch (err) {
      throw new ConfigError('WATCHDECK_OIDC_CA_FILE', `cannot be read: ${(err as Error).message}`);
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('WATCHDECK_OIDC_CA_FILE', `holds no PEM certificate (${env.WATCHDECK_OIDC_CA_FILE})`);
  }
  // Kept as written: the discovered issuer must equal it exactly, trailing slash included.
  return { issuer: env.WATCHDECK_OIDC_ISSUER!, clientId: env.WATCHDECK_OIDC_CLIENT_ID!, clientSecret, scopes, publicUrl: publicUrl.origin, ...(caPem ? { caPem } : {}) };
}

/** Reads the secret kept in the data directory, creating it (mode 0600) on first start. */
function persistedSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length < 32) throw new Error(`${file} holds fewer than 32 characters`);
    return secret;
  } catch (err) {
    throw new ConfigError('WATCHDECK_SESSION_SECRET', `is not set and no secret could be kept in WATCHDECK_DATA_DIR (${dataDir}): ${(err as Error).message}`);
  }
}

/** The pod's cluster when no kubeconfig is named or at ~/.kube/config, as client-node's loadFromDefault decides. */
function inClusterConfig(env: z.infer<typeof envSchema>, rawEnv: Env, serviceAccountDir: string): InClusterConfig | undefined {
  if (env.WATCHDECK_KUBECONFIG || env.KUBECONFIG || fs.existsSync(/* turbopackIgnore: true */ kubeconfigPaths(env)[0])) return undefined;
  const cluster = detectInCluster(rawEnv, env.WATCHDECK_CLUSTER_NAME ?? DEFAULT_IN_CLUSTER_NAME, serviceAccountDir);
  if (cluster && env.WATCHDECK_AUTH_MODE === 'kubeconfig') {
    throw new ConfigError(
      'WATCHDECK_AUTH_MODE',
      "kubeconfig mode would give everyone who reaches the console the pod's service account; in a pod without a kubeconfig, users sign in with their own identity: set token, oidc or proxy",
    );
  }
  return cluster;
}

/** Parses the environment; throws ConfigError naming the first variable at fault. */
export function parseConfig(rawEnv: Env = process.env, serviceAccountDir = SERVICE_ACCOUNT_DIR): Config {
  const parsed = envSchema.safeParse(rawEnv);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    const value = rawEnv[variable];
    const shown = variable.includes('SECRET') ? '' : ` (got "${value}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.WATCHDECK_DATA_DIR ?? 'data');
  const authMode = env.WATCHDECK_AUTH_MODE;
  const inCluster = inClusterConfig(env, rawEnv, serviceAccountDir);
  const config: Config = {
    authMode,
    kubeconfigPaths: inCluster ? [] : kubeconfigPaths(env),
    ...(inCluster ? { inCluster } : {}),
    namespaces: env.WATCHDECK_NAMESPACES,
    // Sandbox users sign in with tokens, so the file only means something in token mode.
    sandboxUsersFile: env.WATCHDECK_SANDBOX_USERS_FILE && authMode === 'token' ? path.resolve(env.WATCHDECK_SANDBOX_USERS_FILE) : undefined,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    port: env.PORT,
    sessionSecret: env.WATCHDECK_SESSION_SECRET ?? persistedSessionSecret(dataDir),
    cloudWatchDashboards: { read: env.WATCHDECK_CLOUDWATCH_DASHBOARDS_READ, write: env.WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE },
  };
  if (env.WATCHDECK_AUDIT_RETENTION_DAYS !== undefined) config.auditRetentionDays = env.WATCHDECK_AUDIT_RETENTION_DAYS;
  if (authMode === 'proxy') config.proxy = proxyConfig(env);
  if (authMode === 'oidc') config.oidc = oidcConfig(env);
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) config.aws = { region, ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}) };
  return config;
}

const cache = globalThis as unknown as { __watchdeckConfig?: Config };

/** The process's configuration, parsed once. */
export function config(): Config {
  cache.__watchdeckConfig ??= parseConfig();
  return cache.__watchdeckConfig;
}

/** Replaces the process's configuration (embedding, tests); undefined re-reads the environment on next use. */
export function setConfig(next: Config | undefined): void {
  cache.__watchdeckConfig = next;
}
