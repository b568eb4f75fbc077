import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const CLUSTER = 'eks-work-cluster';

/** The sandbox users the test server printed, read from the users file it wrote for the operator. */
export function sandboxUsers(): { name: string; username: string; groups: string[]; token: string; description: string }[] {
  const file = path.join(process.env.WATCHDECK_E2E_DIR!, 'sandbox', 'users.json');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export async function signInAs(page: Page, name: 'admin' | 'oncall' | 'dev', next = '/'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name} — `) }).click();
  await expect(page.getByTestId('whoami-username')).toHaveText(name);
}

export function namespaceSelect(page: Page) {
  return page.getByRole('combobox', { name: 'Namespace' });
}

export async function optionTexts(page: Page): Promise<string[]> {
  return namespaceSelect(page).locator('option').allTextContents();
}
