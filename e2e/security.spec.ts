import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { API_POLICY, pagePolicy } from '../lib/content-security-policy';
import { CLUSTER, createDashboard, signInAs } from './fixtures';

// Every test here brings its own page and data, so the file's tests spread over the workers.
test.describe.configure({ mode: 'parallel' });

const EVIL = 'evil.example';
const USERS = ['admin', 'oncall', 'dev'] as const;
/** The namespace each user works in: dev may read only rbac-test-ns. */
const NAMESPACE = { admin: 'eks-work', oncall: 'eks-work', dev: 'rbac-test-ns' } as const;
/** The scenario's six alarms (sandbox/aws/cloudwatch/scenario-alarms.ts): oncall may not list nodes (three hidden), dev reads only rbac-test-ns (one left). */
const VISIBLE_ALARMS = { admin: 6, oncall: 3, dev: 1 } as const;
const CSP_ERROR = /Content[- ]Security[- ]Policy/i;
const NONCE = /'nonce-([A-Za-z0-9+/]{22}==)'/;

/** Each `next` as the issue names it: in the URL as written, and as the value itself (encoded once more). */
const HOSTILE_NEXT = [
  '//evil.example',
  '/\\evil.example',
  '\\/evil.example',
  '/%09/evil.example',
  '/%5C/evil.example',
  '/%2F%2Fevil.example',
  '/..//evil.example',
  'https://evil.example',
  'javascript:location.assign("https://evil.example")',
];

