/**
 * An issuer's signing keys, fetched from its jwks_uri the way go-oidc's
 * remoteKeySet (the one kube-apiserver vendors) keeps them: cached until the
 * response's Cache-Control says they expire, refetched only when a token's
 * key is not among them and the cache is within 30 s of expiring, with one
 * fetch in flight at a time.
 */
import http from 'node:http';
import https from 'node:https';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';

/** go-oidc keysExpiryDelta: the cache is refreshed early by this much. */
const KEYS_EXPIRY_DELTA_MS = 30_000;
/** kube-apiserver's OIDC HTTP client gives up after 30 s. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Discovery documents and key sets are small; anything larger is refused. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET `url`, trusting `ca` (PEM) instead of the system roots when given. */
export function httpGet(url: string, ca?: string): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const get = u.protocol === 'https:' ? https.get : u.protocol === 'http:' ? http.get : undefined;
    if (!get) {
      reject(new Error(`unsupported protocol scheme "${u.protocol.replace(/:$/, '')}"`));
      return;
    }
    const req = get(u, { timeout: REQUEST_TIMEOUT_MS, headers: { accept: 'application/json' }, ...(ca ? { ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error('response too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

/** When a response stops being fresh, from Cache-Control max-age or Expires; `now` when it says nothing. */
export function freshUntil(headers: http.IncomingHttpHeaders, now: number): number {
  const cacheControl = String(headers['cache-control'] ?? '').toLowerCase();
  const directives = new Map(
    cacheControl.split(',').map((d): [string, string | undefined] => {
      const [name, value] = d.trim().split('=');
      return [name, value];
    }),
  );
  if (directives.has('no-store') || directives.has('no-cache') || directives.has('private')) return now;
  const maxAge = Number(directives.get('s-maxage') ?? directives.get('max-age'));
  if (Number.isFinite(maxAge) && maxAge > 0) return now + maxAge * 1000;
  const expires = Date.parse(String(headers.expires ?? ''));
  return Number.isFinite(expires) && expires > now ? expires : now;
}

export class RemoteKeySet {
  private keys: JWK[] = [];
  private expiry = 0;
  private inflight: Promise<JWK[]> | undefined;
  /** How many times the key set was fetched. */
  fetches = 0;

  constructor(
    private readonly jwksURL: string,
    private readonly ca: string | undefined,
    private readonly now: () => number,
  ) {}

  /** The token's payload when a key of the set verifies it with one of `algorithms`. */
  async verify(token: string, algorithms: string[]): Promise<Uint8Array> {
    const { kid } = decodeProtectedHeader(token);
    const cached = await this.tryKeys(this.keys, token, kid, algorithms);
    if (cached) return cached;
    // The keys are still fresh: a token naming another key is refused without asking the issuer.
    if (this.now() + KEYS_EXPIRY_DELTA_MS <= this.expiry) throw new Error('failed to verify id token signature');
    const keys = await this.keysFromRemote();
    const fetched = await this.tryKeys(keys, token, kid, algorithms);
    if (fetched) return fetched;
    throw new Error('failed to verify id token signature');
  }

  private async tryKeys(keys: JWK[], token: string, kid: string | undefined, algorithms: string[]): Promise<Uint8Array | undefined> {
    const alg = decodeProtectedHeader(token).alg ?? '';
    for (const jwk of keys) {
      if (kid && jwk.kid !== kid) continue;
      try {
        const key = await importJWK({ ...jwk, alg }, alg);
        return (await compactVerify(token, key, { algorithms })).payload;
      } catch {
        // go-oidc tries the next key when one does not verify.
      }
    }
    return undefined;
  }

  private keysFromRemote(): Promise<JWK[]> {
    this.inflight ??= this.updateKeys().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async updateKeys(): Promise<JWK[]> {
    this.fetches++;
    let res: HttpResponse;
    try {
      res = await httpGet(this.jwksURL, this.ca);
    } catch (err) {
      throw new Error(`oidc: get keys failed ${(err as Error).message}`);
    }
    if (res.status !== 200) throw new Error(`oidc: get keys failed: ${res.status}`);
    let set: unknown;
    try {
      set = JSON.parse(res.body);
    } catch (err) {
      throw new Error(`oidc: failed to decode keys: ${(err as Error).message}`);
    }
    const keys = (set as { keys?: unknown })?.keys;
    if (!Array.isArray(keys)) throw new Error('oidc: failed to decode keys: no "keys" array');
    this.keys = keys.filter((k): k is JWK => typeof k === 'object' && k !== null && typeof (k as JWK).kty === 'string');
    this.expiry = freshUntil(res.headers, this.now());
    return this.keys;
  }
}
