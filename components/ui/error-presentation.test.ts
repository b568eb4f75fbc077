import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import type { ErrorObject } from '../api/types';
import { pluginLogin, presentError as present, type PresentationContext } from './error-presentation';

const english = createTranslator({ locale: 'en', messages: en, namespace: 'Errors' });
const presentError = (error: ErrorObject, context: PresentationContext = {}) => present(error, context, english);

const PICK = 'Or pick another context in the cluster switcher.';

describe('presentError', () => {
  it("titles a Status error with the API server's code and reason", () => {
    const forbidden = 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"';
    expect(presentError({ kind: 'Status', message: forbidden, status: { code: 403, reason: 'Forbidden', message: forbidden } })).toEqual({
      title: '403 Forbidden',
    });
  });

  it("calls an API server 5xx its own error and a 429 a request to wait the Status's retryAfterSeconds", () => {
    expect(presentError({ kind: 'Status', message: 'etcdserver: leader changed', status: { code: 500, reason: 'InternalError' } })).toEqual({
      title: '500 InternalError',
      hint: "The API server's own error: it often passes (an etcd leader change, a webhook timing out).",
    });
    const throttled: ErrorObject = { kind: 'Status', message: 'Too many requests', status: { code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 4 } } };
    expect(presentError(throttled).hint).toBe('The API server asked to wait 4 s.');
  });

  it('tells the user of an unreachable cluster to check the VPN or pick another context', () => {
    const error: ErrorObject = {
      kind: 'ClusterUnreachable',
      message: 'cannot reach the API server of cluster "gone" at https://127.0.0.1:1: connection refused (ECONNREFUSED)',
      cluster: 'gone',
    };
    expect(presentError(error)).toEqual({
      title: 'Cluster unreachable',
      advice: ['Check the VPN or the network between Watchdeck and the cluster.', PICK],
    });
  });

  it('titles a TLS error by what was wrong with the certificate', () => {
    const tls = (problem: ErrorObject['tls']) => presentError({ kind: 'TLSError', message: 'certificate has expired', tls: problem }).title;
    expect([tls('CertificateExpired'), tls('UnknownAuthority'), tls('HostnameMismatch'), tls('Other'), tls(undefined)]).toEqual([
      'Certificate expired',
      'Unknown certificate authority',
      'Certificate hostname mismatch',
      'TLS error',
      'TLS error',
    ]);
    expect(presentError({ kind: 'TLSError', message: 'unable to verify the first certificate', tls: 'UnknownAuthority' }).advice?.[0]).toBe(
      "Update the kubeconfig's certificate-authority-data (for EKS: aws eks update-kubeconfig).",
    );
  });

  it("names the login command of the kubeconfig's credential plugin when its message names the plugin", () => {
    const failed = presentError({
      kind: 'CredentialsPluginFailed',
      message: 'exec plugin "aws eks get-token --cluster-name work" exited with 255: Error when retrieving token from sso: Token has expired',
    });
    expect(failed.advice).toEqual(['Run aws sso login on the machine Watchdeck runs on, then try again.', PICK]);
    expect(presentError({ kind: 'CredentialsPluginFailed', message: 'exec: executable my-helper not found' }).advice?.[0]).toBe(
      "Run the kubeconfig's exec command in a terminal to see why it fails, then try again.",
    );
  });

  it('says how long the console waited for a silent API server, and how long a throttling one asked to wait', () => {
    expect(presentError({ kind: 'ClusterTimeout', message: 'no answer within 30s', timeoutSeconds: 30 }).hint).toBe('No answer within 30 s.');
    expect(presentError({ kind: 'Throttled', message: 'Too many requests', retryAfterSeconds: 12 }).hint).toBe('The API server asked to wait 12 s.');
    const aws = presentError({ kind: 'Throttled', message: 'ThrottlingException: Rate exceeded', aws: { name: 'ThrottlingException', httpStatus: 400 } });
    expect(aws.hint).toBe('AWS asked Watchdeck to slow down.');
  });

  it('offers signing in again for a 401 where the console signs users in, and a kubeconfig refresh where it does not', () => {
    expect(presentError({ kind: 'Unauthorized', message: 'Unauthorized' }, { mode: 'token' }).signIn).toBe(true);
    expect(presentError({ kind: 'Unauthorized', message: 'Unauthorized' }, { mode: 'oidc' }).signIn).toBe(true);
    expect(presentError({ kind: 'Unauthorized', message: 'Unauthorized' }, { mode: 'proxy' }).signIn).toBeUndefined();
    const kubeconfig = presentError({ kind: 'Unauthorized', message: 'Unauthorized' }, { mode: 'kubeconfig' });
    expect(kubeconfig.signIn).toBeUndefined();
    expect(kubeconfig.advice?.[0]).toBe("Refresh the kubeconfig's credentials (for EKS with SSO: aws sso login), then try again.");
    expect(presentError({ kind: 'SignInRequired', message: 'sign in first' }).signIn).toBe(true);
  });

  it("titles an AWS error by the service's error name, and the console's own refusals as such", () => {
    const aws: ErrorObject = {
      kind: 'AwsError',
      message: 'MalformedQueryException: unexpected symbol',
      aws: { name: 'MalformedQueryException', httpStatus: 400 },
    };
    expect(presentError(aws)).toEqual({ title: 'MalformedQueryException' });
    expect(presentError({ kind: 'AwsUnreachable', message: 'connect ECONNREFUSED' }).title).toBe('AWS unreachable');
    expect(presentError({ kind: 'AwsCredentialsInvalid', message: 'ExpiredTokenException: The security token included in the request is expired' }).title).toBe('AWS credentials refused');
    expect(presentError({ kind: 'Forbidden', message: 'only the owner may delete a dashboard' }).title).toBe('Not allowed');
    expect(presentError({ kind: 'Internal', message: 'internal error' }).title).toBe('Internal error');
    expect(presentError({ kind: 'PayloadTooLarge', message: 'the request body is larger than 2 MiB, the most POST /api/v1/dashboards takes' }).title).toBe('Request too large');
    expect(presentError({ kind: 'URITooLong', message: 'the query string is longer than 16 KiB, the most the console API takes' }).title).toBe('Address too long');
  });
});

