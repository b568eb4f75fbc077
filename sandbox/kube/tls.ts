/**
 * The sandbox API server's certificates: a CA made at start (kubeconfigs
 * carry it as certificate-authority-data) and a serving certificate it signs
 * for 127.0.0.1 and localhost. ECDSA P-256 keeps generation in milliseconds.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface TlsCredentials {
  /** PEM of the CA that signed `certPem`; what clients must trust. */
  caPem: string;
  certPem: string;
  /** PKCS#8 PEM of the serving certificate's private key. */
  keyPem: string;
}

const crypto = webcrypto as unknown as Crypto;
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A CA's certificate and key pair, for signing serving certificates with `issueCertificate`. */
export interface CertificateAuthority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

/** A fresh self-signed CA, valid from a minute ago for a year. */
export async function createCertificateAuthority(commonName = 'kubernetes'): Promise<CertificateAuthority> {
  const keys = (await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: `CN=${commonName}`,
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * DAY_MS),
      keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert, keys };
}

export interface TlsOptions {
  hosts?: string[];
  commonName?: string;
  /** The serving certificate's validity (an expired one, for tests); the CA's is always current. */
  validity?: { notBefore: Date; notAfter: Date };
}

/** A serving certificate signed by `ca` for `hosts` (IP addresses and DNS names), valid for a year unless `validity` says otherwise. */
export async function issueCertificate(ca: CertificateAuthority, options: Required<Pick<TlsOptions, 'hosts' | 'commonName'>> & Pick<TlsOptions, 'validity'>): Promise<TlsCredentials> {
  const serverKeys = (await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: `CN=${options.commonName}`,
      issuer: ca.cert.subject,
      notBefore: options.validity?.notBefore ?? new Date(Date.now() - 60_000),
      notAfter: options.validity?.notAfter ?? new Date(Date.now() + 365 * DAY_MS),
      publicKey: serverKeys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(options.hosts.map((h) => ({ type: /^[\d.]+$|:/.test(h) ? ('ip' as const) : ('dns' as const), value: h }))),
        await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return { caPem: ca.cert.toString('pem'), certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** A fresh CA and a serving certificate for `hosts` (IP addresses and DNS names). */
export async function createTlsCredentials(options: TlsOptions = {}): Promise<TlsCredentials> {
  const ca = await createCertificateAuthority();
  return issueCertificate(ca, {
    hosts: options.hosts ?? ['127.0.0.1', 'localhost', 'kubernetes', 'kubernetes.default.svc'],
    commonName: options.commonName ?? 'kube-apiserver',
    validity: options.validity,
  });
}

function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // keep the serial positive
  return Buffer.from(bytes).toString('hex');
}
