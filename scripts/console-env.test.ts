import { describe, expect, it } from 'vitest';
import { sandboxConsoleEnv, sandboxOidcConsoleEnv } from './console-env';

describe('sandboxConsoleEnv', () => {
  it('runs the console in token mode on the sandbox, whatever kubeconfig and mode the shell had', () => {
    const env = sandboxConsoleEnv(
      { PORT: '3000', KUBECONFIG: '/home/me/.kube/config', WATCHDECK_AUTH_MODE: 'kubeconfig', WATCHDECK_DATA_DIR: '/tmp/data' },
      { consoleKubeconfig: '/repo/.sandbox/console.kubeconfig', users: '/repo/.sandbox/users.json', hpaRecorderToken: '/repo/.sandbox/hpa-recorder.token' },
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'ap-northeast-2' },
    );
    expect(env).toEqual({
      PORT: '3000',
      WATCHDECK_DATA_DIR: '/tmp/data',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_REGION: 'ap-northeast-2',
      WATCHDECK_AUTH_MODE: 'token',
      WATCHDECK_KUBECONFIG: '/repo/.sandbox/console.kubeconfig',
      WATCHDECK_SANDBOX_USERS_FILE: '/repo/.sandbox/users.json',
      WATCHDECK_NAMESPACES: 'default,eks-work,rbac-test-ns,kube-system,amazon-cloudwatch',
      WATCHDECK_HPA_RECORDER_TOKEN_FILE: '/repo/.sandbox/hpa-recorder.token',
      WATCHDECK_HPA_SAMPLE_INTERVAL: '15s',
    });
  });

  it('runs the console in oidc mode against the sandbox provider, without the token users and with the secret read from its file', () => {
    const env = sandboxOidcConsoleEnv(
      { PORT: '3100', WATCHDECK_AUTH_MODE: 'token', WATCHDECK_OIDC_CLIENT_SECRET: 'from-the-shell' },
      { consoleKubeconfig: '/repo/.sandbox/console.kubeconfig', users: '/repo/.sandbox/users.json', oidcClientSecret: '/repo/.sandbox/oidc-client-secret', oidcCa: '/repo/.sandbox/oidc-ca.pem' },
      { AWS_REGION: 'ap-northeast-2' },
      { issuer: 'https://127.0.0.1:41234', clientId: 'watchdeck', publicUrl: 'http://127.0.0.1:3100' },
    );
    expect(env).toEqual({
      PORT: '3100',
      AWS_REGION: 'ap-northeast-2',
      WATCHDECK_AUTH_MODE: 'oidc',
      WATCHDECK_KUBECONFIG: '/repo/.sandbox/console.kubeconfig',
      WATCHDECK_NAMESPACES: 'default,eks-work,rbac-test-ns,kube-system,amazon-cloudwatch',
      WATCHDECK_OIDC_ISSUER: 'https://127.0.0.1:41234',
      WATCHDECK_OIDC_CLIENT_ID: 'watchdeck',
      WATCHDECK_OIDC_CLIENT_SECRET_FILE: '/repo/.sandbox/oidc-client-secret',
      WATCHDECK_OIDC_CA_FILE: '/repo/.sandbox/oidc-ca.pem',
      WATCHDECK_OIDC_SCOPES: 'openid email profile groups offline_access',
      WATCHDECK_PUBLIC_URL: 'http://127.0.0.1:3100',
    });
  });
});
