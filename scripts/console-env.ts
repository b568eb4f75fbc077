/** The console's environment on the sandbox: token mode against the sandbox's credential-less kubeconfig. */
export const SANDBOX_NAMESPACES = 'default,eks-work,rbac-test-ns,kube-system,amazon-cloudwatch';

export function sandboxConsoleEnv<E extends Record<string, string | undefined>>(
  env: E,
  files: { consoleKubeconfig: string; users: string; hpaRecorderToken?: string },
  aws: Record<string, string>,
): E {
  const next: Record<string, string | undefined> = {
    ...env,
    ...aws,
    WATCHDECK_AUTH_MODE: 'token',
    WATCHDECK_KUBECONFIG: files.consoleKubeconfig,
    WATCHDECK_SANDBOX_USERS_FILE: files.users,
    WATCHDECK_NAMESPACES: SANDBOX_NAMESPACES,
    // HPA history as the sandbox's recorder account, sampled at the controller's own 15 s.
    ...(files.hpaRecorderToken ? { WATCHDECK_HPA_RECORDER_TOKEN_FILE: files.hpaRecorderToken, WATCHDECK_HPA_SAMPLE_INTERVAL: '15s' } : {}),
  };
  // On the sandbox the shell's KUBECONFIG names no cluster of the console's.
  delete next.KUBECONFIG;
  return next as E;
}

/** The scopes the sandbox's provider knows; `groups` as Dex names it. */
export const SANDBOX_OIDC_SCOPES = 'openid email profile groups offline_access';

/** The console on the sandbox in oidc mode: its users sign in at the sandbox's OpenID provider instead of with tokens. */
export function sandboxOidcConsoleEnv<E extends Record<string, string | undefined>>(
  env: E,
  files: { consoleKubeconfig: string; users: string; hpaRecorderToken?: string; oidcClientSecret: string; oidcCa: string },
  aws: Record<string, string>,
  oidc: { issuer: string; clientId: string; publicUrl: string },
): E {
  const next: Record<string, string | undefined> = {
    ...sandboxConsoleEnv(env, files, aws),
    WATCHDECK_AUTH_MODE: 'oidc',
    WATCHDECK_OIDC_ISSUER: oidc.issuer,
    WATCHDECK_OIDC_CLIENT_ID: oidc.clientId,
    WATCHDECK_OIDC_CLIENT_SECRET_FILE: files.oidcClientSecret,
    // The provider's certificate comes from the sandbox's own CA.
    WATCHDECK_OIDC_CA_FILE: files.oidcCa,
    WATCHDECK_OIDC_SCOPES: SANDBOX_OIDC_SCOPES,
    WATCHDECK_PUBLIC_URL: oidc.publicUrl,
  };
  // Its users sign in at the provider; the token users' file means nothing in oidc mode.
  delete next.WATCHDECK_SANDBOX_USERS_FILE;
  delete next.WATCHDECK_OIDC_CLIENT_SECRET;
  return next as E;
}
