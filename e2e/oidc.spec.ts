/**
 * Signing in at the sandbox's OpenID provider. The default test server runs in token mode, so this
 * spec starts a second console in oidc mode on the same build, with its own sandbox and data, and ID
 * tokens that live 5 s so their renewal happens during the tests (two tests wait for it in real time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CLUSTER, optionTexts, seedDataDir } from './fixtures';

const ID_TOKEN_TTL_SECONDS = 5;
const dir = path.join(process.env.WATCHDECK_E2E_DIR!, 'oidc');
let server: ChildProcess | undefined;
let base = '';
let provider: { issuer: string; users: { username: string; password: string }[] };

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

test.describe.configure({ mode: 'serial' });
// The provider's certificate comes from the sandbox's own CA, which the browser does not know.
test.use({ ignoreHTTPSErrors: true });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const args = [
    'node_modules/tsx/dist/cli.mjs',
    'scripts/start.ts',
    '--sandbox',
    '--oidc',
    '--port',
    String(port),
    '--seed',
    '7',
    '--sandbox-dir',
    path.join(dir, 'sandbox'),
    '--id-token-ttl',
    String(ID_TOKEN_TTL_SECONDS),
  ];
  seedDataDir(path.join(dir, 'data'));
  server = spawn(process.execPath, args, { env: { ...process.env, WATCHDECK_DATA_DIR: path.join(dir, 'data'), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the oidc console exited (${server.exitCode})`);
    // Ready, not just listening: the store is open, so the first test does not wait out initdb.
    const up = await fetch(`${base}/api/v1/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('the oidc console did not start');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  provider = JSON.parse(fs.readFileSync(path.join(dir, 'sandbox', 'oidc-users.json'), 'utf8'));
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
});

const password = (name: string) => provider.users.find((u) => u.username === name)!.password;
const providerHost = () => new URL(provider.issuer).host;

/** At the provider's login form, after following the console's sign-in button. */
async function openProviderForm(page: Page, next = '/'): Promise<void> {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: `Sign in with ${providerHost()}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await expect(page.getByLabel('Password')).toBeVisible();
}

async function signIn(page: Page, name: 'admin' | 'oncall' | 'dev', next = '/'): Promise<void> {
  await openProviderForm(page, next);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(password(name));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('whoami-username')).toHaveText(`oidc:${name}@eks-work.example`, { timeout: 30_000 });
}

/** A compact JWS, as ID tokens are. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;

test("dev signs in on the provider's form and sees only rbac-test-ns by the oidc:developers binding, and the API server's Forbidden for eks-work", async ({ page }) => {
  const answers: Promise<string>[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(base) && response.status() < 300) answers.push(response.text().catch(() => ''));
  });
  await signIn(page, 'dev', `/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  await expect(page).toHaveURL(`${base}/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  expect(await optionTexts(page)).toEqual(['rbac-test-ns']);
  // Seed 7 (sandbox/world/scenario.ts): sample-app has one replica.
  await expect(page.getByRole('table', { name: 'Pods' }).getByRole('row', { name: /^sample-app-/ })).toHaveCount(1, { timeout: 60_000 });
  await page.goto(`${base}/c/${CLUSTER}/pods?namespace=eks-work`);
  await expect(page.locator('[data-forbidden]').getByTestId('error-message')).toHaveText(
    'pods is forbidden: User "oidc:dev@eks-work.example" cannot list resource "pods" in API group "" in the namespace "eks-work"',
  );
  // No page, script or API answer of the console carries an ID token.
  for (const text of await Promise.all(answers)) expect(text).not.toMatch(JWT);
  expect(answers.length).toBeGreaterThan(5);
  const cookies = await page.context().cookies(base);
  expect(cookies.find((c) => c.name === 'watchdeck_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  for (const cookie of cookies) expect(cookie.value).not.toMatch(JWT);
});

test('admin signs in as the API server names them and sees every namespace', async ({ page }) => {
  await signIn(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  expect(await optionTexts(page)).toEqual(expect.arrayContaining(['default', 'eks-work', 'rbac-test-ns', 'kube-system']));
  await expect(
    page
      .getByRole('table', { name: 'Pods' })
      .getByRole('row', { name: /^backend-app-/ })
      .first(),
  ).toBeVisible({ timeout: 60_000 });
});

test("a wrong password stays on the provider's form", async ({ page }) => {
  await openProviderForm(page);
  await page.getByLabel('Username').fill('dev');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await expect(page.getByLabel('Username')).toHaveValue('dev');
});

test("signing out ends the session and the provider's: signing in again asks for the password", async ({ page }) => {
  await signIn(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(`${base}/sign-in`);
  const session = await (await page.request.get(`${base}/api/v1/auth/session`)).json();
  expect(session.signedIn).toBe(false);
  await page.getByRole('link', { name: `Sign in with ${providerHost()}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await expect(page.getByLabel('Password')).toBeVisible();
});

