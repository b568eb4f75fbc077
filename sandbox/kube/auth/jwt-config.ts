/**
 * One entry of the `jwt` list of kube-apiserver's structured authentication
 * configuration (apiserver.config.k8s.io/v1beta1 AuthenticationConfiguration),
 * with its field names, and the API server's checks of it at start
 * (k8s.io/apiserver/pkg/apis/apiserver/validation). CEL expressions are not
 * part of the sandbox: only the claim forms are accepted.
 */
import { X509Certificate } from 'node:crypto';

export interface JwtAuthenticatorConfig {
  issuer: {
    /** Must equal the token's `iss` and the issuer the discovery document names; https only. */
    url: string;
    /** At least one must be in the token's `aud`. */
    audiences: string[];
    /** Required ("MatchAny") with more than one audience. */
    audienceMatchPolicy?: 'MatchAny';
    /** PEM bundle trusted for the discovery and key set requests; the system roots without it. */
    certificateAuthority?: string;
    /** Where to read the discovery document instead of `<url>/.well-known/openid-configuration`. */
    discoveryURL?: string;
  };
  claimMappings: {
    /** `prefix` is required; "" for none. */
    username: { claim: string; prefix: string };
    groups?: { claim: string; prefix: string };
    uid?: { claim: string };
  };
  /** The claim must be present, a string, and equal `requiredValue`. */
  claimValidationRules?: { claim: string; requiredValue: string }[];
}

/** The API server keeps at most 64 JWT authenticators. */
const MAX_AUTHENTICATORS = 64;

