/** The console API's response shapes (docs/api.md), as the browser sees them. */

export type ErrorKind =
  | 'Status'
  | 'ClusterUnreachable'
  | 'TLSError'
  | 'Unauthorized'
  | 'KubeconfigInvalid'
  | 'BadRequest'
  | 'NotFound'
  | 'CsrfRejected'
  | 'SignInRequired'
  | 'ProxyHeadersMissing'
  | 'Internal'
  /** The browser could not reach Watchdeck itself (set on the client, never sent by the server). */
  | 'ConsoleUnreachable';

/** The API server's metav1.Status, passed through unchanged. */
export interface KubeStatus {
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

export interface ConsoleError {
  kind: ErrorKind | (string & {});
  message: string;
  status?: KubeStatus;
}

export type AuthMode = 'kubeconfig' | 'token' | 'proxy';

export interface Session {
  mode: AuthMode;
  signedIn: boolean;
  csrfToken: string;
  sandboxUsers?: { name: string; description: string }[];
}

export interface SignInResult {
  signedIn: true;
  user: { username: string; groups: string[] };
}

export type SignInRequest = { token: string } | { sandboxUser: string };

export interface Clusters {
  clusters: { name: string; server: string }[];
  defaultCluster: string;
}

export interface WhoAmI {
  username: string;
  uid?: string;
  groups: string[];
}

export interface Namespaces {
  namespaces: { name: string; source: 'list' | 'configured' | 'requested' }[];
  canListAll: boolean;
  omitted: { name: string; reason: string }[];
}

export type Section<T> = { data: T } | { error: ConsoleError };

export interface ProblemPod {
  name: string;
  status: string;
  ready: string;
  restarts: string;
  age: string;
}

export interface Overview {
  namespace: string;
  pods: Section<{ total: number; byStatus: Record<string, number>; problems: ProblemPod[] }>;
  nodes: Section<{ total: number; ready: number; notReady: string[] }>;
  version: Section<{ gitVersion: string; platform: string }>;
}
