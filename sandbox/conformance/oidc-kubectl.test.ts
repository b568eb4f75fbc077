/**
 * kubectl with an OIDC ID token as its bearer token, as against an EKS
 * cluster with an associated OIDC identity provider: the sandbox's JWT
 * authenticator maps it to the prefixed user and groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { startTestIssuer, type TestIssuer } from '../kube/auth/test-issuer';
import { SANDBOX_START_TIMEOUT_MS, startTestSandbox, type TestSandbox } from './harness';

let issuer: TestIssuer;
let t: TestSandbox;

beforeAll(async () => {
  issuer = await startTestIssuer();
  t = await startTestSandbox({
    jwt: [
      {
        issuer: { url: issuer.url, audiences: ['watchdeck'], certificateAuthority: issuer.caPem },
        // EKS's own example mapping: prefixed username and groups from the token's claims.
        claimMappings: { username: { claim: 'email', prefix: 'oidc:' }, groups: { claim: 'groups', prefix: 'oidc:' } },
      },
    ],
  });
  await t.sandbox.jwtReady();
}, SANDBOX_START_TIMEOUT_MS);

afterAll(async () => {
  await t?.close();
  await issuer?.close();
});

function idToken(overrides: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return issuer.sign({ iss: issuer.url, aud: 'watchdeck', sub: 'u-1234', email: 'jane@example.com', email_verified: true, groups: ['sre'], iat: now, exp: now + 600, ...overrides });
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl --token with an ID token'), () => {
  it('auth whoami prints the prefixed username and groups, with system:authenticated', async () => {
    const r = await t.kubectl('dev', ['auth', 'whoami', `--token=${await idToken()}`, '-o', 'json']);
    expect(r.stderr).toBe('');
    const review = JSON.parse(r.stdout) as { kind: string; apiVersion: string; status: unknown };
    expect([review.kind, review.apiVersion]).toEqual(['SelfSubjectReview', 'authentication.k8s.io/v1']);
    // oidc.go: prefix + email claim, prefix + each group; the union authenticator adds system:authenticated.
    expect(review.status).toEqual({ userInfo: { username: 'oidc:jane@example.com', groups: ['oidc:sre', 'system:authenticated'] } });
  });

  it('is told only that it must log in when the token has expired', async () => {
    const r = await t.kubectl('dev', ['auth', 'whoami', `--token=${await idToken({ exp: Math.floor(Date.now() / 1000) - 5 })}`, '-o', 'json']);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', 'error: You must be logged in to the server (Unauthorized)\n']);
  });
});