/** Every request the page starts for another site, even one the policy then blocks; none is let out of the machine. */
async function recordForeignRequests(page: Page, context: BrowserContext): Promise<string[]> {
  const foreign: string[] = [];
  page.on('request', (request) => new URL(request.url()).hostname !== '127.0.0.1' && foreign.push(request.url()));
  // The same test as a pattern, which the browser's side matches itself: a function would send every request of the page through this process.
  await context.route(/^(?!https?:\/\/127\.0\.0\.1(?:[:/?#]|$))/, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'not the console' }));
  return foreign;
}

/** The page's securitypolicyviolation events and its console errors about the policy, across navigations. */
async function recordViolations(page: Page): Promise<{ events: string[]; consoleErrors: string[] }> {
  const events: string[] = [];
  const consoleErrors: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => events.push(`${page.url()}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${e.effectiveDirective} ${e.blockedURI}`), true);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && CSP_ERROR.test(message.text())) consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return { events, consoleErrors };
}

/** A shared dashboard whose markdown names an image on another site, one on the console, and two links. */
async function markdownDashboard(page: Page): Promise<string> {
  const markdown = ['# Runbook', '![x](https://evil.example/a.png)', '', '![y](/icon.svg)', '', '[c](javascript:alert(document.domain)) and [docs](https://docs.example/runbook)'].join('\n');
  return createDashboard(page.request, {
    title: 'Markdown runbook',
    shared: true,
    seconds: 900,
    widgets: [{ id: 'notes', type: 'text', x: 0, y: 0, width: 12, height: 6, markdown }],
  });
}

for (const next of HOSTILE_NEXT) {
  test(`sign-in follows only a path on the console: next=${next} ends on the console origin, as written and encoded once more`, async ({ page, context, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const foreign = await recordForeignRequests(page, context);
    for (const query of [next, encodeURIComponent(next)]) {
      await test.step(`next=${query}`, async () => {
        await page.goto(`/sign-in?next=${query}`);
        await page.getByRole('button', { name: /^Sign in as oncall — / }).click();
        // The default page: oncall's cluster, in the namespace with the most problem pods (GET …/landing): eks-work.
        // Only a signed-in session is sent there; the page itself need not finish loading for that to be proven.
        await expect(page).toHaveURL(`${origin}/c/${CLUSTER}?namespace=eks-work`, { timeout: 30_000 });
      });
    }
    expect(foreign).toEqual([]);
  });
}

test('a path on the console is still followed after sign-in', async ({ page, baseURL }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}/pods?namespace=eks-work&sort=restarts`, { form: true });
  await expect(page).toHaveURL(`${new URL(baseURL!).origin}/c/${CLUSTER}/pods?namespace=eks-work&sort=restarts`);
});

test('pages carry the policy with a fresh nonce that every script in the HTML has; API answers carry their own', async ({ page }) => {
  const nonces: string[] = [];
  for (const path of ['/sign-in', '/sign-in', `/c/${CLUSTER}`]) {
    const response = (await page.goto(path))!;
    const policy = response.headers()['content-security-policy'];
    const nonce = NONCE.exec(policy)?.[1];
    expect(nonce, policy).toBeDefined();
    expect(policy).toBe(pagePolicy(nonce!));
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(` nonce="${nonce}"`))).toEqual([]);
    nonces.push(nonce!);
  }
  expect(new Set(nonces).size).toBe(3);

  for (const path of ['/api/v1/healthz', '/api/v1/auth/session', `/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`, '/api/v1/no-such-route']) {
    const response = await page.request.get(path);
    expect({ path, policy: response.headers()['content-security-policy'] }).toEqual({ path, policy: API_POLICY });
  }
});

test('markup injected into a page runs no script, loads nothing from another site and frames nothing, while the console’s own scripts run', async ({ page, baseURL }) => {
  const { events, consoleErrors } = await recordViolations(page);
  // As if the server's HTML carried an attacker's markup, after the console's own.
  const injected = [
    '<script>window.injectedInline = true</script>',
    '<img src="/icon.svg" alt="" onload="window.injectedHandler = true">',
    '<a id="injected-link" href="javascript:window.injectedHref = true">x</a>',
    '<script src="https://evil.example/a.js"></script>',
    '<img src="https://evil.example/a.png" alt="">',
    '<iframe src="/sign-in"></iframe>',
  ].join('');
  await page.context().route(/evil\.example/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'window.injectedRemote = true' }));
  await page.route('**/sign-in', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace('</body>', `${injected}</body>`) });
  });
  await page.goto('/sign-in');
  // The sandbox users come from GET /api/v1/auth/session: the console's scripts ran.
  await expect(page.getByRole('button', { name: /^Sign in as admin — / })).toBeVisible();
  await page.locator('#injected-link').click();

  const origin = new URL(baseURL!).origin;
  await expect
    .poll(() => events.toSorted())
    .toEqual([
      `${origin}/sign-in: frame-src ${origin}/sign-in`,
      `${origin}/sign-in: img-src https://evil.example/a.png`,
      `${origin}/sign-in: script-src-attr inline`,
      `${origin}/sign-in: script-src-elem https://evil.example/a.js`,
      `${origin}/sign-in: script-src-elem inline`,
      `${origin}/sign-in: script-src-elem inline`,
    ]);
  expect(consoleErrors).toHaveLength(6);
  expect(await page.evaluate(() => Object.keys(window).filter((key) => key.startsWith('injected')))).toEqual([]);
});

