/**
 * A tiny OpenID issuer for tests: HTTPS on loopback with its own CA, serving
 * a discovery document and a key set of RS256 keys it can rotate, and
 * signing ID tokens with any claims and header.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { createTlsCredentials } from '../tls';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface TestIssuer {
  url: string;
  /** PEM of the CA its serving certificate chains to. */
  caPem: string;
  /** Requests served, by path. */
  hits: Record<string, number>;
  /** Sent with the key set; none by default, which go-oidc reads as "expires now". */
  jwksCacheControl?: string;
  /** The discovery document's `issuer`; the URL by default. */
  discoveredIssuer?: string;
  /** While true every request is answered 503, as an issuer that is not up yet. */
  down: boolean;
  /** A fresh key, published from now on beside the others, and the one `sign` uses. */
  rotate(): Promise<string>;
  /** A compact JWS of `claims`, signed with the newest key unless `key` names a published one's kid or "unpublished" (a key with kid key-1 that is never published). */
  sign(claims: JWTPayload, header?: { kid?: string; alg?: string; key?: string }): Promise<string>;
  close(): Promise<void>;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const tls = await createTlsCredentials({ hosts: ['127.0.0.1'], commonName: 'test-issuer' });
  const keys: SigningKey[] = [await newKey('key-1')];
  const unpublished = await newKey('key-1');
  const hits: Record<string, number> = {};
  let url = '';

  const issuer: TestIssuer = {
    url: '',
    caPem: tls.caPem,
    hits,
    down: false,
    async rotate() {
      const key = await newKey(`key-${keys.length + 1}`);
      keys.push(key);
      return key.kid;
    },
    sign(claims, header = {}) {
      const key = header.key === 'unpublished' ? unpublished : header.key ? keys.find((k) => k.kid === header.key)! : keys[keys.length - 1];
      return new SignJWT(claims).setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid ?? key.kid, typ: 'JWT' }).sign(key.privateKey);
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };

  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    if (issuer.down) {
      res.writeHead(503);
      res.end();
    } else if (path === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ issuer: issuer.discoveredIssuer ?? url, jwks_uri: `${url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (path === '/keys') {
      res.writeHead(200, { 'Content-Type': 'application/json', ...(issuer.jwksCacheControl ? { 'Cache-Control': issuer.jwksCacheControl } : {}) });
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer.url = url;
  return issuer;
}