/** field.ErrorList's wording: `<path>: Required value: <detail>`, `<path>: Invalid value: "<v>": <detail>`. */
const required = (path: string, detail = '') => `${path}: Required value${detail ? `: ${detail}` : ''}`;
const invalid = (path: string, value: string, detail: string) => `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
const duplicate = (path: string, value: string) => `${path}: Duplicate value: ${JSON.stringify(value)}`;

/** Thrown for a configuration the API server would refuse to start with. */
export class JwtConfigError extends Error {
  constructor(readonly errors: string[]) {
    // utilerrors.NewAggregate prints one error bare and several in brackets.
    super(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  }
}

/** Every problem in the list, as ValidateAuthenticationConfiguration finds them; [] when valid. */
export function validateJwtAuthenticators(list: JwtAuthenticatorConfig[]): string[] {
  if (list.length > MAX_AUTHENTICATORS) return [`jwt: Too many: ${list.length}: must have at most ${MAX_AUTHENTICATORS} items`];
  const errors: string[] = [];
  const issuers = new Set<string | undefined>();
  const discoveryURLs = new Set<string>();
  list.forEach((a, i) => {
    const path = `jwt[${i}]`;
    errors.push(...validateJwtAuthenticator(a, path));
    const url = a.issuer?.url;
    if (issuers.has(url)) errors.push(duplicate(`${path}.issuer.url`, url));
    issuers.add(url);
    if (a.issuer?.discoveryURL) {
      if (discoveryURLs.has(a.issuer.discoveryURL)) errors.push(duplicate(`${path}.issuer.discoveryURL`, a.issuer.discoveryURL));
      discoveryURLs.add(a.issuer.discoveryURL);
    }
  });
  return errors;
}

export function validateJwtAuthenticator(a: JwtAuthenticatorConfig, path: string): string[] {
  return [
    ...validateIssuer(a.issuer ?? {}, `${path}.issuer`),
    ...validateClaimValidationRules(Array.isArray(a.claimValidationRules) ? a.claimValidationRules : [], `${path}.claimValidationRules`),
    ...validateClaimMappings(a.claimMappings, `${path}.claimMappings`),
  ];
}

function validateIssuer(issuer: JwtAuthenticatorConfig['issuer'], path: string): string[] {
  const errors: string[] = [];
  if (!issuer.url) errors.push(required(`${path}.url`));
  else errors.push(...validateURL(issuer.url, `${path}.url`));
  if (issuer.discoveryURL) {
    if (issuer.url && issuer.url.replace(/\/+$/, '') === issuer.discoveryURL.replace(/\/+$/, '')) {
      errors.push(invalid(`${path}.discoveryURL`, issuer.discoveryURL, 'discoveryURL must be different from URL'));
    }
    errors.push(...validateURL(issuer.discoveryURL, `${path}.discoveryURL`));
  }
  errors.push(...validateAudiences(Array.isArray(issuer.audiences) ? issuer.audiences : [], issuer.audienceMatchPolicy ?? '', path));
  if (issuer.certificateAuthority && !hasCertificate(issuer.certificateAuthority)) {
    errors.push(`${path}.certificateAuthority: Invalid value: "<omitted>": data does not contain any valid RSA or ECDSA certificates`);
  }
  return errors;
}

/** cert.NewPoolFromBytes: at least one PEM block must be a certificate that parses. */
function hasCertificate(pem: string): boolean {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).some((block) => {
    try {
      return Boolean(new X509Certificate(block));
    } catch {
      return false;
    }
  });
}

function validateURL(value: string, path: string): string[] {
  let u: URL;
  try {
    u = new URL(value);
  } catch (err) {
    return [invalid(path, value, (err as Error).message)];
  }
  const errors: string[] = [];
  if (u.protocol !== 'https:') errors.push(invalid(path, value, 'URL scheme must be https'));
  if (u.username || u.password) errors.push(invalid(path, value, 'URL must not contain a username or password'));
  if (u.search) errors.push(invalid(path, value, 'URL must not contain a query'));
  if (u.hash) errors.push(invalid(path, value, 'URL must not contain a fragment'));
  return errors;
}

function validateAudiences(audiences: string[], policy: string, path: string): string[] {
  if (audiences.length === 0) return [required(`${path}.audiences`, `at least one ${path}.audiences is required`)];
  const errors: string[] = [];
  const seen = new Set<string>();
  audiences.forEach((audience, i) => {
    if (!audience) errors.push(required(`${path}.audiences[${i}]`));
    if (seen.has(audience)) errors.push(duplicate(`${path}.audiences[${i}]`, audience));
    seen.add(audience);
  });
  if (audiences.length > 1 && policy !== 'MatchAny') {
    errors.push(invalid(`${path}.audienceMatchPolicy`, policy, 'audienceMatchPolicy must be MatchAny for multiple audiences'));
  }
  if (audiences.length === 1 && policy && policy !== 'MatchAny') {
    errors.push(invalid(`${path}.audienceMatchPolicy`, policy, 'audienceMatchPolicy must be empty or MatchAny for single audience'));
  }
  return errors;
}

function validateClaimValidationRules(rules: NonNullable<JwtAuthenticatorConfig['claimValidationRules']>, path: string): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    if (!rule.claim) {
      errors.push(required(`${path}[${i}]`, 'claim or expression is required'));
      return;
    }
    if (seen.has(rule.claim)) errors.push(duplicate(`${path}[${i}].claim`, rule.claim));
    seen.add(rule.claim);
  });
  return errors;
}

function validateClaimMappings(m: JwtAuthenticatorConfig['claimMappings'], path: string): string[] {
  const errors: string[] = [];
  const username = m?.username;
  if (!username?.claim) errors.push(required(`${path}.username`, 'claim or expression is required'));
  else if (typeof username.prefix !== 'string') errors.push(prefixRequired(`${path}.username.prefix`));
  if (m?.groups?.claim && typeof m.groups.prefix !== 'string') errors.push(prefixRequired(`${path}.groups.prefix`));
  return errors;
}

function prefixRequired(path: string): string {
  return required(path, 'prefix is required when claim is set. It can be set to an empty string to disable prefixing');
}

const AUTHENTICATION_CONFIGURATION_VERSIONS = ['apiserver.config.k8s.io/v1alpha1', 'apiserver.config.k8s.io/v1beta1', 'apiserver.config.k8s.io/v1'];
/** Fields of a jwt entry that hold CEL, which the sandbox does not evaluate. */
const CEL_FIELDS = ['claimMappings.username.expression', 'claimMappings.groups.expression', 'claimMappings.uid.expression', 'claimMappings.extra', 'userValidationRules'];

function field(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** The jwt list of an AuthenticationConfiguration document (what kube-apiserver's --authentication-config file holds), checked. */
export function jwtFromAuthenticationConfiguration(doc: unknown): JwtAuthenticatorConfig[] {
  const kind = field(doc, 'kind');
  const apiVersion = field(doc, 'apiVersion');
  if (kind !== 'AuthenticationConfiguration' || !AUTHENTICATION_CONFIGURATION_VERSIONS.includes(String(apiVersion))) {
    throw new JwtConfigError([`no kind "${String(kind)}" is registered for version "${String(apiVersion)}"`]);
  }
  const jwt = field(doc, 'jwt');
  const list: unknown[] = Array.isArray(jwt) ? jwt : [];
  const errors: string[] = [];
  list.forEach((a, i) => {
    for (const path of CEL_FIELDS) if (field(a, path) !== undefined) errors.push(`jwt[${i}].${path}: Forbidden: CEL expressions are not supported by the sandbox`);
    const rules = field(a, 'claimValidationRules');
    (Array.isArray(rules) ? rules : []).forEach((rule: unknown, j) => {
      if (field(rule, 'expression') !== undefined) errors.push(`jwt[${i}].claimValidationRules[${j}].expression: Forbidden: CEL expressions are not supported by the sandbox`);
    });
  });
  if (errors.length > 0) throw new JwtConfigError(errors);
  const config = list as JwtAuthenticatorConfig[];
  const invalid = validateJwtAuthenticators(config);
  if (invalid.length > 0) throw new JwtConfigError(invalid);
  return config;
}