test(`an ID token living ${ID_TOKEN_TTL_SECONDS} s is renewed without the user noticing: the page keeps working past its expiry`, async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'dev', `/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  const signedInAt = Date.now();
  const pods = page
    .getByRole('table', { name: 'Pods' })
    .getByRole('row', { name: /^sample-app-/ })
    .first();
  await expect(pods).toBeVisible({ timeout: 30_000 });
  // Past the first token's exp, the page asks again through the app's own navigation, with no reload.
  await page.waitForTimeout(ID_TOKEN_TTL_SECONDS * 1000 + 3_000 - (Date.now() - signedInAt));
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Workloads' }).click();
  await expect(page).toHaveURL(`${base}/c/${CLUSTER}/workloads?namespace=rbac-test-ns`);
  await expect(page.getByRole('main').getByText('sample-app', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Pods' }).click();
  await expect(pods).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('whoami-username')).toHaveText('oidc:dev@eks-work.example');
  expect(page.url()).not.toContain('/sign-in');
});

test('when the provider will not renew, the browser is sent to sign in once, with the page it was on kept', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'dev', `/c/${CLUSTER}/pods?namespace=rbac-test-ns`);
  // Signing out at the provider alone ends the refresh token, which lives with the provider's session.
  await page.goto(`${provider.issuer}/session/end`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 401 && response.url().startsWith(`${base}/api/`)) refused.push(response.url());
  });
  await page.waitForTimeout((ID_TOKEN_TTL_SECONDS / 2 + 2) * 1000);
  await page.goto(`${base}/c/${CLUSTER}/workloads?namespace=rbac-test-ns`);
  await expect(page).toHaveURL(`${base}/sign-in?next=${encodeURIComponent(`/c/${CLUSTER}/workloads?namespace=rbac-test-ns`)}`);
  await expect(page.getByRole('link', { name: `Sign in with ${providerHost()}` })).toBeVisible();
  // The calls the page had already made were refused; once at the sign-in page, nothing asks again.
  const refusedBeforeSignIn = refused.length;
  expect(refusedBeforeSignIn).toBeGreaterThan(0);
  await page.waitForTimeout(3_000);
  expect(refused.length).toBe(refusedBeforeSignIn);
});

test('the sign-in page and its failures, at 1280 and 390 px', async ({ page }) => {
  test.setTimeout(120_000);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${base}/sign-in`);
    await expect(page.getByRole('link', { name: `Sign in with ${providerHost()}` })).toBeVisible();
    await page.screenshot({ path: `/tmp/watchdeck-oidc-sign-in-${width}.png`, fullPage: true });

    // Cancel at the provider: its access_denied and description.
    await openProviderForm(page, `/c/${CLUSTER}/nodes`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(`${base}/sign-in?next=${encodeURIComponent(`/c/${CLUSTER}/nodes`)}&error=ProviderError`);
    await expect(page.locator('[data-error-kind="ProviderError"]')).toContainText('The OpenID provider refused');
    await expect(page.getByTestId('error-message')).toHaveText('the OpenID provider answered access_denied: The user cancelled the sign-in at the sandbox OpenID provider.');
    await page.screenshot({ path: `/tmp/watchdeck-oidc-provider-error-${width}.png`, fullPage: true });

    // A callback this browser did not start.
    await page.goto(`${base}/api/v1/auth/callback?code=forged&state=forged`);
    await expect(page).toHaveURL(`${base}/sign-in?next=%2F&error=StateMismatch`);
    await expect(page.locator('[data-error-kind="StateMismatch"]')).toContainText('Sign-in response not recognised');
    await expect(page.getByTestId('error-message')).toHaveText('no sign-in was started in this browser, or it took longer than 10 minutes (state mismatch); start again');
    await page.screenshot({ path: `/tmp/watchdeck-oidc-state-mismatch-${width}.png`, fullPage: true });
  }
  // The address alone shows nothing: the message comes from the sealed cookie the failure set.
  await page.context().clearCookies();
  await page.goto(`${base}/sign-in?error=ProviderError`);
  await expect(page.getByRole('link', { name: `Sign in with ${providerHost()}` })).toBeVisible();
  await expect(page.locator('[data-error-kind]')).toHaveCount(0);
});
