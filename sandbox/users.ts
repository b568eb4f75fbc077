/**
 * The sandbox's users: who each is (as the API server's authenticator would
 * say) and a bearer token, new at every start.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxUser } from './kube/auth/types';

function token(name: string): string {
  return `${name}.${randomBytes(24).toString('base64url')}`;
}

export function createSandboxUsers(): SandboxUser[] {
  return [
    {
      username: 'admin',
      groups: ['system:masters', 'system:authenticated'],
      token: token('admin'),
      description: 'Cluster administrator (system:masters): may do anything.',
    },
    {
      username: 'oncall',
      groups: ['oncall', 'system:authenticated'],
      token: token('oncall'),
      description: 'On-call engineer: read-only (view) in every namespace.',
    },
    {
      username: 'dev',
      groups: ['rbac-test-group', 'system:authenticated'],
      token: token('dev'),
      description: 'Developer: read-only (view) in rbac-test-ns only, like the rbacTest user.',
    },
  ];
}
