import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import { ConsoleError, consoleErrors } from '../errors';

export function kubeconfigInvalid(message: string): ConsoleError {
  return new ConsoleError('KubeconfigInvalid', 500, message);
}

/** One kubeconfig context: a cluster as the console shows it. */
export interface ClusterContext {
  name: string;
  context: Context;
  cluster: Cluster;
  /** Absent when the context names a user the kubeconfig does not define. */
  user?: User;
  /** This context alone with its own user, kept so credential plugins' tokens are cached between requests. */
  contextConfig: KubeConfig;
}

export interface LoadedKubeconfig {
  files: string[];
  contexts: ClusterContext[];
  currentContext?: string;
}

function loadFile(file: string): KubeConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw kubeconfigInvalid(code === 'ENOENT' ? `kubeconfig ${file} does not exist` : `cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  try {
    const document: unknown = parseYaml(text);
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      throw new Error('it is not a YAML mapping with clusters, users and contexts');
    }
    const kc = new KubeConfig();
    kc.loadFromString(text);
    kc.makePathsAbsolute(path.dirname(file));
    return kc;
  } catch (err) {
    throw kubeconfigInvalid(`kubeconfig ${file} does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** A plain-HTTP server carries no TLS to verify; client-node refuses http:// unless verification is off. */
function requestCluster(cluster: Cluster): Cluster {
  return cluster.server.startsWith('http:') ? { ...cluster, skipTLSVerify: true } : cluster;
}

/** A KubeConfig holding one cluster and one user: how every request's credentials are applied. */
export function singleContextConfig(cluster: Cluster, user: User): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [requestCluster(cluster)],
    users: [user],
    contexts: [{ name: 'request', cluster: cluster.name, user: user.name }],
    currentContext: 'request',
  });
  return kc;
}

/** Merges kubeconfig files as kubectl does: the first file to define a name wins. */
export function loadKubeconfig(files: string[]): LoadedKubeconfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const kc = loadFile(file);
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    currentContext ||= kc.getCurrentContext() || undefined;
  }
  const resolved: ClusterContext[] = [];
  for (const context of contexts.values()) {
    const cluster = clusters.get(context.cluster);
    if (!cluster) {
      throw kubeconfigInvalid(`context "${context.name}" refers to cluster "${context.cluster}", which the kubeconfig does not define`);
    }
    const user = context.user ? users.get(context.user) : undefined;
    const contextConfig = singleContextConfig(cluster, user ?? { name: '' });
    resolved.push({ name: context.name, context, cluster, user, contextConfig });
  }
  return { files, contexts: resolved, currentContext };
}

interface CacheEntry {
  key: string;
  result: LoadedKubeconfig | ConsoleError;
}

const cache = globalThis as unknown as { __watchdeckKubeconfig?: CacheEntry };

function cacheKey(files: string[]): string {
  return files
    .map((f) => {
      try {
        const s = fs.statSync(f);
        return `${f}:${s.mtimeMs}:${s.size}`;
      } catch {
        return `${f}:missing`;
      }
    })
    .join('|');
}

/** The kubeconfig, re-read when a file changes; throws KubeconfigInvalid when it cannot be used. */
export function kubeconfig(files: string[]): LoadedKubeconfig {
  const key = cacheKey(files);
  if (cache.__watchdeckKubeconfig?.key !== key) {
    let result: LoadedKubeconfig | ConsoleError;
    try {
      result = loadKubeconfig(files);
    } catch (err) {
      if (!(err instanceof ConsoleError)) throw err;
      result = err;
    }
    cache.__watchdeckKubeconfig = { key, result };
  }
  const { result } = cache.__watchdeckKubeconfig;
  if (result instanceof ConsoleError) throw result;
  return result;
}

export function findContext(loaded: LoadedKubeconfig, name: string): ClusterContext {
  const found = loaded.contexts.find((c) => c.name === name);
  if (!found) throw consoleErrors.notFound(`cluster "${name}" is not a context in the kubeconfig`);
  return found;
}

/** current-context when it names a context, else the first one. */
export function defaultContext(loaded: LoadedKubeconfig): ClusterContext | undefined {
  return loaded.contexts.find((c) => c.name === loaded.currentContext) ?? loaded.contexts[0];
}
