/**
 * The start-up checks of the jwt list, worded as kube-apiserver's
 * ValidateAuthenticationConfiguration (k8s.io/apiserver/pkg/apis/apiserver/
 * validation/validation.go) words them.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JwtAuthenticator } from './jwt';
import { JwtConfigError, jwtFromAuthenticationConfiguration, validateJwtAuthenticators, type JwtAuthenticatorConfig } from './jwt-config';

const valid: JwtAuthenticatorConfig = {
  issuer: { url: 'https://idp.example.com', audiences: ['watchdeck'] },
  claimMappings: { username: { claim: 'email', prefix: 'oidc:' } },
};

function withIssuer(issuer: Partial<JwtAuthenticatorConfig['issuer']>): JwtAuthenticatorConfig {
  return { ...valid, issuer: { ...valid.issuer, ...issuer } };
}

describe('validateJwtAuthenticators', () => {
  it('accepts the documented minimal entry', () => {
    expect(validateJwtAuthenticators([valid])).toEqual([]);
  });

  it('refuses an issuer URL that is not https, carries credentials, a query or a fragment', () => {
    expect(validateJwtAuthenticators([withIssuer({ url: 'http://u:p@idp.example.com/?a=1#f' })])).toEqual([
      'jwt[0].issuer.url: Invalid value: "http://u:p@idp.example.com/?a=1#f": URL scheme must be https',
      'jwt[0].issuer.url: Invalid value: "http://u:p@idp.example.com/?a=1#f": URL must not contain a username or password',
      'jwt[0].issuer.url: Invalid value: "http://u:p@idp.example.com/?a=1#f": URL must not contain a query',
      'jwt[0].issuer.url: Invalid value: "http://u:p@idp.example.com/?a=1#f": URL must not contain a fragment',
    ]);
  });

  it('refuses a discoveryURL equal to the URL up to trailing slashes', () => {
    expect(validateJwtAuthenticators([withIssuer({ discoveryURL: 'https://idp.example.com/' })])).toEqual([
      'jwt[0].issuer.discoveryURL: Invalid value: "https://idp.example.com/": discoveryURL must be different from URL',
    ]);
  });

  it('needs an audience, no empty or repeated one, and MatchAny for several', () => {
    expect(validateJwtAuthenticators([withIssuer({ audiences: [] })])).toEqual(['jwt[0].issuer.audiences: Required value: at least one jwt[0].issuer.audiences is required']);
    expect(validateJwtAuthenticators([withIssuer({ audiences: ['a', '', 'a'] })])).toEqual([
      'jwt[0].issuer.audiences[1]: Required value',
      'jwt[0].issuer.audiences[2]: Duplicate value: "a"',
      'jwt[0].issuer.audienceMatchPolicy: Invalid value: "": audienceMatchPolicy must be MatchAny for multiple audiences',
    ]);
    expect(validateJwtAuthenticators([withIssuer({ audiences: ['a', 'b'], audienceMatchPolicy: 'MatchAny' })])).toEqual([]);
  });

  it('needs the username claim and a prefix for every mapped claim, "" allowed', () => {
    const noPrefix = { ...valid, claimMappings: { username: { claim: 'sub' }, groups: { claim: 'groups' } } } as unknown as JwtAuthenticatorConfig;
    expect(validateJwtAuthenticators([noPrefix])).toEqual([
      'jwt[0].claimMappings.username.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing',
      'jwt[0].claimMappings.groups.prefix: Required value: prefix is required when claim is set. It can be set to an empty string to disable prefixing',
    ]);
    const noClaim = { ...valid, claimMappings: { username: { claim: '', prefix: '' } } };
    expect(validateJwtAuthenticators([noClaim])).toEqual(['jwt[0].claimMappings.username: Required value: claim or expression is required']);
  });

  it('refuses a claim validation rule without a claim or with a claim twice', () => {
    const rules = {
      ...valid,
      claimValidationRules: [
        { claim: 'hd', requiredValue: 'a' },
        { claim: '', requiredValue: 'b' },
        { claim: 'hd', requiredValue: 'c' },
      ],
    };
    expect(validateJwtAuthenticators([rules])).toEqual([
      'jwt[0].claimValidationRules[1]: Required value: claim or expression is required',
      'jwt[0].claimValidationRules[2].claim: Duplicate value: "hd"',
    ]);
  });

  it('refuses a certificateAuthority without a certificate, never echoing it', () => {
    expect(validateJwtAuthenticators([withIssuer({ certificateAuthority: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n' })])).toEqual([
      'jwt[0].issuer.certificateAuthority: Invalid value: "<omitted>": data does not contain any valid RSA or ECDSA certificates',
    ]);
  });

  it('refuses two authenticators for one issuer', () => {
    expect(validateJwtAuthenticators([valid, valid])).toEqual(['jwt[1].issuer.url: Duplicate value: "https://idp.example.com"']);
  });
});

describe('JwtAuthenticator', () => {
  it('will not start with an invalid entry or a signing algorithm kube-apiserver does not allow', () => {
    expect(() => new JwtAuthenticator(withIssuer({ url: 'http://idp.example.com' }))).toThrow(
      new JwtConfigError(['jwt.issuer.url: Invalid value: "http://idp.example.com": URL scheme must be https']),
    );
    expect(() => new JwtAuthenticator(valid, { signingAlgs: ['HS256'] })).toThrow('oidc: unsupported signing alg: "HS256"');
  });
});

describe('jwtFromAuthenticationConfiguration', () => {
  /** The claim forms of the example file in the Kubernetes "Authenticating" page. */
  const file = `
apiVersion: apiserver.config.k8s.io/v1beta1
kind: AuthenticationConfiguration
jwt:
- issuer:
    url: https://example.com
    discoveryURL: https://discovery.example.com/.well-known/openid-configuration
    audiences:
    - my-app
    - my-other-app
    audienceMatchPolicy: MatchAny
  claimValidationRules:
  - claim: hd
    requiredValue: example.com
  claimMappings:
    username:
      claim: "sub"
      prefix: ""
    groups:
      claim: "sub"
      prefix: ""
    uid:
      claim: 'sub'
`;

  it('reads the jwt list of a structured authentication configuration file unchanged', () => {
    expect(jwtFromAuthenticationConfiguration(parse(file))).toEqual([
      {
        issuer: {
          url: 'https://example.com',
          discoveryURL: 'https://discovery.example.com/.well-known/openid-configuration',
          audiences: ['my-app', 'my-other-app'],
          audienceMatchPolicy: 'MatchAny',
        },
        claimValidationRules: [{ claim: 'hd', requiredValue: 'example.com' }],
        claimMappings: { username: { claim: 'sub', prefix: '' }, groups: { claim: 'sub', prefix: '' }, uid: { claim: 'sub' } },
      },
    ]);
  });

  it('refuses another kind, and CEL expressions it cannot evaluate', () => {
    expect(() => jwtFromAuthenticationConfiguration({ apiVersion: 'v1', kind: 'Config' })).toThrow('no kind "Config" is registered for version "v1"');
    const cel = parse(file);
    cel.jwt[0].claimValidationRules.push({ expression: 'claims.exp - claims.nbf <= 86400' });
    cel.jwt[0].userValidationRules = [{ expression: "!user.username.startsWith('system:')" }];
    expect(() => jwtFromAuthenticationConfiguration(cel)).toThrow(
      new JwtConfigError([
        'jwt[0].userValidationRules: Forbidden: CEL expressions are not supported by the sandbox',
        'jwt[0].claimValidationRules[1].expression: Forbidden: CEL expressions are not supported by the sandbox',
      ]),
    );
  });
});