describe('presentError for the console itself', () => {
  it('tells a console that never answered from one that answered too late', () => {
    expect(presentError({ kind: 'ConsoleUnreachable', message: 'Watchdeck did not answer: Failed to fetch' }).title).toBe('Watchdeck unreachable');
    expect(presentError({ kind: 'ConsoleUnreachable', message: 'Watchdeck did not answer within 35 s', timeoutSeconds: 35 })).toEqual({
      title: 'No answer from Watchdeck',
      hint: 'The console did not answer in time; the cluster or AWS behind it may be slow or unreachable.',
    });
  });
});

describe('pluginLogin', () => {
  it('maps the EKS, GKE and AKS credential plugins to the command that renews their login', () => {
    expect(pluginLogin('exec plugin "aws-iam-authenticator token -i work" failed')).toBe('aws sso login');
    expect(pluginLogin('exec plugin "gke-gcloud-auth-plugin" failed')).toBe('gcloud auth login');
    expect(pluginLogin('exec plugin "kubelogin get-token" failed')).toBe('az login');
    expect(pluginLogin('exec plugin "vault-helper" failed')).toBeUndefined();
  });
});

describe('presentError in Korean', () => {
  const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'Errors' });
  it("explains in Korean and keeps the API server's code and reason, the plugin's command and AWS's error name as they are", () => {
    const throttled: ErrorObject = { kind: 'Status', message: 'Too many requests', status: { code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 4 } } };
    expect(present(throttled, {}, korean)).toEqual({ title: '429 TooManyRequests', hint: 'API 서버가 4초 기다려 달라고 응답했습니다.' });
    expect(present({ kind: 'CredentialsPluginFailed', message: 'exec plugin "aws eks get-token" exited with 255' }, {}, korean).advice).toEqual([
      'Watchdeck이 실행되는 서버에서 aws sso login을(를) 실행한 뒤 다시 시도하세요.',
      '또는 클러스터 선택기에서 다른 컨텍스트를 고르세요.',
    ]);
    expect(present({ kind: 'AwsError', message: 'MalformedQueryException: unexpected symbol', aws: { name: 'MalformedQueryException', httpStatus: 400 } }, {}, korean)).toEqual({
      title: 'MalformedQueryException',
    });
    expect(present({ kind: 'Throttled', message: 'Rate exceeded', aws: { name: 'ThrottlingException', httpStatus: 400 } }, {}, korean).hint).toBe(
      'AWS가 Watchdeck에 요청 속도를 줄여 달라고 응답했습니다.',
    );
  });
});
