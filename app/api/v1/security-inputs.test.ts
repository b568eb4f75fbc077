/**
 * What a request may carry, against the sandbox: bodies past their route's limit, JSON nested
 * past the depth limit, query strings past the length limit, and cookies that do not decode are
 * refused with a clear 4xx or ignored, never a 500; a refused body leaves nothing behind. Text
 * streamed from the API server arrives intact however its bytes are cut into chunks.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { GET as sessionRoute } from './auth/session/route';
import { POST as signInRoute } from './auth/sign-in/route';
import { GET as podsRoute } from './clusters/[cluster]/pods/route';
import { GET as podWatchRoute } from './clusters/[cluster]/pods/watch/route';
import { GET as whoamiRoute } from './clusters/[cluster]/whoami/route';
import { GET as podLogRoute } from './clusters/[cluster]/namespaces/[namespace]/pods/[name]/log/route';
import { GET as selectorLogsRoute } from './clusters/[cluster]/namespaces/[namespace]/logs/route';
import { PUT as saveDashboardRoute } from './dashboards/[id]/route';
import { GET as versionsRoute } from './dashboards/[id]/versions/route';
import { POST as importDashboardRoute } from './dashboards/import/route';
import { GET as dashboardsRoute, POST as createDashboardRoute } from './dashboards/route';
import { GET as queryRoute } from './logs/queries/[id]/route';
import { POST as queriesRoute } from './logs/queries/route';

/**
 * Every stream the console opens to the API server hands its bytes on cut inside each multibyte
 * character (one read per piece), as TCP may cut them; the sandbox itself writes whole lines.
 */
vi.mock('@/server/k8s/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/server/k8s/client')>();
  const { Readable: NodeReadable } = await import('node:stream');
  async function* cutInsideCharacters(body: Readable): AsyncGenerator<Buffer> {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        // A lead byte of a 2-4 byte sequence: cut right after it.
        if (bytes[i] >= 0xc0) {
          yield bytes.subarray(start, i + 1);
          start = i + 1;
        }
      }
      if (start < bytes.length) yield bytes.subarray(start);
    }
  }
  return {
    ...actual,
    kubeClient: (...args: Parameters<typeof actual.kubeClient>) => {
      const client = actual.kubeClient(...args);
      return {
        ...client,
        stream: async (...s: Parameters<typeof client.stream>) => {
          const stream = await client.stream(...s);
          return { ...stream, body: NodeReadable.from(cutInsideCharacters(stream.body), { objectMode: true }) };
        },
      };
    },
  };
});

const ORIGIN = 'http://console.test:3000';
const MB = 1_000_000;
/** Korean as the console's own messages use it, a 4-byte emoji, and a ZWJ sequence (woman, U+200D, laptop). */
const KOREAN = '[백엔드 오류] 로그 그룹 🚨 👩‍💻';

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route file of the console API with its methods. */
function routeFiles(dir = __dirname): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** A dashboard body of `widgets` text widgets of 100,000 characters each: every widget within the schema's limits. */
function bigDashboard(title: string, widgets: number) {
  return {
    title,
    shared: false,
    body: {
      timeRange: { kind: 'relative', seconds: 3600 },
      variables: [],
      widgets: Array.from({ length: widgets }, (_, i) => ({ id: `t${i}`, type: 'text', x: 0, y: i, width: 24, height: 2, markdown: 'x'.repeat(100_000) })),
    },
  };
}

