/**
 * OIDC ID tokens through the sandbox API server's real HTTP handler, as
 * `kubectl auth whoami` sends them (a SelfSubjectReview create), checked
 * against kube-apiserver's JWT authenticator: oidc.go for the claim mapping,
 * the go-oidc v2 verify.go and jwks.go it vendors for the token checks.
 */
import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld } from '../../world/index';
import type { World } from '../../world/world';
import { RbacAuthorizer } from '../rbac/authorizer';
import { createKubeApiServer, type KubeApiServer } from '../server';
import type { JwtAuthenticatorConfig } from './jwt';
import { startTestIssuer, type TestIssuer } from './test-issuer';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const SECONDS = NOW / 1000;

/** What kube-apiserver answers for any credential it cannot authenticate (responsewriters.Unauthorized), never saying why. */
const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

let world: World;
const issuers: TestIssuer[] = [];
const servers: KubeApiServer[] = [];
let main: TestIssuer;
let second: TestIssuer;
let rotating: TestIssuer;
let url: string;
const logs: string[] = [];

function emailConfig(issuer: TestIssuer): JwtAuthenticatorConfig {
  return {
    issuer: { url: issuer.url, audiences: ['watchdeck'], certificateAuthority: issuer.caPem },
    claimMappings: { username: { claim: 'email', prefix: 'oidc:' }, groups: { claim: 'groups', prefix: 'oidc:' }, uid: { claim: 'sub' } },
    claimValidationRules: [{ claim: 'hd', requiredValue: 'example.com' }],
  };
}

async function startServer(jwt: JwtAuthenticatorConfig[], retryIntervalMs?: number): Promise<{ server: KubeApiServer; url: string }> {
  const server = createKubeApiServer(world, {
    users: [],
    authorizer: new RbacAuthorizer(world.store),
    jwt,
    jwtOptions: { now: () => NOW, log: (m) => logs.push(m), retryIntervalMs },
  });
  servers.push(server);
  return { server, url: await server.listen(0, '127.0.0.1') };
}

beforeAll(async () => {
  world = createWorld({ mode: 'manual', scenario: 'empty' });
  [main, second, rotating] = await Promise.all([startTestIssuer(), startTestIssuer(), startTestIssuer()]);
  issuers.push(main, second, rotating);
  const started = await startServer([
    emailConfig(main),
    {
      issuer: { url: second.url, audiences: ['other-app', 'watchdeck'], audienceMatchPolicy: 'MatchAny', certificateAuthority: second.caPem },
      claimMappings: { username: { claim: 'sub', prefix: '' }, groups: { claim: 'roles', prefix: '' } },
    },
    emailConfig(rotating),
  ]);
  url = started.url;
  await started.server.jwtReady();
});

afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), ...issuers.map((i) => i.close())]);
});

beforeEach(() => {
  logs.length = 0;
});

/** The claims of a token every check accepts, from `issuer`, valid from a minute ago for ten minutes. */
function claims(issuer: TestIssuer, overrides: JWTPayload & Record<string, unknown> = {}): JWTPayload {
  return {
    iss: issuer.url,
    aud: 'watchdeck',
    sub: 'u-1234',
    email: 'jane@example.com',
    email_verified: true,
    groups: ['sre', 'oncall'],
    hd: 'example.com',
    iat: SECONDS - 60,
    exp: SECONDS + 600,
    ...overrides,
  };
}

/** POST a SelfSubjectReview with `token`, as `kubectl auth whoami` does. */
async function whoami(token: string, base = url): Promise<{ code: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/apis/authentication.k8s.io/v1/selfsubjectreviews`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null } }),
  });
  return { code: res.status, body: (await res.json()) as Record<string, unknown> };
}

const userInfo = async (token: string) => {
  const { code, body } = await whoami(token);
  return { code, userInfo: (body.status as { userInfo?: unknown } | undefined)?.userInfo };
};

function unsigned(header: object, payload: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.`;
}

