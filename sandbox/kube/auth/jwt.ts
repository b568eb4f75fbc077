/**
 * kube-apiserver's JWT authenticator (k8s.io/apiserver/plugin/pkg/authenticator/
 * token/oidc over the go-oidc v2 verifier it vendors), configured by one entry
 * of a structured AuthenticationConfiguration's `jwt` list: OIDC discovery in
 * the background until the issuer answers, then ID tokens checked for issuer,
 * audience, expiry, not-before, algorithm and signature, and mapped to a user
 * by their claims.
 */
import { STATUS_CODES } from 'node:http';
import type { UserInfo } from './types';
import { httpGet, RemoteKeySet } from './jwks';
import { JwtConfigError, validateJwtAuthenticator, type JwtAuthenticatorConfig } from './jwt-config';

export type { JwtAuthenticatorConfig } from './jwt-config';

/** The algorithms kube-apiserver allows at all (oidc.go allowedSigningAlgs); never `none` or HMAC. */
export const ALLOWED_SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'];
/** --oidc-signing-algs defaults to RS256, the algorithm OpenID Connect requires providers to implement. */
const DEFAULT_SIGNING_ALGS = ['RS256'];
/** go-oidc's verifier accepts a token whose nbf is up to one minute ahead (verify.go). */
export const NOT_BEFORE_LEEWAY_MS = 60_000;
/** oidc.go polls the issuer's discovery document every 10 s until it answers. */
const DISCOVERY_RETRY_MS = 10_000;
const WELL_KNOWN = '/.well-known/openid-configuration';
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
/** go-oidc's idToken reads these as Go strings: another type fails to unmarshal. */
const STRING_CLAIMS = ['sub', 'nonce', 'at_hash'];

export interface JwtAuthenticatorOptions {
  /** The accepted `alg` values, as --oidc-signing-algs; RS256 alone by default. */
  signingAlgs?: string[];
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  /** Between discovery attempts while the issuer does not answer. */
  retryIntervalMs?: number;
  /** Where discovery failures and refused tokens are reported; never given the token. */
  log?: (message: string) => void;
}

/** What one authenticator says of a bearer token: not its issuer's, the user, or why it is refused. */
export type JwtResult = { user: UserInfo } | { error: string } | undefined;

type Claims = Record<string, unknown>;

class Refused extends Error {}

export class JwtAuthenticator {
  private keySet: RemoteKeySet | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly initialized: Promise<void>;
  private markInitialized!: () => void;
  private readonly signingAlgs: string[];
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(
    readonly config: JwtAuthenticatorConfig,
    private readonly options: JwtAuthenticatorOptions = {},
  ) {
    const errors = validateJwtAuthenticator(config, 'jwt');
    const signingAlgs = options.signingAlgs?.length ? options.signingAlgs : DEFAULT_SIGNING_ALGS;
    for (const alg of signingAlgs) if (!ALLOWED_SIGNING_ALGS.includes(alg)) errors.push(`oidc: unsupported signing alg: ${JSON.stringify(alg)}`);
    if (errors.length > 0) throw new JwtConfigError(errors);
    this.signingAlgs = signingAlgs;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((m) => console.error(`sandbox api server: ${m}`));
    this.initialized = new Promise((resolve) => (this.markInitialized = resolve));
    void this.discover();
  }

  /** Resolves once discovery has succeeded (it is retried until then). */
  ready(): Promise<void> {
    return this.initialized;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** undefined when the token is not a compact JWT from this issuer, so other authenticators get their turn. */
  async authenticate(token: string): Promise<JwtResult> {
    if (untrustedIssuer(token) !== this.config.issuer.url) return undefined;
    try {
      if (!this.keySet) throw new Refused('oidc: authenticator not initialized');
      return { user: await this.verify(token, this.keySet) };
    } catch (err) {
      const error = err instanceof Refused ? err.message : `oidc: verify token: ${(err as Error).message}`;
      this.log(`jwt authenticator ${this.config.issuer.url}: ${error}`);
      return { error };
    }
  }

  private async discover(): Promise<void> {
    if (this.closed) return;
    try {
      this.keySet = await this.fetchProvider();
      this.markInitialized();
    } catch (err) {
      this.log(`jwt authenticator ${this.config.issuer.url}: oidc authenticator: initializing plugin: ${(err as Error).message}`);
      if (this.closed) return;
      this.timer = setTimeout(() => void this.discover(), this.options.retryIntervalMs ?? DISCOVERY_RETRY_MS);
      this.timer.unref();
    }
  }

  /** go-oidc NewProvider: the discovery document must name this very issuer. */
  private async fetchProvider(): Promise<RemoteKeySet> {
    const { url, discoveryURL, certificateAuthority } = this.config.issuer;
    const res = await httpGet(discoveryURL || url.replace(/\/+$/, '') + WELL_KNOWN, certificateAuthority);
    if (res.status !== 200) throw new Error(`${res.status} ${STATUS_CODES[res.status] ?? ''}: ${res.body.slice(0, 200)}`);
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      doc = JSON.parse(res.body);
    } catch (err) {
      throw new Error(`oidc: failed to decode provider discovery object: ${(err as Error).message}`);
    }
    if (doc.issuer !== url) throw new Error(`oidc: issuer did not match the issuer returned by provider, expected ${JSON.stringify(url)} got ${JSON.stringify(doc.issuer)}`);
    // As go-oidc, a document without jwks_uri still initializes; fetching its keys then fails.
    return new RemoteKeySet(typeof doc.jwks_uri === 'string' ? doc.jwks_uri : '', certificateAuthority, this.now);
  }

