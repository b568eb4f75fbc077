import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const CLUSTER = 'eks-work-cluster';

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

export async function signInAs(page: Page, name: 'admin' | 'oncall' | 'dev', next = '/', timeout = 30_000): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name} — `) }).click();
  // The first page after signing in loads the cluster's header; on a loaded machine that takes longer than one expect.
  await expect(page.getByTestId('whoami-username')).toHaveText(name, { timeout });
}

export function namespaceSelect(page: Page) {
  return page.getByRole('combobox', { name: 'Namespace' });
}

export async function optionTexts(page: Page): Promise<string[]> {
  return namespaceSelect(page).locator('option').allTextContents();
}
