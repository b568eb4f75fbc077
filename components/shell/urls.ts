/** Links inside the shell keep the namespace in the query so a URL reproduces the view. */
export function clusterHref(cluster: string, page = '', namespace?: string): string {
  const path = `/c/${encodeURIComponent(cluster)}${page ? `/${page}` : ''}`;
  return namespace ? `${path}?namespace=${encodeURIComponent(namespace)}` : path;
}

/** The sign-in page, returning to this page (path and query) once signed in. */
export function signInHref(pathname: string, query: string): string {
  return `/sign-in?next=${encodeURIComponent(pathname + (query ? `?${query}` : ''))}`;
}