/** Reads a streamed body until `until` holds or 5 s pass, then stops it. */
async function readUntil(response: Response, until: (text: string) => boolean): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 5_000;
  try {
    while (!until(text) && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<undefined>((r) => setTimeout(r, deadline - Date.now()))]);
      if (!next || next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

describe('what a request may carry', () => {
  let t: SandboxConsole;
  const dev = (method: string, url: string, body?: string, headers: Record<string, string> = {}) =>
    new Request(`${ORIGIN}${url}`, { method, headers: { authorization: `Bearer ${t.token('dev')}`, 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 60_000 });
  }, 120_000);
  afterAll(async () => t?.close());

  describe('request bodies', () => {
    it('refuses a 20 MB dashboard from dev with 413 and saves nothing, on create and on save', async () => {
      const huge = JSON.stringify(bigDashboard('huge', 200));
      expect(huge.length).toBeGreaterThan(20 * MB);
      const before = (await (await dashboardsRoute(dev('GET', '/api/v1/dashboards'), params({}))).json()).items.length;
      const created = await createDashboardRoute(dev('POST', '/api/v1/dashboards', huge), params({}));
      expect(created.status).toBe(413);
      // BODY_LIMITS.dashboard is 2 MiB: twice CloudWatch's 1,000,000-byte dashboard body.
      expect(await created.json()).toEqual({ error: { kind: 'PayloadTooLarge', message: 'the request body is larger than 2 MiB, the most POST /api/v1/dashboards takes' } });
      expect((await (await dashboardsRoute(dev('GET', '/api/v1/dashboards'), params({}))).json()).items).toHaveLength(before);

      const small = await createDashboardRoute(dev('POST', '/api/v1/dashboards', JSON.stringify(bigDashboard('small', 1))), params({}));
      expect(small.status).toBe(201);
      const { id } = await small.json();
      const saved = await saveDashboardRoute(dev('PUT', `/api/v1/dashboards/${id}`, huge, { 'if-match': '"1"' }), params({ id }));
      expect(saved.status).toBe(413);
      expect(await saved.json()).toEqual({ error: { kind: 'PayloadTooLarge', message: `the request body is larger than 2 MiB, the most PUT /api/v1/dashboards/${id} takes` } });
      const versions = await (await versionsRoute(dev('GET', `/api/v1/dashboards/${id}/versions`), params({ id }))).json();
      expect(versions.items.map((v: { version: number }) => v.version)).toEqual([1]);
    }, 60_000);

    it('takes a dashboard of 1.5 MB, as large as CloudWatch allows and more', async () => {
      const body = JSON.stringify(bigDashboard('large', 15));
      expect(body.length).toBeGreaterThan(1.5 * MB);
      expect((await createDashboardRoute(dev('POST', '/api/v1/dashboards', body), params({}))).status).toBe(201);
    });

    it('refuses a body nested 100,000 deep with 400 and the line and column where it crossed 64 levels', async () => {
      const prefix =
        '{"title":"deep","shared":false,"body":{"timeRange":{"kind":"relative","seconds":3600},"variables":[],"widgets":[{"id":"w","type":"metric","x":0,"y":0,"width":6,"height":6,"properties":{"a":';
      const deep = `${prefix}${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}}`;
      const response = await createDashboardRoute(dev('POST', '/api/v1/dashboards', deep), params({}));
      expect(response.status).toBe(400);
      // Five levels are open before the first '[' (the body, body, widgets, the widget, properties): the 60th '[' is level 65.
      expect(await response.json()).toEqual({
        error: { kind: 'BadRequest', message: `the request body nests deeper than 64 arrays and objects (at line 1, column ${prefix.length + 60})` },
      });
    });

    it('refuses an imported CloudWatch body, JSON text inside the request, nested 100,000 deep with 400 and where', async () => {
      const prefix = '{"widgets":[{"type":"metric","x":0,"y":0,"width":6,"height":6,"properties":{"metrics":';
      const body = `${prefix}${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`;
      const before = (await (await dashboardsRoute(dev('GET', '/api/v1/dashboards'), params({}))).json()).items.length;
      const response = await importDashboardRoute(dev('POST', '/api/v1/dashboards/import', JSON.stringify({ title: 'deep import', body })), params({}));
      expect(response.status).toBe(400);
      // Four levels are open before the first '[' (the body, widgets, the widget, properties): the 61st '[' is level 65.
      expect(await response.json()).toEqual({
        error: { kind: 'BadRequest', message: `the dashboard body nests deeper than 64 arrays and objects (at line 1, column ${prefix.length + 61})` },
      });
      expect((await (await dashboardsRoute(dev('GET', '/api/v1/dashboards'), params({}))).json()).items).toHaveLength(before);
    });

    it("refuses a sign-in body that is not JSON with JSON.parse's reason and, when it names one, the line and column", async () => {
      const signIn = (body: string) => signInRoute(new Request(`${ORIGIN}/api/v1/auth/sign-in`, { method: 'POST', body }), undefined);
      const trailingComma = await signIn('{\n  "token": "x",\n}');
      expect(trailingComma.status).toBe(400);
      // V8 (Node 20) stops at the '}' at offset 18, the first character of line 3.
      expect(await trailingComma.json()).toEqual({
        error: { kind: 'BadRequest', message: 'the request body is not JSON: Expected double-quoted property name in JSON at position 18 (line 3, column 1)' },
      });
      // For an unexpected token V8 quotes the text instead of naming a position.
      expect(await (await signIn('{\n  "token": }')).json()).toEqual({
        error: { kind: 'BadRequest', message: 'the request body is not JSON: Unexpected token \'}\', "{\n  "token": }" is not valid JSON' },
      });
    });
  });

  describe('query strings', () => {
    it('refuses a 100 kB query string with 414 on every route of the console API, before anything else', async () => {
      // Every route file there is, so a new one cannot skip the rule.
      const files = routeFiles();
      const query = `?namespace=${'a'.repeat(100_000)}`;
      const checked: string[] = [];
      for (const file of files) {
        const module = (await import(file)) as Record<string, Handler>;
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
          const handler = module[method];
          if (!handler) continue;
          const response = await handler(new Request(`${ORIGIN}/api/v1/x${query}`, { method }), params({ cluster: CLUSTER, namespace: 'rbac-test-ns', name: 'x', id: 'x', kind: 'x', version: '1' }));
          const where = `${method} ${path.relative(__dirname, file)}`;
          expect([where, response.status]).toEqual([where, 414]);
          expect([where, await response.json()]).toEqual([where, { error: { kind: 'URITooLong', message: 'the query string is longer than 16 KiB, the most the console API takes' } }]);
          checked.push(where);
        }
      }
      expect(checked.length).toBeGreaterThan(files.length);
      // The routes that answer with a stream of their own, outside jsonRoute, are among them.
      for (const stream of [
        'clusters/[cluster]/pods/watch',
        'clusters/[cluster]/pods/stream',
        'clusters/[cluster]/namespaces/[namespace]/logs',
        'clusters/[cluster]/namespaces/[namespace]/pods/[name]/log',
        'clusters/[cluster]/namespaces/[namespace]/pods/[name]/logs',
      ]) {
        expect(checked).toContain(`GET ${stream}/route.ts`);
      }
    }, 60_000);
  });

  describe('cookies that do not decode', () => {
    const anonymous = (url: string, cookie: string) => new Request(`${ORIGIN}${url}`, { headers: { cookie } });
    const BAD_COOKIES = [
      'watchdeck_session=%',
      'watchdeck_csrf=%E0%A4%A',
      'watchdeck_session=%; watchdeck_csrf=%E0%A4%A',
      '=; ;;; watchdeck_session; =%%; watchdeck_session=%zz; watchdeck_csrf=%',
      'watchdeck_session=not.a.valid.jwe',
    ];

    it('answers GET /api/v1/auth/session as signed out, with a new CSRF cookie', async () => {
      for (const cookie of BAD_COOKIES) {
        const response = await sessionRoute(anonymous('/api/v1/auth/session', cookie), undefined);
        expect([cookie, response.status]).toEqual([cookie, 200]);
        const body = await response.json();
        expect([cookie, body.mode, body.signedIn]).toEqual([cookie, 'token', false]);
        expect(response.headers.getSetCookie().find((c) => c.startsWith('watchdeck_csrf='))).toBe(
          `watchdeck_csrf=${encodeURIComponent(body.csrfToken)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=86400`,
        );
      }
    });

    it('answers cluster and dashboard routes with 401 SignInRequired, as with no cookie', async () => {
      const routes: [string, () => (request: Request) => Promise<Response>][] = [
        [`/api/v1/clusters/${CLUSTER}/pods?namespace=rbac-test-ns`, () => (r) => podsRoute(r, params({ cluster: CLUSTER }))],
        [`/api/v1/clusters/${CLUSTER}/whoami`, () => (r) => whoamiRoute(r, params({ cluster: CLUSTER }))],
        [`/api/v1/clusters/${CLUSTER}/pods/watch?namespace=rbac-test-ns`, () => (r) => podWatchRoute(r, params({ cluster: CLUSTER }))],
        ['/api/v1/dashboards', () => (r) => dashboardsRoute(r, params({}))],
      ];
      for (const cookie of BAD_COOKIES) {
        for (const [url, route] of routes) {
          const response = await route()(anonymous(url, cookie));
          expect([cookie, url, response.status]).toEqual([cookie, url, 401]);
          expect(await response.json()).toEqual({ error: { kind: 'SignInRequired', message: 'sign in to continue' } });
        }
      }
    });

    it('treats a CSRF cookie that does not decode as no CSRF cookie: 403 CsrfRejected', async () => {
      const response = await signInRoute(
        new Request(`${ORIGIN}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { host: 'console.test:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'x-csrf-token': '%E0%A4%A', cookie: 'watchdeck_csrf=%E0%A4%A' },
          body: JSON.stringify({ token: t.token('dev') }),
        }),
        undefined,
      );
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: { kind: 'CsrfRejected', message: 'the X-CSRF-Token header does not match the CSRF cookie' } });
    });

    it('keeps a browser signed in when another page planted a malformed session cookie before the real one', async () => {
      const first = await sessionRoute(new Request(`${ORIGIN}/api/v1/auth/session`), undefined);
      const csrfCookie = first.headers.getSetCookie()[0].split('; ')[0];
      const csrf = (await first.json()).csrfToken as string;
      const signedIn = await signInRoute(
        new Request(`${ORIGIN}/api/v1/auth/sign-in`, {
          method: 'POST',
          headers: { host: 'console.test:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin', 'x-csrf-token': csrf, cookie: csrfCookie },
          body: JSON.stringify({ token: t.token('dev') }),
        }),
        undefined,
      );
      expect(signedIn.status).toBe(200);
      const session = signedIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('watchdeck_session='))!
        .split('; ')[0];
      // Browsers send the cookie with the longer Path first: a planted `Path=/api` one comes before the console's.
      const cookie = `watchdeck_session=%; watchdeck_csrf=%E0%A4%A; ${session}; ${csrfCookie}`;
      const after = await sessionRoute(anonymous('/api/v1/auth/session', cookie), undefined);
      expect(after.status).toBe(200);
      expect((await after.json()).signedIn).toBe(true);
      const who = await whoamiRoute(anonymous(`/api/v1/clusters/${CLUSTER}/whoami`, cookie), params({ cluster: CLUSTER }));
      expect(await who.json()).toEqual({ username: 'dev', groups: ['rbac-test-group', 'system:authenticated'] });
    });
  });

  describe('text from the API server cut inside characters', () => {
    let pod: string;
    let container: string;

    beforeAll(() => {
      const found = t.sandbox.world.store.list('pods', 'rbac-test-ns').find((p) => (p.spec as { nodeName?: string } | undefined)?.nodeName)!;
      pod = found.metadata.name;
      container = (found.spec as { containers: { name: string }[] }).containers[0].name;
      // A second earlier than now, so a query that ends at this second still has it.
      t.sandbox.world.logs.append({ namespace: 'rbac-test-ns', pod, container }, `utf8-marker ${KOREAN}`, 'stdout', new Date(t.sandbox.world.nowMs() - 1_000));
    });

    it("gives a pod's log line through the log route exactly", async () => {
      const url = `/api/v1/clusters/${CLUSTER}/namespaces/rbac-test-ns/pods/${pod}/log?container=${container}`;
      const response = await podLogRoute(t.request('dev', url), params({ cluster: CLUSTER, namespace: 'rbac-test-ns', name: pod }));
      expect(response.status).toBe(200);
      const lines = (await response.text()).split('\n');
      expect(lines.filter((l) => l.includes('utf8-marker'))).toEqual([`utf8-marker ${KOREAN}`]);
    });

    it("refuses a sinceTime that is not an RFC3339 time with a 400 naming it, and one for a namespace dev may not read with the API server's 403", async () => {
      const base = `/api/v1/clusters/${CLUSTER}/namespaces/rbac-test-ns/pods/${pod}/log?container=${container}&follow=true&timestamps=true`;
      for (const hostile of ['yesterday', '2026-12-06T10:00:00Z%0A', '9'.repeat(5000), '2026-12-06 10:00:00']) {
        const response = await podLogRoute(t.request('dev', `${base}&sinceTime=${hostile}`), params({ cluster: CLUSTER, namespace: 'rbac-test-ns', name: pod }));
        expect(response.status, hostile.slice(0, 30)).toBe(400);
        expect((await response.json()).error).toEqual({ kind: 'BadRequest', message: 'invalid query: sinceTime: an RFC3339 time' });
      }
      const other = t.sandbox.world.store.list('pods', 'eks-work')[0].metadata.name;
      const denied = await podLogRoute(
        t.request('dev', `/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/${other}/log?sinceTime=2026-12-06T10:00:00.123456789Z`),
        params({ cluster: CLUSTER, namespace: 'eks-work', name: other }),
      );
      expect(denied.status).toBe(403);
      expect((await denied.json()).message).toBe(`pods "${other}" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "eks-work"`);
    });

    it('gives the line through the label-selector logs route exactly, with its prefix', async () => {
      const labels = t.sandbox.world.store.get('pods', 'rbac-test-ns', pod)!.metadata.labels as Record<string, string>;
      const [key, value] = Object.entries(labels)[0];
      const url = `/api/v1/clusters/${CLUSTER}/namespaces/rbac-test-ns/logs?labelSelector=${encodeURIComponent(`${key}=${value}`)}&tailLines=100`;
      const response = await selectorLogsRoute(t.request('dev', url), params({ cluster: CLUSTER, namespace: 'rbac-test-ns' }));
      expect(response.status).toBe(200);
      const lines = (await response.text()).split('\n');
      expect(lines.filter((l) => l.includes('utf8-marker'))).toEqual([`[pod/${pod}/${container}] utf8-marker ${KOREAN}`]);
    });

    it('gives the line to a Logs Insights query over pod logs exactly', async () => {
      const now = Math.floor(t.sandbox.world.nowMs() / 1000);
      const started = await queriesRoute(
        dev(
          'POST',
          '/api/v1/logs/queries',
          JSON.stringify({
            cluster: CLUSTER,
            queryString: 'fields log | filter log like /utf8-marker/',
            source: { kind: 'pods', namespace: 'rbac-test-ns', labelSelector: 'app' },
            startTime: now - 3600,
            endTime: now,
          }),
        ),
        params({}),
      );
      expect(started.status).toBe(200);
      const { id } = await started.json();
      let state: { status: string; results: { field: string; value: string }[][] } | undefined;
      for (let i = 0; i < 400 && (!state || ['Queued', 'Scheduled', 'Running'].includes(state.status)); i++) {
        if (state) await new Promise((r) => setTimeout(r, 25));
        state = await (await queryRoute(t.request('dev', `/api/v1/logs/queries/${id}?cluster=${CLUSTER}`), params({ id }))).json();
      }
      expect(state!.status).toBe('Complete');
      expect(state!.results.map((row) => row.find((f) => f.field === 'log')?.value)).toEqual([`utf8-marker ${KOREAN}`]);
    });

    it('gives a pod watch event whose status is Korean through the watch route exactly', async () => {
      t.sandbox.world.store.mutate('pods', 'rbac-test-ns', pod, (draft) => {
        (draft.status as { reason?: string }).reason = KOREAN;
      });
      const response = await podWatchRoute(t.request('dev', `/api/v1/clusters/${CLUSTER}/pods/watch?namespace=rbac-test-ns`), params({ cluster: CLUSTER }));
      expect(response.status).toBe(200);
      const text = await readUntil(response, (s) => s.includes(`"name":"${pod}"`));
      const row = text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .flatMap((l) => {
          const data = JSON.parse(l.slice(6));
          return Array.isArray(data) ? data.map((d) => (Array.isArray(d) ? d[1] : d)) : [data];
        })
        .find((r: { name?: string }) => r.name === pod);
      expect(row?.status).toBe(KOREAN);
    });
  });
});
