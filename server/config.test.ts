import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig, parseVariables, permissionText } from './config';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'watchdeck-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig({ WATCHDECK_DATA_DIR: tempDir(), ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig', () => {
  it('defaults to kubeconfig mode with ~/.kube/config, ./data and port 3000', () => {
    const config = parseConfig({ HOME: '/home/ops', WATCHDECK_SESSION_SECRET: 'x'.repeat(32) });
    expect(config.authMode).toBe('kubeconfig');
    expect(config.kubeconfigPaths).toEqual(['/home/ops/.kube/config']);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.port).toBe(3000);
    expect(config.namespaces).toEqual([]);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('prefers WATCHDECK_KUBECONFIG over KUBECONFIG, and splits KUBECONFIG like kubectl', () => {
    expect(parseConfig({ WATCHDECK_KUBECONFIG: '/a/k', KUBECONFIG: '/b/k', WATCHDECK_SESSION_SECRET: 'x'.repeat(32) }).kubeconfigPaths).toEqual(['/a/k']);
    expect(parseConfig({ KUBECONFIG: '/b/one:/b/two', WATCHDECK_SESSION_SECRET: 'x'.repeat(32) }).kubeconfigPaths).toEqual(['/b/one', '/b/two']);
  });

  it('splits WATCHDECK_NAMESPACES into distinct names', () => {
    const config = parseConfig({ WATCHDECK_NAMESPACES: ' eks-work, rbac-test-ns,eks-work,', WATCHDECK_SESSION_SECRET: 'x'.repeat(32) });
    expect(config.namespaces).toEqual(['eks-work', 'rbac-test-ns']);
  });

  it('turns AWS on with a region, AWS_REGION before AWS_DEFAULT_REGION, with an optional endpoint', () => {
    const secret = { WATCHDECK_SESSION_SECRET: 'x'.repeat(32) };
    expect(parseConfig(secret).aws).toBeUndefined();
    expect(parseConfig({ ...secret, AWS_DEFAULT_REGION: 'us-east-1' }).aws).toEqual({ region: 'us-east-1' });
    expect(parseConfig({ ...secret, AWS_REGION: 'ap-northeast-2', AWS_DEFAULT_REGION: 'us-east-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).aws).toEqual({
      region: 'ap-northeast-2',
      endpoint: 'http://127.0.0.1:4566',
    });
    expect(errorOf({ ...secret, AWS_REGION: 'ap-northeast-2', AWS_ENDPOINT_URL: 'logs.example' }).variable).toBe('AWS_ENDPOINT_URL');
  });

  it('names the variable at fault', () => {
    expect(errorOf({ WATCHDECK_AUTH_MODE: 'saml' }).message).toBe('WATCHDECK_AUTH_MODE: Invalid option: expected one of "kubeconfig"|"token"|"proxy"|"oidc" (got "saml")');
    expect(errorOf({ PORT: 'eighty' }).variable).toBe('PORT');
    expect(errorOf({ WATCHDECK_NAMESPACES: 'eks-work,Bad_NS' }).message).toBe('WATCHDECK_NAMESPACES: each namespace must be a DNS-1123 label such as "eks-work" (got "eks-work,Bad_NS")');
    expect(errorOf({ DATABASE_URL: 'mysql://db' }).message).toBe('DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://db")');
  });

  it('does not echo a secret that is too short', () => {
    expect(errorOf({ WATCHDECK_SESSION_SECRET: 'short-secret' }).message).toBe('WATCHDECK_SESSION_SECRET: must be at least 32 characters long');
  });

  it('requires the proxy headers and shared secret in proxy mode', () => {
    expect(errorOf({ WATCHDECK_AUTH_MODE: 'proxy' }).message).toBe('WATCHDECK_PROXY_USER_HEADER: is required when WATCHDECK_AUTH_MODE=proxy');
    expect(errorOf({ WATCHDECK_AUTH_MODE: 'proxy', WATCHDECK_PROXY_USER_HEADER: 'X-Forwarded-User' }).variable).toBe('WATCHDECK_PROXY_SECRET_HEADER');
    const config = parseConfig({
      WATCHDECK_DATA_DIR: tempDir(),
      WATCHDECK_AUTH_MODE: 'proxy',
      WATCHDECK_PROXY_USER_HEADER: 'X-Forwarded-User',
      WATCHDECK_PROXY_GROUP_HEADER: 'X-Forwarded-Groups',
      WATCHDECK_PROXY_SECRET_HEADER: 'X-Proxy-Secret',
      WATCHDECK_PROXY_SECRET: 'a-long-shared-secret',
    });
    expect(config.proxy).toEqual({ userHeader: 'x-forwarded-user', groupHeader: 'x-forwarded-groups', secretHeader: 'x-proxy-secret', secret: 'a-long-shared-secret' });
  });

  it('generates a session secret once, keeps it mode 0600 in the data directory, and reuses it', () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const first = parseConfig({ WATCHDECK_AUTH_MODE: 'token', WATCHDECK_DATA_DIR: dir });
    const second = parseConfig({ WATCHDECK_AUTH_MODE: 'token', WATCHDECK_DATA_DIR: dir });
    expect(first.sessionSecret).toHaveLength(64);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(fs.statSync(path.join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
  });

  it('uses WATCHDECK_SESSION_SECRET when set and writes nothing', () => {
    const dir = tempDir();
    const config = parseConfig({ WATCHDECK_AUTH_MODE: 'token', WATCHDECK_DATA_DIR: dir, WATCHDECK_SESSION_SECRET: 's'.repeat(40) });
    expect(config.sessionSecret).toBe('s'.repeat(40));
    expect(fs.existsSync(path.join(dir, 'session-secret'))).toBe(false);
  });

  it('keeps the sandbox users file only in token mode', () => {
    const secret = { WATCHDECK_SESSION_SECRET: 'x'.repeat(32) };
    expect(parseConfig({ ...secret, WATCHDECK_AUTH_MODE: 'token', WATCHDECK_SANDBOX_USERS_FILE: '/s/users.json' }).sandboxUsersFile).toBe('/s/users.json');
    expect(parseConfig({ ...secret, WATCHDECK_SANDBOX_USERS_FILE: '/s/users.json' }).sandboxUsersFile).toBeUndefined();
  });

  it('reads the CloudWatch dashboard permissions as kubectl auth can-i words them, with the documented defaults', () => {
    expect(parseConfig({ WATCHDECK_DATA_DIR: tempDir(), WATCHDECK_SESSION_SECRET: 'x'.repeat(32) }).cloudWatchDashboards).toEqual({
      read: { verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: '' },
      write: { verb: 'update', group: '', resource: 'configmaps', subresource: '', namespace: 'amazon-cloudwatch' },
    });
    const set = parseConfig({
      WATCHDECK_DATA_DIR: tempDir(),
      WATCHDECK_SESSION_SECRET: 'x'.repeat(32),
      WATCHDECK_CLOUDWATCH_DASHBOARDS_READ: ' list  pods -n eks-work ',
      WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE: 'patch deployments.apps/scale --namespace amazon-cloudwatch',
    }).cloudWatchDashboards;
    expect(set).toEqual({
      read: { verb: 'list', group: '', resource: 'pods', subresource: '', namespace: 'eks-work' },
      write: { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'amazon-cloudwatch' },
    });
    expect(permissionText(set!.write)).toBe('patch deployments.apps/scale -n amazon-cloudwatch');
  });

  it('stops on a CloudWatch dashboard permission it cannot read, naming the variable', () => {
    const err = errorOf({ WATCHDECK_SESSION_SECRET: 'x'.repeat(32), WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE: 'update configmaps in amazon-cloudwatch' });
    expect(err.message).toBe(
      'WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE: must be a permission as kubectl auth can-i names it, e.g. "update configmaps -n amazon-cloudwatch" or "get pods/log" (got "update configmaps in amazon-cloudwatch")',
    );
  });

  describe('oidc mode', () => {
    const base = {
      WATCHDECK_AUTH_MODE: 'oidc',
      WATCHDECK_OIDC_ISSUER: 'https://login.example.com/realms/ops',
      WATCHDECK_OIDC_CLIENT_ID: 'watchdeck',
      WATCHDECK_OIDC_CLIENT_SECRET: 'client-secret-value',
      WATCHDECK_PUBLIC_URL: 'https://watchdeck.example.com',
      WATCHDECK_SESSION_SECRET: 'x'.repeat(32),
    };

    it('reads the provider, client and public URL, with the default scopes', () => {
      expect(parseConfig(base).oidc).toEqual({
        issuer: 'https://login.example.com/realms/ops',
        clientId: 'watchdeck',
        clientSecret: 'client-secret-value',
        scopes: ['openid', 'email', 'profile', 'offline_access'],
        publicUrl: 'https://watchdeck.example.com',
      });
    });

    it('keeps the issuer exactly as written and reads the secret and CA from files', () => {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'secret'), 'from-a-file\n');
      fs.writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      const { WATCHDECK_OIDC_CLIENT_SECRET: _, ...withoutSecret } = base;
      const config = parseConfig({
        ...withoutSecret,
        WATCHDECK_OIDC_ISSUER: 'https://tenant.auth0.example/',
        WATCHDECK_OIDC_CLIENT_SECRET_FILE: path.join(dir, 'secret'),
        WATCHDECK_OIDC_CA_FILE: path.join(dir, 'ca.pem'),
        WATCHDECK_OIDC_SCOPES: 'openid,email groups',
        WATCHDECK_PUBLIC_URL: 'http://127.0.0.1:3000/',
      });
      expect(config.oidc).toMatchObject({ issuer: 'https://tenant.auth0.example/', clientSecret: 'from-a-file', scopes: ['openid', 'email', 'groups'], publicUrl: 'http://127.0.0.1:3000' });
      expect(config.oidc?.caPem).toContain('BEGIN CERTIFICATE');
    });

    it('names the variable at fault', () => {
      expect(errorOf({ WATCHDECK_AUTH_MODE: 'oidc' }).message).toBe('WATCHDECK_OIDC_ISSUER: is required when WATCHDECK_AUTH_MODE=oidc');
      expect(errorOf({ ...base, WATCHDECK_OIDC_ISSUER: 'http://login.example.com' }).message).toBe(
        'WATCHDECK_OIDC_ISSUER: must be an https URL, as the API server requires of an issuer (got "http://login.example.com")',
      );
      expect(errorOf({ ...base, WATCHDECK_PUBLIC_URL: 'http://watchdeck.example.com' }).message).toBe('WATCHDECK_PUBLIC_URL: must be an https URL (got "http://watchdeck.example.com")');
      expect(errorOf({ ...base, WATCHDECK_PUBLIC_URL: 'https://example.com/watchdeck' }).message).toBe(
        'WATCHDECK_PUBLIC_URL: must be the console\'s origin without a path, e.g. https://watchdeck.example.com (got "https://example.com/watchdeck")',
      );
      expect(errorOf({ ...base, WATCHDECK_OIDC_SCOPES: 'email profile' }).message).toBe('WATCHDECK_OIDC_SCOPES: must include openid (got "email profile")');
      expect(errorOf({ ...base, WATCHDECK_OIDC_CLIENT_SECRET: '' }).message).toBe('WATCHDECK_OIDC_CLIENT_SECRET: is required when WATCHDECK_AUTH_MODE=oidc (or WATCHDECK_OIDC_CLIENT_SECRET_FILE)');
      expect(errorOf({ ...base, WATCHDECK_OIDC_CLIENT_SECRET_FILE: '/nonexistent/secret' }).message).toBe(
        'WATCHDECK_OIDC_CLIENT_SECRET_FILE: set either WATCHDECK_OIDC_CLIENT_SECRET or WATCHDECK_OIDC_CLIENT_SECRET_FILE, not both',
      );
      expect(errorOf({ ...base, WATCHDECK_OIDC_CA_FILE: '/nonexistent/ca.pem' }).message).toBe("WATCHDECK_OIDC_CA_FILE: cannot be read: ENOENT: no such file or directory, open '/nonexistent/ca.pem'");
    });
  });
});

describe('parseVariables', () => {
  const schema = z.object({ WATCHDECK_X_PORT: z.string().regex(/^\d+$/, 'must be a number').optional(), WATCHDECK_X_SECRET: z.string().min(16, 'must be at least 16 characters long').optional() });

  it('trims, takes empty as unset, and names the variable at fault with what it got', () => {
    expect(parseVariables(schema, { WATCHDECK_X_PORT: ' 9 ', WATCHDECK_X_SECRET: '  ', OTHER: 'x' })).toEqual({ WATCHDECK_X_PORT: '9' });
    expect(() => parseVariables(schema, { WATCHDECK_X_PORT: 'nine' })).toThrow('WATCHDECK_X_PORT: must be a number (got "nine")');
  });

  it('never repeats the value of a secret it refuses', () => {
    expect(() => parseVariables(schema, { WATCHDECK_X_SECRET: 'short-secret' })).toThrow(new ConfigError('WATCHDECK_X_SECRET', 'must be at least 16 characters long'));
  });
});
