/**
 * Who is calling: bearer tokens checked against the sandbox users, then the
 * service account tokens it issued, then each JWT authenticator (a request
 * without credentials is system:anonymous, as with --anonymous-auth), then
 * the Impersonate-* headers honoured as k8s.io/apiserver's impersonation
 * filter does, each one checked with the `impersonate` verb.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JwtAuthenticator } from './auth/jwt';
import type { Attributes, SandboxUser, UserInfo } from './auth/types';
import { statusErrors } from './status';

export const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

const AUTHENTICATED = 'system:authenticated';
const UNAUTHENTICATED = 'system:unauthenticated';
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
const EXTRA_PREFIX = 'impersonate-extra-';

export class TokenAuthenticator {
  private readonly byToken: Map<string, UserInfo>;
  /** Service account tokens issued through serviceaccounts/token, with their expiry (ms since epoch). */
  private readonly issued = new Map<string, { user: UserInfo; expires: number }>();

  constructor(
    users: SandboxUser[],
    private readonly jwt: JwtAuthenticator[] = [],
  ) {
    this.byToken = new Map(users.map((u) => [u.token, { username: u.username, ...(u.uid ? { uid: u.uid } : {}), groups: u.groups, ...(u.extra ? { extra: u.extra } : {}) }]));
  }

  /** The caller, or 401 for a bearer token no authenticator accepts. */
  async authenticate(req: IncomingMessage): Promise<UserInfo> {
    const header = req.headers.authorization;
    if (!header) return ANONYMOUS;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw statusErrors.unauthorized();
    const user = this.byToken.get(m[1]) ?? this.issuedUser(m[1]) ?? (await this.jwtUser(m[1]));
    if (!user) throw statusErrors.unauthorized();
    return user;
  }

  /** The first JWT authenticator's user; the API server's union authenticator adds system:authenticated. */
  private async jwtUser(token: string): Promise<UserInfo | undefined> {
    for (const authenticator of this.jwt) {
      const result = await authenticator.authenticate(token);
      if (result && 'user' in result) return withAuthenticatedGroup(result.user);
    }
    return undefined;
  }

  /** A bearer token for a service account, valid for `seconds`. */
  issueServiceAccountToken(namespace: string, name: string, uid: string, seconds: number): { token: string; expires: Date } {
    const token = `sa.${randomBytes(32).toString('base64url')}`;
    const expires = new Date(Date.now() + seconds * 1000);
    this.issued.set(token, {
      user: {
        username: `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`,
        uid,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, AUTHENTICATED],
      },
      expires: expires.getTime(),
    });
    return { token, expires };
  }

  private issuedUser(token: string): UserInfo | undefined {
    const entry = this.issued.get(token);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.issued.delete(token);
      return undefined;
    }
    return entry.user;
  }
}

/** group.AuthenticatedGroupAdder: every authenticated user but system:anonymous is in system:authenticated. */
function withAuthenticatedGroup(user: UserInfo): UserInfo {
  if (user.username === ANONYMOUS.username || user.groups.includes(AUTHENTICATED) || user.groups.includes(UNAUTHENTICATED)) return user;
  return { ...user, groups: [...user.groups, AUTHENTICATED] };
}

interface ImpersonationRequest {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID';
  namespace?: string;
  name: string;
  extraKey?: string;
}

/**
 * The user a request acts as. `authorize` throws the API server's Forbidden
 * for any impersonation the requestor may not do.
 */
export function impersonate(req: IncomingMessage, requestor: UserInfo, authorize: (attributes: Attributes) => void): UserInfo {
  const requests = impersonationRequests(req);
  if (requests.length === 0) return requestor;

  const groupsSpecified = (req.headersDistinct['impersonate-group']?.length ?? 0) > 0;
  let username = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};

  for (const r of requests) {
    const attributes: Attributes = {
      user: requestor,
      verb: 'impersonate',
      resourceRequest: true,
      path: '',
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      namespace: r.namespace ?? '',
      name: r.name,
    };
    switch (r.kind) {
      case 'ServiceAccount':
        attributes.resource = 'serviceaccounts';
        username = `${SERVICE_ACCOUNT_PREFIX}${r.namespace}:${r.name}`;
        if (!groupsSpecified) groups = ['system:serviceaccounts', `system:serviceaccounts:${r.namespace}`];
        break;
      case 'User':
        attributes.resource = 'users';
        username = r.name;
        break;
      case 'Group':
        attributes.resource = 'groups';
        groups.push(r.name);
        break;
      case 'UserExtra':
        attributes.apiGroup = 'authentication.k8s.io';
        attributes.resource = 'userextras';
        attributes.subresource = r.extraKey!;
        (extra[r.extraKey!] ??= []).push(r.name);
        break;
      case 'UID':
        attributes.apiGroup = 'authentication.k8s.io';
        attributes.resource = 'uids';
        uid = r.name;
        break;
    }
    authorize(attributes);
  }

  if (username !== ANONYMOUS.username) {
    if (!groups.includes(AUTHENTICATED) && !groups.includes(UNAUTHENTICATED)) groups.push(AUTHENTICATED);
  } else if (!groups.includes(UNAUTHENTICATED)) {
    groups.push(UNAUTHENTICATED);
  }
  return {
    username,
    ...(uid ? { uid } : {}),
    groups,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

function impersonationRequests(req: IncomingMessage): ImpersonationRequest[] {
  const headers = req.headersDistinct;
  const out: ImpersonationRequest[] = [];
  const user = headers['impersonate-user']?.[0] ?? '';
  if (user) {
    const sa = serviceAccount(user);
    out.push(sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: user });
  }
  for (const group of headers['impersonate-group'] ?? []) out.push({ kind: 'Group', name: group });
  let hasExtra = false;
  for (const [header, values] of Object.entries(headers)) {
    if (!header.startsWith(EXTRA_PREFIX) || !values) continue;
    hasExtra = true;
    const extraKey = safeDecode(header.slice(EXTRA_PREFIX.length));
    for (const value of values) out.push({ kind: 'UserExtra', name: value, extraKey });
  }
  const uid = headers['impersonate-uid']?.[0] ?? '';
  if (uid) out.push({ kind: 'UID', name: uid });

  const hasGroups = out.some((r) => r.kind === 'Group');
  if ((hasGroups || hasExtra || uid) && !user) {
    throw statusErrors.internal(`requested ${describe(out)} without impersonating a user`);
  }
  return out;
}

function serviceAccount(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { namespace: parts[0], name: parts[1] };
}

function safeDecode(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

function describe(requests: ImpersonationRequest[]): string {
  return `[${requests.map((r) => `{${r.kind} ${r.namespace ?? ''} ${r.name}}`).join(' ')}]`;
}
