/** The pods API's row, as docs/api.md and issue's console API describe it. */
export interface PodRow {
  name: string;
  namespace: string;
  uid: string;
  ready: string;
  status: string;
  restarts: number;
  lastRestartAt?: string;
  createdAt: string;
  node?: string;
  podIP?: string;
  labels?: Record<string, string>;
}

export interface PodList {
  items: PodRow[];
  continue?: string;
  resourceVersion?: string;
  /** All-namespaces view for a user who may not list every namespace: what was left out and why. */
  omitted?: { name: string; reason: string }[];
}

export type PodWatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: PodRow };
