import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type SandboxOidc } from './index';

/** GET over https trusting the provider's own CA. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON answer read by path in assertions
function get(url: string, ca: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) }));
      })
      .on('error', reject);
  });
}

describe('the sandbox OpenID provider', () => {
  let provider: SandboxOidc;
  beforeAll(async () => {
    provider = await startOidcProvider({ redirectUris: ['http://127.0.0.1:3000/api/v1/auth/callback'], postLogoutRedirectUris: ['http://127.0.0.1:3000/sign-in'], idTokenTtlSeconds: 20 });
  });
  afterAll(async () => provider?.close());

  it('publishes discovery over https with the code flow, PKCE S256, refresh tokens and an end-session endpoint', async () => {
    expect(provider.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await get(`${provider.issuer}/.well-known/openid-configuration`, provider.caPem);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/auth`,
      token_endpoint: `${provider.issuer}/token`,
      jwks_uri: `${provider.issuer}/jwks`,
      end_session_endpoint: `${provider.issuer}/session/end`,
      revocation_endpoint: `${provider.issuer}/token/revocation`,
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: expect.arrayContaining(['RS256']),
    });
    expect(json.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(json.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'groups', 'offline_access']));
    expect(json.claims_supported).toEqual(expect.arrayContaining(['email', 'email_verified', 'groups', 'preferred_username']));
  });

  it('has admin, oncall and dev in the groups the sandbox binds, each with a password of its own', () => {
    expect(provider.users.map((u) => [u.username, u.email, u.groups])).toEqual([
      ['admin', 'admin@eks-work.example', ['admins']],
      ['oncall', 'oncall@eks-work.example', ['oncall']],
      ['dev', 'dev@eks-work.example', ['developers']],
    ]);
    expect(new Set(provider.users.map((u) => u.password)).size).toBe(3);
  });

  it('keeps the old key published after a rotation, the new one first', async () => {
    const before = (await get(`${provider.issuer}/jwks`, provider.caPem)).json.keys.map((k: { kid: string }) => k.kid);
    await provider.rotateKeys();
    const after = (await get(`${provider.issuer}/jwks`, provider.caPem)).json.keys.map((k: { kid: string }) => k.kid);
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(2);
    expect(after[1]).toBe(before[0]);
    expect(after[0]).not.toBe(before[0]);
  });
});
