import 'server-only';

/** Whose identity a request to the API server carries. */
export type RequestIdentity =
  /** The kubeconfig context's own user. */
  | { mode: 'kubeconfig' }
  /**
   * A signed-in user's bearer token, replacing the context's user entirely. `renew` (OpenID
   * sessions) gives a new one, tried once when the API server answers 401 to this one.
   */
  | { mode: 'token'; token: string; renew?: () => Promise<string> }
  /** The context's user impersonating the user and groups an authenticating proxy vouched for. */
  | { mode: 'proxy'; username: string; groups: string[] };
