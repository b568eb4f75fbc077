/** Paths of the pod, workload and node pages. */
const base = (cluster: string) => `/c/${encodeURIComponent(cluster)}`;

export function podHref(cluster: string, namespace: string, name: string): string {
  return `${base(cluster)}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`;
}

export function nodeHref(cluster: string, name: string): string {
  return `${base(cluster)}/nodes/${encodeURIComponent(name)}`;
}

/** The plural resource of a workload kind: "Deployment" → "deployments". */
export function workloadPlural(kind: string): string {
  return `${kind.toLowerCase()}s`;
}

export function workloadHref(cluster: string, namespace: string, kind: string, name: string): string {
  return `${base(cluster)}/workloads/${encodeURIComponent(namespace)}/${workloadPlural(kind)}/${encodeURIComponent(name)}?namespace=${encodeURIComponent(namespace)}`;
}
