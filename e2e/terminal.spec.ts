/**
 * The pod page's terminal against the sandbox's pods/exec (sandbox/world/shell.ts answers `hostname` with the pod's
 * name): admin runs a shell in backend-app and sees its exit status; dev, whose view role has no pods/exec, finds the
 * button disabled with the explanation and is refused by the API server if it opens the WebSocket anyway; no frame
 * or URL of the page's WebSockets carries a token; the audit trail lists the session.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type WebSocket } from '@playwright/test';
import { CLUSTER, sandboxHasRun, sandboxUsers, signInAs } from './fixtures';

async function backendPod(page: Page): Promise<string> {
  const listed = await page.request.get(`/api/v1/clusters/${CLUSTER}/pods?namespace=eks-work`);
  const { items } = (await listed.json()) as { items: { name: string; status: string }[] };
  return items.find((p) => /^backend-app-[a-z0-9]+-[a-z0-9]{5}$/.test(p.name) && p.status === 'Running')!.name;
}

/** Every WebSocket the page opens: its URL and every frame either way, as text. */
function recordSockets(page: Page): { urls: string[]; frames: string[] } {
  const seen = { urls: [] as string[], frames: [] as string[] };
  const text = (payload: string | Buffer) => (typeof payload === 'string' ? payload : payload.toString('utf8'));
  page.on('websocket', (ws: WebSocket) => {
    seen.urls.push(ws.url());
    ws.on('framesent', (f) => seen.frames.push(text(f.payload)));
    ws.on('framereceived', (f) => seen.frames.push(text(f.payload)));
  });
  return seen;
}

test('admin runs hostname, a pasted command and exit 3 in backend-app’s shell, and the audit trail lists the session', async ({ page, context }) => {
  await sandboxHasRun(120);
  const sockets = recordSockets(page);
  await signInAs(page, 'admin', '/');
  const pod = await backendPod(page);
  await page.goto(`/c/${CLUSTER}/pods/eks-work/${pod}?namespace=eks-work&tab=Terminal`);
  await expect(page.getByRole('combobox', { name: 'Container' })).toHaveValue('backend-app');
  await expect(page.getByRole('combobox', { name: 'Command' })).toHaveValue('/bin/sh');
  await page.getByRole('button', { name: 'Open shell', exact: true }).click();
  const screen = page.getByTestId('terminal-screen');
  await expect(page.getByText('Connected (v5.channel.k8s.io)')).toBeVisible();
  await screen.click();
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await expect(screen.locator('.xterm-rows')).toContainText(pod);
  // Ctrl+Shift+V pastes the clipboard into the shell, which expands backend-app's SERVER_PORT (sandbox/world/scenario.ts).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('echo pasted $SERVER_PORT'));
  await page.keyboard.press('Control+Shift+V');
  // The clipboard is read asynchronously: Enter once the pasted line is echoed, as someone watching the screen would.
  await expect(screen.locator('.xterm-rows')).toContainText('echo pasted $SERVER_PORT');
  await page.keyboard.press('Enter');
  await expect(screen.locator('.xterm-rows')).toContainText('pasted 8080');
  // Pasted once: the browser's own paste of the same keys is held back.
  await expect(screen.locator('.xterm-rows')).not.toContainText('$SERVER_PORTecho');
  await page.keyboard.type('exit 3');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'exited with code 3' })).toBeVisible();
  // The panel with its screen and status, in either theme: no serious or critical WCAG 2.1 AA violation (axe-core).
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).include('section[aria-label="Terminals in this pod"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${colorScheme}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.screenshot({ path: `/tmp/watchdeck-terminal-${colorScheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });

  const admin = sandboxUsers().find((u) => u.name === 'admin')!;
  const session = (await context.cookies()).find((c) => c.name === 'watchdeck_session')!.value;
  expect(sockets.urls).toEqual([expect.stringMatching(new RegExp(`/api/v1/clusters/${CLUSTER}/namespaces/eks-work/pods/${pod}/exec\\?container=backend-app&command=%2Fbin%2Fsh$`))]);
  expect(sockets.frames.join('\n')).toContain(pod);
  for (const carried of [...sockets.urls, ...sockets.frames]) {
    expect(carried).not.toContain(admin.token);
    expect(carried).not.toContain(session);
  }

  await page.goto(`/c/${CLUSTER}/audit`);
  const row = page
    .getByRole('table', { name: 'Audit trail' })
    .getByRole('row')
    .filter({ hasText: `pods/exec eks-work/${pod}` })
    .first();
  // The store keeps detail as jsonb, which orders its keys itself.
  for (const part of ['"container":"backend-app"', '"command":["/bin/sh"]', '"exitCode":3', '"durationSeconds":']) await expect(row).toContainText(part);
  await expect(row.getByRole('cell').last()).toHaveText('101');
});

test('dev finds Open shell disabled with the permission it lacks, and the API server refuses the WebSocket opened anyway', async ({ page }) => {
  test.setTimeout(150_000);
  // dev has view in rbac-test-ns only (sandbox/kube/rbac), which grants no pods/exec.
  await signInAs(page, 'dev', '/', { timeout: 120_000 });
  const listed = await page.request.get(`/api/v1/clusters/${CLUSTER}/pods?namespace=rbac-test-ns`);
  const pod = ((await listed.json()) as { items: { name: string; status: string }[] }).items.find((p) => p.name.startsWith('sample-app-') && p.status === 'Running')!.name;
  await page.goto(`/c/${CLUSTER}/pods/rbac-test-ns/${pod}?namespace=rbac-test-ns&tab=Terminal`);
  const button = page.getByRole('button', { name: 'Open shell', exact: true });
  await expect(button).toBeDisabled({ timeout: 30_000 });
  await expect(button).toHaveAttribute('data-refused', '');
  await button.hover();
  const why = page.getByRole('tooltip', { name: 'Why you cannot open shell' });
  const refusal = `pods "${pod}" is forbidden: User "dev" cannot get resource "pods/exec" in API group "" in the namespace "rbac-test-ns"`;
  await expect(why.getByTestId('error-message')).toHaveText(refusal);
  await expect(why.getByRole('list', { name: 'Permissions open shell needs' }).getByRole('listitem')).toHaveText([
    `refused get pods/exec "${pod}" in rbac-test-ns`,
    `refused create pods/exec "${pod}" in rbac-test-ns`,
  ]);

  // The page's own WebSocket, with the session's CSRF token, as the panel would open it.
  const event = await page.evaluate(async (path) => {
    const { csrfToken } = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
    return new Promise<unknown>((resolve) => {
      const ws = new WebSocket(`ws://${location.host}${path}`, ['watchdeck.terminal.v1', `csrf.${csrfToken}`]);
      ws.onmessage = (m) => resolve(JSON.parse(m.data as string));
      ws.onclose = () => resolve('closed without a message');
    });
  }, `/api/v1/clusters/${CLUSTER}/namespaces/rbac-test-ns/pods/${pod}/exec?container=nginx&command=%2Fbin%2Fsh`);
  expect(event).toMatchObject({
    type: 'error',
    body: { code: 403, message: refusal, missing: { verb: 'get', resource: 'pods', subresource: 'exec', group: '', namespace: 'rbac-test-ns', name: pod } },
  });
});
