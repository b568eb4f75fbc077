import { describe, expect, it } from 'vitest';
import { credentialsPluginFailed, fromNetworkError, retryAfterSeconds } from './errors';

const endpoint = { cluster: 'eks', server: 'https://api.eks.example:443' };

describe('retryAfterSeconds', () => {
  // RFC 9110 §10.2.3: delay-seconds or an HTTP-date; its examples are "120" and "Fri, 31 Dec 1999 23:59:59 GMT".
  it('reads delay-seconds', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(['3', '9'])).toBe(3);
  });

  it('reads an HTTP-date as the whole seconds from now, and a date passed as 0', () => {
    const now = Date.parse('Fri, 31 Dec 1999 23:57:59 GMT');
    expect(retryAfterSeconds('Fri, 31 Dec 1999 23:59:59 GMT', now)).toBe(120);
    expect(retryAfterSeconds('Fri, 31 Dec 1999 23:59:59 GMT', now + 119_500)).toBe(1);
    expect(retryAfterSeconds('Fri, 31 Dec 1999 23:59:59 GMT', now + 600_000)).toBe(0);
  });

  it('ignores an absent or unreadable value', () => {
    expect([retryAfterSeconds(undefined), retryAfterSeconds(''), retryAfterSeconds('soon'), retryAfterSeconds('-1')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('fromNetworkError', () => {
  const tls = (code: string, message: string) => fromNetworkError(Object.assign(new Error(message), { code }), endpoint).detail.tls;

  it("tells certificate problems apart by Node's verification code", () => {
    expect(tls('CERT_NOT_YET_VALID', 'certificate is not yet valid')).toBe('CertificateExpired');
    expect(tls('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain')).toBe('UnknownAuthority');
    expect(tls('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')).toBe('UnknownAuthority');
    expect(tls('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate')).toBe('UnknownAuthority');
    expect(tls('CERT_REVOKED', 'certificate revoked')).toBe('Other');
    expect(tls('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')).toBe('Other');
  });

  it('says an unreachable network as such, naming the cluster', () => {
    const err = fromNetworkError(Object.assign(new Error('connect EHOSTUNREACH 10.0.0.1:443'), { code: 'EHOSTUNREACH' }), endpoint);
    expect([err.kind, err.httpStatus, err.message, err.detail]).toEqual([
      'ClusterUnreachable',
      502,
      'cannot reach the API server of cluster "eks" at https://api.eks.example:443: host unreachable (EHOSTUNREACH)',
      { cluster: 'eks' },
    ]);
  });
});

describe('credentialsPluginFailed', () => {
  it('shows the first five lines of stderr, without blank ones, and cuts them at 600 characters', () => {
    const stderr = ['', 'one', '  ', 'two', 'three', 'four', 'five', 'six'].join('\n');
    expect(credentialsPluginFailed(new Error(stderr), endpoint, 'aws').message).toBe('cannot get credentials for cluster "eks": the credentials plugin "aws" failed: one\ntwo\nthree\nfour\nfive');
    const long = credentialsPluginFailed(new Error('x'.repeat(700)), endpoint, 'aws').message;
    expect(long).toBe(`cannot get credentials for cluster "eks": the credentials plugin "aws" failed: ${'x'.repeat(600)}…`);
  });

  it('removes a JWT a plugin wrote to stderr', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl';
    expect(credentialsPluginFailed(new Error(`refresh failed for ${jwt}`), endpoint, 'kubelogin').message).toBe(
      'cannot get credentials for cluster "eks": the credentials plugin "kubelogin" failed: refresh failed for [redacted]',
    );
  });

  it('says a plugin that failed silently wrote nothing', () => {
    const err = credentialsPluginFailed(new Error(''), endpoint, 'aws');
    expect([err.kind, err.httpStatus, err.message, err.detail]).toEqual([
      'CredentialsPluginFailed',
      502,
      'cannot get credentials for cluster "eks": the credentials plugin "aws" failed and wrote nothing to stderr',
      { cluster: 'eks' },
    ]);
  });
});
