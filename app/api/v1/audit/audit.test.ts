/**
 * The audit trail through its console API: what `audited` records for a success and for the API
 * server's refusal, who sees which entries (a cluster-wide reader is one the sandbox's RBAC lets
 * list pods and events in all namespaces: admin and oncall, not dev, per sandbox/users.ts), paging
 * newest first, and a store that fails without failing the write.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audited, purgeAudit, type AuditContext } from '@/server/audit/trail';
import { kubeClient } from '@/server/k8s/client';
import { ConsoleError } from '@/server/errors';
import { consoleMetrics } from '@/server/observability/metrics';
import { store } from '@/server/store';
import * as migration from '@/server/store/migrations/0008-audit';
import { callAs, CLUSTER, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as auditRoute } from './route';

const users: Record<SandboxUserName, AuditContext['user']> = {
  admin: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
  oncall: { username: 'oncall', groups: ['oncall', 'system:authenticated'] },
  dev: { username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] },
};

/** An entry of a scale of eks-work's backend-app, as listed without its id and time. */
const entry = (user: SandboxUserName, replicas: number, status: number, message: string) => ({
  username: user,
  groups: users[user].groups,
  cluster: CLUSTER,
  action: 'scale',
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  subresource: 'scale',
  namespace: 'eks-work',
  name: 'backend-app',
  detail: { replicas },
  status,
  message,
});

describe('the audit trail', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 120_000);
  afterAll(async () => t?.close());

  const as = (user: SandboxUserName) => kubeClient({ mode: 'token', token: t.token(user) }, CLUSTER);
  const ctx = (user: SandboxUserName): AuditContext => ({ cluster: CLUSTER, user: users[user] });
  const trail = (user: SandboxUserName, query = '') => callAs(t, user, 'GET', `/api/v1/audit?cluster=${CLUSTER}${query}`, auditRoute, {});
  const scaleTo = (user: SandboxUserName, namespace: string, name: string, replicas: number) =>
    audited(ctx(user), { action: 'scale', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', namespace, name, detail: { replicas } }, () =>
      as(user).patch({ group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', namespace, name }, 'merge', { spec: { replicas } }),
    );

  it("records the API server's success and its refusal verbatim, and rethrows the refusal unchanged", async () => {
    await scaleTo('admin', 'eks-work', 'backend-app', 3);
    const refused = await scaleTo('dev', 'eks-work', 'backend-app', 0).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConsoleError);
    expect((refused as ConsoleError).httpStatus).toBe(403);
    const { status, body } = await trail('admin', '&limit=2');
    expect(status).toBe(200);
    // The message is k8s.io/apiserver's Forbidden wording for dev's patch of the scale subresource.
    expect(body.entries.map(({ id: _id, at: _at, ...rest }: Record<string, unknown>) => rest)).toEqual([
      entry('dev', 0, 403, 'deployments.apps "backend-app" is forbidden: User "dev" cannot patch resource "deployments/scale" in API group "apps" in the namespace "eks-work"'),
      entry('admin', 3, 200, ''),
    ]);
    expect(body.scope).toBe('cluster');
    expect(body.entries[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  it("shows dev only dev's entries, and oncall and admin everyone's", async () => {
    await scaleTo('admin', 'eks-work', 'backend-app', 2);
    const dev = await trail('dev');
    expect(dev.body.scope).toBe('own');
    expect(new Set(dev.body.entries.map((e: { username: string }) => e.username))).toEqual(new Set(['dev']));
    for (const reader of ['admin', 'oncall'] as const) {
      const all = await trail(reader);
      expect([reader, all.body.scope]).toEqual([reader, 'cluster']);
      expect(new Set(all.body.entries.map((e: { username: string }) => e.username))).toEqual(new Set(['admin', 'dev']));
    }
  });

  it("refuses dev another user's entries with 403, and filters a reader's view by user and action", async () => {
    const refused = await trail('dev', '&user=admin');
    expect([refused.status, refused.body.error.kind]).toEqual([403, 'Forbidden']);
    const mine = await trail('dev', '&user=dev');
    expect(mine.status).toBe(200);
    const adminOnly = await trail('oncall', '&user=admin&action=scale');
    expect(new Set(adminOnly.body.entries.map((e: { username: string }) => e.username))).toEqual(new Set(['admin']));
    expect((await trail('oncall', '&action=delete')).body.entries).toEqual([]);
  });

  it('pages newest first by cursor, each entry once', async () => {
    for (const replicas of [4, 5, 6]) await scaleTo('admin', 'eks-work', 'backend-app', replicas);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await trail('admin', `&user=admin&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries.map((e: { detail: { replicas: number } }) => e.detail.replicas));
      cursor = page.body.cursor;
    } while (cursor);
    // Every admin scale of this file, newest first.
    expect(seen).toEqual([6, 5, 4, 2, 3]);
    const forged = await trail('admin', '&cursor=not-a-cursor');
    expect([forged.status, forged.body.error.kind]).toEqual([400, 'BadRequest']);
  });

  it('purges entries older than the retention (90 days by default) and keeps the rest', async () => {
    const { db } = await store();
    await sql`update audit_entries set at = now() - interval '91 days' where (detail->>'replicas')::int = 4`.execute(db);
    expect(await purgeAudit(db)).toBe(1);
    const left = await trail('admin', '&user=admin&limit=50');
    expect(left.body.entries.map((e: { detail: { replicas: number } }) => e.detail.replicas)).toEqual([6, 5, 2, 3]);
  });

  it('passes a successful write on when the store cannot keep its entry, and counts the failure', async () => {
    const { db } = await store();
    const failures = async () => (await consoleMetrics().auditWriteFailures.get()).values.find((v) => v.labels.cluster === CLUSTER)?.value ?? 0;
    const before = await failures();
    await db.schema.dropTable('audit_entries').execute();
    try {
      const scale = await scaleTo('admin', 'eks-work', 'backend-app', 2);
      expect((scale as { spec: { replicas: number } }).spec.replicas).toBe(2);
      expect(await failures()).toBe(before + 1);
    } finally {
      await migration.up(db as never);
    }
  });
});
