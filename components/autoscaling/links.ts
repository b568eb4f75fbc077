/** Paths of the autoscaling pages. */
export function hpaHref(cluster: string, namespace: string, name: string): string {
  return `/c/${encodeURIComponent(cluster)}/autoscaling/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`;
}

export function hpasHref(cluster: string, namespace: string): string {
  return `/c/${encodeURIComponent(cluster)}/autoscaling?namespace=${encodeURIComponent(namespace)}`;
}
