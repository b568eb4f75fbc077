import { describe, expect, it } from 'vitest';
import type { Session } from '../auth/session';
import { streamOwner } from './pod-watch';

const session = (id: string): Session => ({
  id,
  token: '',
  username: 'oidc:dev@eks-work.example',
  groups: ['oidc:developers'],
  cluster: 'eks-work-cluster',
  expiresAt: new Date('2026-12-07T00:00:00Z'),
});

describe('who a live stream counts against', () => {
  it('a signed-in browser counts as its username, whatever ID token it holds after a renewal', () => {
    const before = streamOwner({ identity: { mode: 'token', token: 'id-token-1' }, session: session('s1'), via: 'session' });
    const after = streamOwner({ identity: { mode: 'token', token: 'id-token-2' }, session: session('s2'), via: 'session' });
    expect(before).toBe('user:oidc:dev@eks-work.example');
    expect(after).toBe(before);
  });

  it('a script’s bearer token counts as a hash of the token, never the token itself', () => {
    const owner = streamOwner({ identity: { mode: 'token', token: 'a-bearer-token' }, via: 'bearer' });
    expect(owner).toMatch(/^token:[0-9a-f]{32}$/);
    expect(owner).not.toContain('a-bearer-token');
  });

  it('behind the authenticating proxy it is the user the proxy names', () => {
    expect(streamOwner({ identity: { mode: 'proxy', username: 'oncall', groups: [] }, via: 'proxy' })).toBe('proxy:oncall');
  });
});
