/** The namespace a view opens on without one in the URL: the context's own, else "default", as kubectl picks; else the first offered. */
export function initialNamespace(offered: string[], contextNamespace: string | undefined): string | undefined {
  if (contextNamespace && offered.includes(contextNamespace)) return contextNamespace;
  if (offered.includes('default')) return 'default';
  return offered[0];
}