  private async verify(token: string, keySet: RemoteKeySet): Promise<UserInfo> {
    const claims = parsePayload(token);
    checkStandardClaims(claims, this.config, this.now());
    const alg = protectedHeader(token).alg;
    if (typeof alg !== 'string' || !this.signingAlgs.includes(alg)) {
      throw new Refused(`oidc: id token signed with unsupported algorithm, expected ${JSON.stringify(this.signingAlgs)} got ${JSON.stringify(alg)}`);
    }
    await keySet.verify(token, this.signingAlgs);
    return this.userOf(claims);
  }

  /** Username, groups and uid from the claims (oidc.go getUsername, getGroups, getUID), then the required claims. */
  private userOf(claims: Claims): UserInfo {
    const { username, groups, uid } = this.config.claimMappings;
    const name = stringClaim(claims, username.claim, 'username');
    if (username.claim === 'email' && 'email_verified' in claims) {
      const verified = claims.email_verified;
      if (typeof verified !== 'boolean' && verified !== null) throw new Refused("oidc: parse 'email_verified' claim: not a boolean");
      if (verified !== true) throw new Refused('oidc: email not verified');
    }
    const groupList = groups?.claim && groups.claim in claims ? stringOrArray(claims[groups.claim], groups.claim).map((g) => groups.prefix + g) : [];
    const uidValue = uid?.claim ? stringClaim(claims, uid.claim, 'uid') : '';
    for (const rule of this.config.claimValidationRules ?? []) {
      if (!(rule.claim in claims)) throw new Refused(`oidc: required claim ${rule.claim} not present in ID token`);
      const value = claims[rule.claim];
      if (typeof value !== 'string' && value !== null) throw new Refused(`oidc: parse claim ${rule.claim}: not a string`);
      if ((value ?? '') !== rule.requiredValue) throw new Refused(`oidc: required claim ${rule.claim} value does not match`);
    }
    return { username: username.prefix + name, ...(uidValue ? { uid: uidValue } : {}), groups: groupList };
  }
}

/** The unverified `iss` of a compact JWT (oidc.go untrustedIssuer); undefined for anything else. */
export function untrustedIssuer(token: string): string | undefined {
  if (token.trim().startsWith('{')) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const iss = parsePayload(token).iss;
    if (typeof iss !== 'string') return undefined;
    // OpenID Connect Core's one allowed exception: Google's bare issuer.
    return iss === 'accounts.google.com' ? 'https://accounts.google.com' : iss;
  } catch {
    return undefined;
  }
}

function base64urlJson(part: string, what: string): Claims {
  // Go's RawURLEncoding: the URL alphabet without padding.
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Refused(`oidc: malformed jwt ${what}`);
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Refused(`oidc: malformed jwt ${what}`);
  return value as Claims;
}

function parsePayload(token: string): Claims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Refused('oidc: malformed jwt');
  return base64urlJson(parts[1], 'payload');
}

function protectedHeader(token: string): Claims {
  return base64urlJson(token.split('.')[0], 'header');
}

/** A NumericDate as go-oidc's jsonTime reads it: seconds, fractions dropped; absent is the zero time. */
function numericDate(claims: Claims, name: string): number | undefined {
  const v = claims[name];
  if (v === undefined || v === null) return undefined;
  // json.Number also takes a JSON string holding a valid number.
  const n = typeof v === 'number' ? v : typeof v === 'string' && JSON_NUMBER.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new Refused(`oidc: failed to unmarshal claims: ${name} is not a number`);
  return Math.trunc(n) * 1000;
}

/** go-oidc Verify's checks before the signature: issuer, audience, expiry (no leeway), not-before (one minute). */
function checkStandardClaims(claims: Claims, config: JwtAuthenticatorConfig, now: number): void {
  if (claims.iss !== config.issuer.url && !(config.issuer.url === 'https://accounts.google.com' && claims.iss === 'accounts.google.com')) {
    throw new Refused('oidc: id token issued by a different provider');
  }
  for (const name of STRING_CLAIMS) {
    if (claims[name] !== undefined && claims[name] !== null && typeof claims[name] !== 'string') throw new Refused(`oidc: failed to unmarshal claims: ${name} is not a string`);
  }
  const aud = claims.aud === undefined || claims.aud === null ? [] : stringOrArray(claims.aud, 'aud');
  if (!aud.some((a) => config.issuer.audiences.includes(a))) {
    throw new Refused(`oidc: expected audience in ${JSON.stringify(config.issuer.audiences)} got ${JSON.stringify(aud)}`);
  }
  const exp = numericDate(claims, 'exp');
  // iat is read (a malformed one fails to unmarshal) but never compared with the clock.
  numericDate(claims, 'iat');
  // A token without exp has go-oidc's zero time as its expiry, long past.
  if (exp === undefined || exp < now) throw new Refused('oidc: token is expired');
  const nbf = numericDate(claims, 'nbf');
  if (nbf !== undefined && now + NOT_BEFORE_LEEWAY_MS < nbf) throw new Refused('oidc: current time before the nbf (not before) time');
}

/** A claim read as a Go string: null is "", anything else but a string is an error, absence too. */
function stringClaim(claims: Claims, name: string, what: string): string {
  if (!(name in claims)) throw new Refused(`oidc: parse ${what} claim ${JSON.stringify(name)}: claim not present`);
  const v = claims[name];
  if (v === null) return '';
  if (typeof v !== 'string') throw new Refused(`oidc: parse ${what} claim ${JSON.stringify(name)}: not a string`);
  return v;
}

/** oidc.go stringOrArray: a string is a list of one; null is none. */
function stringOrArray(v: unknown, name: string): string[] {
  if (v === null) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || x === null)) return v.map((x) => x ?? '');
  throw new Refused(`oidc: parse ${name} claim: not a string or an array of strings`);
}