for (const user of USERS) {
  test(`${user} visits every page of the console without a policy violation`, async ({ page, context }) => {
    test.setTimeout(180_000);
    const foreign = await recordForeignRequests(page, context);
    const violations = await recordViolations(page);
    const dashboard = await markdownDashboard(page);
    const ns = NAMESPACE[user];
    const heading = (name: string | RegExp) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

    await page.goto('/sign-in');
    await heading('Sign in to the cluster');
    await signInAs(page, user, `/c/${CLUSTER}?namespace=${ns}`);
    await heading('Overview');
    await expect(page.getByRole('region', { name: 'Pods by status' })).toBeVisible();

    // The session comes with a cluster page's HTML: loading one asks the session endpoint nothing.
    const sessionRequests: string[] = [];
    page.on('request', (request) => request.url().includes('/api/v1/auth/session') && sessionRequests.push(request.url()));
    await page.goto(`/c/${CLUSTER}/pods?namespace=${ns}`);
    await heading('Pods');
    const firstPod = page.getByRole('table', { name: 'Pods' }).getByRole('row').nth(1).getByRole('link').first();
    await expect(firstPod).toBeVisible({ timeout: 30_000 });
    expect(sessionRequests).toEqual([]);
    const podName = (await firstPod.innerText()).trim();
    await page.goto(`/c/${CLUSTER}/pods/${ns}/${podName}?namespace=${ns}`);
    await heading(podName);
    await expect(page.getByRole('table', { name: 'Events' })).toBeVisible();

    for (const [path, name] of [
      ['workloads', 'Workloads'],
      ['nodes', 'Nodes'],
      ['autoscaling', 'Autoscaling'],
      ['autoscaling/eks-work/backend-app', 'HorizontalPodAutoscaler/backend-app'],
      ['access', 'Access'],
      ['secrets', 'Secrets'],
    ]) {
      await page.goto(`/c/${CLUSTER}/${path}?namespace=${ns}`);
      await heading(name);
    }

    await page.goto(`/c/${CLUSTER}/logs?namespace=${ns}`);
    await heading('Logs Insights');
    await expect(page.locator('.cm-editor')).toBeVisible();
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 30_000 });

    await page.goto(`/c/${CLUSTER}/dashboards?namespace=${ns}`);
    await heading('Dashboards');
    await page.goto(dashboard);
    await heading('Markdown runbook');
    await expect(page.getByRole('region', { name: 'text' }).getByRole('img', { name: 'y' })).toBeVisible();
    await page.goto(`/c/${CLUSTER}/alarms?namespace=${ns}`);
    await heading('On call');
    await expect(page.getByTestId('alarm-row')).toHaveCount(VISIBLE_ALARMS[user], { timeout: 30_000 });
    expect((await page.goto('/no-such-page'))!.status()).toBe(404);
    await heading('Not found');

    expect(violations).toEqual({ events: [], consoleErrors: [] });
    expect(foreign).toEqual([]);
  });
}

test('a dashboard shows a markdown image from another site as a link and loads none of it; its own image loads; javascript: is no link', async ({ page, context }) => {
  const foreign = await recordForeignRequests(page, context);
  const violations = await recordViolations(page);
  const dashboard = await markdownDashboard(page);
  await signInAs(page, 'oncall', dashboard);
  const widget = page.getByRole('region', { name: 'text' });
  await expect(widget.getByRole('heading', { name: 'Runbook' })).toBeVisible();

  await expect(widget.getByRole('link')).toHaveText(['x (https://evil.example/a.png)', 'docs']);
  await expect(widget.getByRole('link', { name: 'x (https://evil.example/a.png)' })).toHaveAttribute('href', 'https://evil.example/a.png');
  await expect(widget.locator('a[href^="javascript:" i]')).toHaveCount(0);
  await expect(widget.getByText('c', { exact: true })).toBeVisible();

  const images = widget.getByRole('img');
  await expect(images).toHaveCount(1);
  await expect(images).toHaveAttribute('src', '/icon.svg');
  await expect.poll(() => images.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  expect(foreign.filter((url) => new URL(url).hostname === EVIL)).toEqual([]);
  expect(violations).toEqual({ events: [], consoleErrors: [] });
});

test('screenshots: sign-in and a markdown dashboard at desktop and phone widths', async ({ page }) => {
  const dashboard = await markdownDashboard(page);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/sign-in');
    await expect(page.getByRole('button', { name: /^Sign in as admin — / })).toBeVisible();
    // The stylesheet applies: Tailwind's slate-900 header and white panel (white as the light theme's palette variable computes it).
    await expect(page.locator('header')).toHaveCSS('background-color', 'lab(7.78673 1.82345 -15.0537)');
    await expect(page.getByRole('main')).toHaveCSS('background-color', 'lab(100 0 0)');
    await page.screenshot({ path: test.info().outputPath(`sign-in-${width}.png`), fullPage: true });
  }
  await signInAs(page, 'admin', dashboard);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(page.getByRole('region', { name: 'text' }).getByRole('img', { name: 'y' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`dashboard-${width}.png`), fullPage: true });
  }
});
