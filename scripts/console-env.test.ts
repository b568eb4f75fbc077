import { describe, expect, it } from 'vitest';
import { sandboxConsoleEnv } from './console-env';

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
});
