/**
 * The search and Events routes from an attacker's side: dev's search never touches eks-work, not
 * even as a count; the text is bounded and matched literally; the Events filters cannot smuggle
 * field selector terms to the API server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, CLUSTER, params, startSandboxConsole, type SandboxConsole, type SandboxUserName } from '@/server/testing/sandbox-console';
import { GET as eventsRoute } from './clusters/[cluster]/events/route';
import { GET as searchRoute } from './clusters/[cluster]/search/route';

describe('the search and Events routes under attack', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole();
  }, 180_000);
  afterAll(async () => t?.close());

  const search = (user: SandboxUserName, q: string) => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/search?q=${encodeURIComponent(q)}`, searchRoute, params({ cluster: CLUSTER }));
  const events = (user: SandboxUserName, query: string) => callAs(t, user, 'GET', `/api/v1/clusters/${CLUSTER}/events${query}`, eventsRoute, params({ cluster: CLUSTER }));

  it('gives dev nothing from eks-work for its names, not even a count or a truncation flag', async () => {
    for (const q of ['backend-app', 'postgres', 'frontend-web', 'backend-app-db', 'pingpong']) {
      const { status, body, text } = await search('dev', q);
      expect([q, status, body]).toEqual([q, 200, { hits: [], truncated: false }]);
      expect(text).not.toContain('eks-work');
    }
    // The same names are there for admin: dev's empty answer is its permissions, not a missing object.
    expect((await search('admin', 'postgres')).body.hits.length).toBeGreaterThan(0);
  });

  it('refuses a 10 KB q with 400 before any list, and an empty one', async () => {
    const long = await search('admin', 'a'.repeat(10 * 1024));
    expect(long.status).toBe(400);
    expect(long.body.error).toEqual({ kind: 'BadRequest', message: 'invalid query: q: q has at most 253 characters' });
    const empty = await search('admin', '   ');
    expect([empty.status, empty.body.error.message]).toEqual([400, 'invalid query: q: q is the text to search for']);
  });

  it('matches regular expression metacharacters literally: a pattern finds nothing, a catastrophic one costs nothing', async () => {
    for (const q of ['.*', 'sample.app', '^sample', '(a+)+$', '[a-z]+', 'sample|backend', '\\w']) {
      const { status, body } = await search('dev', q);
      expect([q, status, body]).toEqual([q, 200, { hits: [], truncated: false }]);
    }
    expect((await search('dev', 'sample-app-config')).body.hits.map((h: { name: string }) => h.name)).toEqual(['sample-app-config']);
  });

  it('refuses filters that would add a field selector term, so dev cannot reach eks-work Events through rbac-test-ns', async () => {
    const hostile = [
      '?namespace=rbac-test-ns&type=Warning,metadata.namespace=eks-work',
      '?namespace=rbac-test-ns&reason=BackOff,involvedObject.namespace=eks-work',
      '?namespace=rbac-test-ns&reason=BackOff%5C,type',
      '?namespace=rbac-test-ns&kind=Pod,involvedObject.name=postgres-0',
      '?namespace=rbac-test-ns&name=x,involvedObject.namespace=eks-work',
      '?namespace=rbac-test-ns&name=a=b',
      '?namespace=rbac-test-ns&type=Warning!=x',
    ];
    for (const query of hostile) {
      const { status, body, text } = await events('dev', query);
      expect([query, status, body.error.kind]).toEqual([query, 400, 'BadRequest']);
      expect(text).not.toContain('postgres');
    }
  });

  it('keeps dev to its own namespaces for all-namespaces Events, whatever the filters', async () => {
    const { status, body } = await events('dev', '?type=Warning&kind=Pod');
    expect(status).toBe(200);
    expect(body.rows.filter((r: { namespace: string }) => r.namespace !== 'rbac-test-ns')).toEqual([]);
    expect(body.omitted.map((o: { name: string }) => o.name)).toEqual(['eks-work']);
  });
});
