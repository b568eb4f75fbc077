import 'server-only';
import { spawn } from 'node:child_process';
import type { User } from '@kubernetes/client-node';

/** A kubeconfig user's `exec` stanza (client.authentication.k8s.io ExecConfig), as the YAML has it. */
interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

/** What a plugin gave: a bearer token or a client certificate and key (PEM), and until when. */
export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Absent: good until the API server answers 401, as client-go keeps it. */
  expiresAt?: number;
}

/** Why a plugin gave no credential, in words that follow its name; never its output. */
export class ExecPluginError extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

/** Output past this is not a credential. */
const MAX_OUTPUT = 1024 * 1024;

/** Tokens a plugin could print by mistake (EKS's presigned STS token, a JWT); never shown. */
const CREDENTIAL_LIKE = /k8s-aws-v1\.[\w-]+|eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const PLUGIN_LINES = 5;
const PLUGIN_CHARS = 600;

/** What a failed plugin wrote to stderr: its first lines, with anything shaped like a token removed. */
export function pluginOutput(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const shown = lines.slice(0, PLUGIN_LINES).join('\n').replace(CREDENTIAL_LIKE, '[redacted]');
  return shown.length > PLUGIN_CHARS ? `${shown.slice(0, PLUGIN_CHARS)}…` : shown;
}

interface Entry {
  credential?: ExecCredential;
  running?: Promise<ExecCredential>;
}

/** Keyed by the loaded kubeconfig's user object, so a changed kubeconfig starts afresh. */
const credentials = new WeakMap<User, Entry>();

function entryOf(user: User): Entry {
  let entry = credentials.get(user);
  if (!entry) credentials.set(user, (entry = {}));
  return entry;
}

/**
 * The user's credential from its exec plugin: the one given before while it has not expired,
 * else the plugin run once for every request waiting, killed when it takes longer than timeoutMs.
 */
export function execCredential(user: User, timeoutMs: number): Promise<ExecCredential> {
  const entry = entryOf(user);
  const held = entry.credential;
  if (held && (held.expiresAt === undefined || held.expiresAt > Date.now())) return Promise.resolve(held);
  entry.running ??= runPlugin(user.exec as ExecConfig, timeoutMs)
    .then((credential) => (entry.credential = credential))
    .finally(() => (entry.running = undefined));
  return entry.running;
}

/** Drops the user's credential after the API server refused it, so the next request runs the plugin again. */
export function forgetExecCredential(user: User): void {
  entryOf(user).credential = undefined;
}

function runPlugin(exec: ExecConfig, timeoutMs: number): Promise<ExecCredential> {
  if (exec.interactiveMode === 'Always') {
    return Promise.reject(new ExecPluginError('needs a terminal (interactiveMode: Always), which the console does not have'));
  }
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  // As client-go tells a plugin it may not prompt (ExecCredential spec.interactive).
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion, kind: 'ExecCredential', spec: { interactive: false } }) };
  for (const { name, value } of exec.env ?? []) env[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(exec.command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(() => reject(new ExecPluginError(`gave no credential within ${timeoutMs / 1000} s`)));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(0, MAX_OUTPUT)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(0, MAX_OUTPUT)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      settle(() => reject(new ExecPluginError(err.code === 'ENOENT' ? 'was not found (ENOENT)' : `cannot run (${err.code ?? err.message})`)));
    });
    child.on('close', (code, signal) => {
      settle(() => {
        if (code !== 0) {
          const how = code === null ? `killed by ${signal}` : `exit code ${code}`;
          const said = pluginOutput(stderr);
          return reject(new ExecPluginError(said ? `failed (${how}): ${said}` : `failed (${how}) and wrote nothing to stderr`));
        }
        try {
          resolve(parseCredential(stdout));
        } catch (err) {
          reject(err);
        }
      });
    });
  });
}

function parseCredential(stdout: string): ExecCredential {
  let parsed: { kind?: unknown; status?: Record<string, unknown> };
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    // The parser's message quotes the output, which may hold a credential.
    throw new ExecPluginError('printed no ExecCredential (client.authentication.k8s.io) JSON');
  }
  const status = parsed?.kind === 'ExecCredential' && parsed.status && typeof parsed.status === 'object' ? parsed.status : undefined;
  if (!status) throw new ExecPluginError('printed no ExecCredential (client.authentication.k8s.io) JSON');
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const credential: ExecCredential = { token: text(status.token), clientCertificateData: text(status.clientCertificateData), clientKeyData: text(status.clientKeyData) };
  if (!credential.token && !(credential.clientCertificateData && credential.clientKeyData)) {
    throw new ExecPluginError('printed an ExecCredential with neither a token nor a client certificate and key');
  }
  const expires = text(status.expirationTimestamp);
  if (expires && !Number.isNaN(Date.parse(expires))) credential.expiresAt = Date.parse(expires);
  return Object.fromEntries(Object.entries(credential).filter(([, v]) => v !== undefined)) as ExecCredential;
}
