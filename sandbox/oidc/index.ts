/**
 * The sandbox's OpenID provider: npm `oidc-provider` (a certified implementation) on
 * loopback, with discovery, JWKS, the authorization code flow with PKCE, refresh tokens,
 * RP-initiated logout and key rotation, its login form served by the interaction routes here.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { createTlsCredentials } from '../kube/tls';
import { escapeHtml, loginPage, logoutPage, signedOutPage } from './login-page';
import { createOidcUsers, type OidcUser } from './users';

export interface OidcProviderOptions {
  /** Where the provider may send the authorization response: the console's callback URLs. */
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Lifetime of ID tokens (default one hour); short in tests so renewal is exercised. */
  idTokenTtlSeconds?: number;
  port?: number;
  host?: string;
}

export interface SandboxOidc {
  /** https, as kube-apiserver requires of an issuer, with a certificate from `caPem`. */
  issuer: string;
  /** PEM of the CA the provider's certificate chains to, which its clients must trust. */
  caPem: string;
  clientId: string;
  clientSecret: string;
  users: OidcUser[];
  /** Signs with a new key from now on; the old one stays published so tokens it signed still verify. */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

export const OIDC_CLIENT_ID = 'watchdeck';
const MAX_FORM_BYTES = 4096;
const CANCELLED = 'The user cancelled the sign-in at the sandbox OpenID provider.';

async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

function configuration(options: OidcProviderOptions, users: OidcUser[], clientSecret: string, keys: JWK[], cookieKey: string): Configuration {
  const ttl = options.idTokenTtlSeconds ?? 3600;
  return {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: clientSecret,
        client_name: 'Watchdeck',
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, sub) {
      const user = users.find((u) => u.username === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: user.email, email_verified: true, name: user.name, preferred_username: user.username, groups: user.groups }),
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups'],
    // The API server reads email and groups from the ID token, so scope claims go into it as well.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      // A client may revoke only the tokens issued to it.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.body = logoutPage(form, ctx.host, ctx.oidc.client?.clientId === OIDC_CLIENT_ID);
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.body = signedOutPage();
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    // Like Keycloak, a client allowed the refresh_token grant gets a refresh token without offline_access,
    // which the protocol grants only with prompt=consent; it ends with the provider's session.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // The console is the provider's own client: its scopes are granted without a consent screen.
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const grant = (grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined) ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      if (client.clientId !== OIDC_CLIENT_ID) return grantId ? grant : undefined;
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
    ttl: { IdToken: ttl, AccessToken: ttl, AuthorizationCode: 60, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600, RefreshToken: 12 * 3600 },
    cookies: { keys: [cookieKey] },
    jwks: { keys },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error · Sandbox OpenID provider</title></head><body><h1>${escapeHtml(String(out.error))}</h1><p>${escapeHtml(String(out.error_description ?? ''))}</p></body></html>`;
    },
  };
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<SandboxOidc> {
  const users = createOidcUsers();
  const clientSecret = randomBytes(24).toString('base64url');
  const cookieKey = randomBytes(32).toString('base64url');
  let keys = [await signingKey()];
  let provider: Provider | undefined;

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const current = provider!;
    const details = await current.interactionDetails(req, res);
    if (details.uid !== uid) return sendHtml(res, 400, loginPage({ action: `/interaction/${details.uid}/login`, clientName: 'Watchdeck', error: 'This sign-in link is out of date.' }));
    const client = await current.Client.find(String(details.params.client_id));
    const clientName = client?.clientName ?? String(details.params.client_id);
    if (req.method === 'GET' && action === undefined) {
      if (details.prompt.name !== 'login') {
        // Consent is granted by loadExistingGrant; finishing the step lets the provider re-check it.
        return current.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      }
      return sendHtml(res, 200, loginPage({ action: `/interaction/${uid}/login`, clientName }));
    }
    if (req.method === 'POST' && action === 'login') {
      const form = await readForm(req);
      if (form.has('cancel')) {
        return current.interactionFinished(req, res, { error: 'access_denied', error_description: CANCELLED }, { mergeWithLastSubmission: false });
      }
      const username = form.get('username') ?? '';
      const user = users.find((u) => u.username === username && u.password === form.get('password'));
      if (!user) return sendHtml(res, 401, loginPage({ action: `/interaction/${uid}/login`, clientName, username, error: 'Wrong username or password.' }));
      return current.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
    }
    res.writeHead(405, { Allow: 'GET, POST' }).end();
  }

  const tls = await createTlsCredentials({ hosts: ['127.0.0.1', 'localhost'], commonName: 'sandbox-oidc-provider' });
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (match) {
      interaction(req, res, match[1], match[2]).catch((err: Error) => {
        if (!res.headersSent) sendHtml(res, 400, `<!DOCTYPE html><title>Sign-in failed</title><h1>Sign-in failed</h1><p>${escapeHtml(err.message)}</p>`);
        else res.end();
      });
      return;
    }
    provider!.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  const issuer = `https://${address.includes(':') ? `[${address}]` : address}:${port}`;

  const build = () => {
    provider = new Provider(issuer, configuration(options, users, clientSecret, keys, cookieKey));
    // Errors the provider answers with (a wrong code, an expired refresh token) are the client's, not the sandbox's.
    provider.on('server_error', (_ctx, err) => console.error(`sandbox OpenID provider: ${err.message}`));
  };
  build();
  return {
    issuer,
    caPem: tls.caPem,
    clientId: OIDC_CLIENT_ID,
    clientSecret,
    users,
    async rotateKeys() {
      // The first key signs; the provider's sessions and grants live in its shared memory store, so a new instance keeps them.
      keys = [await signingKey(), ...keys].slice(0, 3);
      build();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
