import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

export const CLUSTER = 'eks-work-cluster';

/** The node arguments that fill console data directories with the migrated PGlite database (server/store/testing/seed-pglite.ts). */
export const SEED_DATA_DIRS = ['--conditions=react-server', '--import', 'tsx', 'server/store/testing/seed-pglite.ts'];

/**
 * Gives a console of a spec's own a data directory whose store is already made and migrated, as the
 * unit tests' consoles have: a fresh one spends tens of seconds in initdb on a busy machine before it is ready.
 */
export function seedDataDir(dataDir: string): void {
  execFileSync(process.execPath, [...SEED_DATA_DIRS, dataDir], { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'inherit', 'inherit'] });
}

/** The sandbox users the test server printed, read from the users file it wrote for the operator. */
export function sandboxUsers(): { name: string; username: string; groups: string[]; token: string; description: string }[] {
  const file = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'users.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The loopback control of the test server's sandbox clock (sandbox/clock/control.ts). */
function clockControl(): string {
  return JSON.parse(fs.readFileSync(path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'clock.json'), 'utf8')).url;
}

/**
 * Moves the sandbox's clock forward until the sandbox has run at least `seconds` of simulated time, instead of
 * waiting for it: every test asking for the same point in the scenario (sandbox/world/scenario.ts, seed 7) finds it reached.
 */
export async function sandboxHasRun(seconds: number): Promise<void> {
  const url = clockControl();
  const clock = (await (await fetch(`${url}/clock`)).json()) as { now: string; startedAt: string };
  const ran = (Date.parse(clock.now) - Date.parse(clock.startedAt)) / 1000;
  if (ran >= seconds) return;
  const moved = await fetch(`${url}/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: seconds - ran }) });
  expect(moved.status, await moved.clone().text()).toBe(200);
}

/**
 * Signs `name` in and opens `next`. By default through the sign-in route the form posts to (with the
 * CSRF token the session endpoint hands out), which spares a test the sign-in page it is not about;
 * `form: true` clicks the sign-in page's button, for tests of the sign-in page itself; `timeout` bounds the wait for the first page.
 */
export async function signInAs(page: Page, name: 'admin' | 'oncall' | 'dev', next = '/', options: { form?: boolean; timeout?: number } = {}): Promise<void> {
  if (options.form) {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByRole('button', { name: new RegExp(`^Sign in as ${name} — `) }).click();
  } else {
    // The page's own console: a test's context may point at a console of its own. A page still loading
    // (the sign-in page asks for its session too) can be handed a newer CSRF cookie than the token read
    // here, which the console refuses as stale; the token is then asked for again, as the pages do.
    let signedIn;
    for (let attempt = 0; ; attempt++) {
      const session = await page.request.get('/api/v1/auth/session');
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      const origin = new URL(session.url()).origin;
      signedIn = await page.request.post('/api/v1/auth/sign-in', { data: { sandboxUser: name }, headers: { 'x-csrf-token': csrfToken, origin } });
      if (attempt === 2 || signedIn.status() !== 403 || !(await signedIn.text()).includes('CsrfRejected')) break;
    }
    expect(signedIn.status(), await signedIn.text()).toBe(200);
    await page.goto(next);
  }
  // The first page after signing in loads the cluster's header; on a loaded machine that takes longer than one expect.
  await expect(page.getByTestId('whoami-username')).toHaveText(name, { timeout: options.timeout ?? 30_000 });
}

export function namespaceSelect(page: Page) {
  return page.getByRole('combobox', { name: 'Namespace' });
}

export async function optionTexts(page: Page): Promise<string[]> {
  const options = namespaceSelect(page).locator('option');
  // The current namespace is offered as "name (loading…)" until the namespace list answers.
  await expect(options.filter({ hasText: /\(loading…\)$/ })).toHaveCount(0, { timeout: 30_000 });
  return options.allTextContents();
}

/**
 * Presses Tab until `target` has focus, as someone without a mouse would; fails after `max` presses.
 * `Shift+Tab` goes back up the page, to a control above the focus.
 */
export async function tabTo(page: Page, target: Locator, max = 150, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  await expect(target).toBeVisible({ timeout: 30_000 });
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

/** A dashboard made through the API as admin (its bearer token, so no page needs signing in first); the path of its page. */
export async function createDashboard(request: APIRequestContext, dashboard: { title: string; shared: boolean; seconds: number; widgets: Record<string, unknown>[] }): Promise<string> {
  const admin = sandboxUsers().find((u) => u.name === 'admin')!;
  const created = await request.post('/api/v1/dashboards', {
    headers: { authorization: `Bearer ${admin.token}` },
    data: { title: dashboard.title, shared: dashboard.shared, body: { timeRange: { kind: 'relative', seconds: dashboard.seconds }, variables: [], widgets: dashboard.widgets } },
  });
  expect(created.status(), await created.text()).toBe(201);
  return `/c/${CLUSTER}/dashboards/${(await created.json()).id}`;
}

/** A full-width table log widget over the cluster's container logs (Container Insights' application group). */
export function logWidget(widget: { id: string; y: number; title: string; query: string }): Record<string, unknown> {
  return { ...widget, type: 'log', x: 0, width: 24, height: 6, logGroups: [`/aws/containerinsights/${CLUSTER}/application`], view: 'table', stacked: false };
}
