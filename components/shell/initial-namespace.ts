/**
 * The namespace a view opens on without one in the URL: where the cluster's problems are (`problems`,
 * the namespace with the most problem pods, for a reader of the whole cluster); else the context's
 * own, else "default", as kubectl picks; else the first offered.
 */
export function initialNamespace(offered: string[], contextNamespace: string | undefined, problems?: string | null): string | undefined {
  if (problems && offered.includes(problems)) return problems;
  if (contextNamespace && offered.includes(contextNamespace)) return contextNamespace;
  if (offered.includes('default')) return 'default';
  return offered[0];
}

/**
 * The namespace a view opens on when the namespace list cannot be read (the cluster is unreachable):
 * the last one used on this cluster, else the context's, else "default", so the page asks for its own
 * data and shows its own error instead of waiting for a list that may never come.
 */
export function fallbackNamespace(lastUsed: string | null | undefined, contextNamespace: string | undefined): string {
  return lastUsed || contextNamespace || 'default';
}

const LAST_USED_PREFIX = 'watchdeck.namespace.';

/** The namespace last opened on `cluster` in this browser, if storage can be read. */
export function readLastNamespace(storage: Pick<Storage, 'getItem'> | undefined, cluster: string): string | null {
  try {
    return storage?.getItem(LAST_USED_PREFIX + cluster) ?? null;
  } catch {
    return null;
  }
}

export function writeLastNamespace(storage: Pick<Storage, 'setItem'> | undefined, cluster: string, namespace: string): void {
  try {
    storage?.setItem(LAST_USED_PREFIX + cluster, namespace);
  } catch {
    // Storage refused (private mode, quota): the fallback is then the context's namespace or default.
  }
}