describe('a valid ID token', () => {
  it('is the prefixed email user with prefixed groups, its sub as uid, and system:authenticated', async () => {
    // oidc.go: username = prefix + claim, each group = prefix + group, uid from the uid claim; the union authenticator adds system:authenticated.
    const { code, body } = await whoami(await main.sign(claims(main)));
    expect(code).toBe(201);
    expect(body.kind).toBe('SelfSubjectReview');
    expect(body.status).toEqual({ userInfo: { username: 'oidc:jane@example.com', uid: 'u-1234', groups: ['oidc:sre', 'oidc:oncall', 'system:authenticated'] } });
    expect(logs).toEqual([]);
  });

  it('from another issuer is left to its own authenticator, with one audience of several, a string groups claim and the empty prefix', async () => {
    // oidc.go: a token whose iss is not this authenticator's is passed over; stringOrArray reads "admins" as ["admins"]; prefix "" adds nothing.
    const token = await second.sign(claims(second, { aud: ['someone-else', 'other-app'], roles: 'admins' }));
    expect(await userInfo(token)).toEqual({ code: 201, userInfo: { username: 'u-1234', groups: ['admins', 'system:authenticated'] } });
  });

  it('without the groups claim has only system:authenticated', async () => {
    expect(await userInfo(await main.sign(claims(main, { groups: undefined })))).toEqual({
      code: 201,
      userInfo: { username: 'oidc:jane@example.com', uid: 'u-1234', groups: ['system:authenticated'] },
    });
  });

  it('whose email_verified claim is absent is accepted: only a present claim must be true', async () => {
    expect((await userInfo(await main.sign(claims(main, { email_verified: undefined })))).code).toBe(201);
  });
});

describe('the clock, as go-oidc v2 verify.go checks it', () => {
  it('accepts a token whose exp is this very second: expired means exp before now, with no leeway', async () => {
    expect((await whoami(await main.sign(claims(main, { exp: SECONDS })))).code).toBe(201);
  });

  it('refuses a token that expired one second ago', async () => {
    expect(await whoami(await main.sign(claims(main, { exp: SECONDS - 1 })))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: token is expired`]);
  });

  it('refuses a token without exp, whose expiry is the zero time', async () => {
    expect(await whoami(await main.sign(claims(main, { exp: undefined })))).toEqual({ code: 401, body: UNAUTHORIZED });
  });

  it('accepts a token valid from a minute ahead: nbf has one minute of leeway', async () => {
    expect((await whoami(await main.sign(claims(main, { nbf: SECONDS + 60 })))).code).toBe(201);
  });

  it('refuses a token valid from 61 seconds ahead', async () => {
    expect(await whoami(await main.sign(claims(main, { nbf: SECONDS + 61 })))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: current time before the nbf (not before) time`]);
  });

  it('does not compare iat with the clock: a token issued an hour ahead but valid now is accepted', async () => {
    expect((await whoami(await main.sign(claims(main, { iat: SECONDS + 3600 })))).code).toBe(201);
  });
});

