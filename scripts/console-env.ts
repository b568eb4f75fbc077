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
