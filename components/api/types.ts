/** The console API's response shapes (docs/api.md), as the browser sees them. */
import type { ErrorKind as ServerErrorKind, ErrorObject as ServerErrorObject } from '@/server/errors';

/** The server's error kinds, plus one the browser adds when Watchdeck itself does not answer. */
export type ErrorKind = ServerErrorKind | 'ConsoleUnreachable';

/** The `error` object of a non-2xx console API body (or of an overview section). */
export interface ErrorObject extends Omit<ServerErrorObject, 'kind'> {
  kind: ErrorKind;
}

export type AuthMode = 'kubeconfig' | 'token' | 'proxy' | 'oidc';

export interface Session {
  mode: AuthMode;
  signedIn: boolean;
  csrfToken: string;
  sandboxUsers?: { name: string; description: string }[];
  /** oidc mode: the provider the sign-in button leads to. */
  oidc?: { issuerHost: string };
}

export interface SignInResult {
  signedIn: true;
  user: { username: string; groups: string[] };
}

export type SignInRequest = { token: string } | { sandboxUser: string };

export interface Clusters {
  /** `namespace` is the context's own namespace, when the kubeconfig sets one. */
  clusters: { name: string; server: string; namespace?: string }[];
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

export type Section<T> = { data: T } | { error: ErrorObject };

export type { Overview, PodProblem as ProblemPod } from '@/server/k8s/overview';