describe('a refused token gets the API server 401 Status and its reason only in the log', () => {
  it('for the wrong audience', async () => {
    const token = await main.sign(claims(main, { aud: ['someone-else'] }));
    expect(await whoami(token)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: expected audience in ["watchdeck"] got ["someone-else"]`]);
  });

  it('for an issuer no authenticator has, without asking any issuer', async () => {
    const before = { ...main.hits };
    const token = await main.sign(claims(main, { iss: 'https://idp.example.com' }));
    expect(await whoami(token)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(main.hits).toEqual(before);
    expect(logs).toEqual([]);
  });

  it('for a signature by a key the issuer does not publish', async () => {
    const token = await main.sign(claims(main), { key: 'unpublished' });
    expect(await whoami(token)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: verify token: failed to verify id token signature`]);
  });

  it('for alg none, which kube-apiserver never allows', async () => {
    const token = unsigned({ alg: 'none', typ: 'JWT' }, claims(main));
    expect(await whoami(token)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: id token signed with unsupported algorithm, expected ["RS256"] got "none"`]);
  });

  it('for HS256, an algorithm outside the accepted RS256', async () => {
    const token = await new SignJWT(claims(main)).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).sign(new TextEncoder().encode('a shared secret of 32 bytes ok!!'));
    expect(await whoami(token)).toEqual({ code: 401, body: UNAUTHORIZED });
  });

  it('for email_verified false when the username claim is email', async () => {
    expect(await whoami(await main.sign(claims(main, { email_verified: false })))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: email not verified`]);
  });

  it('for a claimValidationRules claim with another value, or absent', async () => {
    expect(await whoami(await main.sign(claims(main, { hd: 'evil.example' })))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(await whoami(await main.sign(claims(main, { hd: undefined })))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: required claim hd value does not match`, `jwt authenticator ${main.url}: oidc: required claim hd not present in ID token`]);
  });

  it('for a standard claim of a type go-oidc cannot read, such as a numeric nonce', async () => {
    expect(await whoami(await main.sign(claims(main, { nonce: 42 })))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([`jwt authenticator ${main.url}: oidc: failed to unmarshal claims: nonce is not a string`]);
  });

  it('for a mapped uid claim that is missing', async () => {
    expect(await whoami(await main.sign(claims(main, { sub: undefined })))).toEqual({ code: 401, body: UNAUTHORIZED });
  });

  it('for a JWT in JSON serialization or a token that is no JWT at all', async () => {
    expect(await whoami(`{"payload":"${Buffer.from(JSON.stringify(claims(main))).toString('base64url')}"}`)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(await whoami('a.b')).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toEqual([]);
  });

  it('and the log never holds the token', async () => {
    const token = await main.sign(claims(main, { aud: 'nobody' }));
    await whoami(token);
    expect(logs).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(token.split('.')[2]);
  });
});

describe('key rotation', () => {
  it('refetches the key set for a key it has not seen, and while the set is fresh per Cache-Control refuses one without asking', async () => {
    expect((await whoami(await rotating.sign(claims(rotating)))).code).toBe(201);
    const fetched = rotating.hits['/keys'];
    expect(fetched).toBe(1);

    // go-oidc jwks.go: no Cache-Control means the keys expire at once, so an unknown kid fetches them again, once for concurrent requests.
    rotating.jwksCacheControl = 'max-age=300';
    expect(await rotating.rotate()).toBe('key-2');
    const tokens = [await rotating.sign(claims(rotating)), await rotating.sign(claims(rotating, { sub: 'u-5678' }))];
    const [first, concurrent] = await Promise.all([userInfo(tokens[0]), whoami(tokens[1])]);
    expect(first).toEqual({
      code: 201,
      userInfo: { username: 'oidc:jane@example.com', uid: 'u-1234', groups: ['oidc:sre', 'oidc:oncall', 'system:authenticated'] },
    });
    expect(concurrent.code).toBe(201);
    expect(rotating.hits['/keys']).toBe(2);

    // Fresh for 300 s: a token naming a key published since is refused and the issuer is not asked.
    expect(await rotating.rotate()).toBe('key-3');
    expect(await whoami(await rotating.sign(claims(rotating)))).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(rotating.hits['/keys']).toBe(2);
    // The cached keys still verify tokens signed with them.
    expect((await whoami(await rotating.sign(claims(rotating), { key: 'key-2' }))).code).toBe(201);
    expect(rotating.hits['/keys']).toBe(2);
  });
});

describe('discovery', () => {
  it('keeps retrying an issuer that is down at start, refusing its tokens until it answers', async () => {
    const late = await startTestIssuer();
    issuers.push(late);
    late.down = true;
    const { server, url: lateUrl } = await startServer([emailConfig(late)], 20);
    const token = await late.sign(claims(late));
    expect(await whoami(token, lateUrl)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toContain(`jwt authenticator ${late.url}: oidc: authenticator not initialized`);
    await expect.poll(() => late.hits['/.well-known/openid-configuration']).toBeGreaterThan(1);
    expect(logs).toContain(`jwt authenticator ${late.url}: oidc authenticator: initializing plugin: 503 Service Unavailable: `);
    late.down = false;
    await server.jwtReady();
    expect((await whoami(token, lateUrl)).code).toBe(201);
  });

  it('reads the document at discoveryURL when given, still requiring it to name the configured issuer', async () => {
    const hosted = await startTestIssuer();
    issuers.push(hosted);
    const issuerUrl = `${hosted.url}/realms/watchdeck`;
    hosted.discoveredIssuer = issuerUrl;
    const config = emailConfig(hosted);
    const { server, url: hostedUrl } = await startServer([{ ...config, issuer: { ...config.issuer, url: issuerUrl, discoveryURL: `${hosted.url}/.well-known/openid-configuration` } }]);
    await server.jwtReady();
    const token = await hosted.sign(claims(hosted, { iss: issuerUrl }));
    expect((await whoami(token, hostedUrl)).code).toBe(201);
  });

  it('never trusts a discovery document that names another issuer', async () => {
    const impostor = await startTestIssuer();
    issuers.push(impostor);
    impostor.discoveredIssuer = 'https://elsewhere.example';
    const { url: impostorUrl } = await startServer([emailConfig(impostor)], 20);
    await expect.poll(() => impostor.hits['/.well-known/openid-configuration']).toBeGreaterThan(1);
    expect(await whoami(await impostor.sign(claims(impostor)), impostorUrl)).toEqual({ code: 401, body: UNAUTHORIZED });
    expect(logs).toContain(
      `jwt authenticator ${impostor.url}: oidc authenticator: initializing plugin: oidc: issuer did not match the issuer returned by provider, expected "${impostor.url}" got "https://elsewhere.example"`,
    );
    expect(impostor.hits['/keys']).toBeUndefined();
  });
});
