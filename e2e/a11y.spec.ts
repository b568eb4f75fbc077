import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { consolePages, makeDashboard, openPage, USERS, waitForData } from './console-pages';
import { signInAs } from './fixtures';
import { GOOD_CLS, layoutShift, observeLayoutShift } from './layout-shift';

// Each user visits every page on one page object: a test walks some twenty-five pages, each loaded once, its layout
// shift read when its data shows, then checked by axe twice (on a loaded two-core machine about half a minute a page).
test.describe.configure({ mode: 'parallel', timeout: 1_200_000 });
test.use({ viewport: { width: 1440, height: 900 } });

/** The WCAG 2.0 and 2.1 level A and AA rules (axe-core's tags). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * WCAG 2.5.3 (Label in Name, level A): a control's accessible name contains its visible text, so a voice-control
 * user can say what they see. axe-core marks its rule experimental, which a run by tags leaves out unless it is named.
 */
const LABEL_IN_NAME = { 'label-content-name-mismatch': { enabled: true } };

/** The rules whose outcome depends on colour, the only thing the dark scheme changes (axe-core's rule list). */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * axe-core as @axe-core/playwright runs it (its own pinned copy), put into every page by an init script (which the
 * pages' Content-Security-Policy does not govern): AxeBuilder
 * injects the half-megabyte script again before each check, which took more time than the checks themselves.
 */
const AXE_SOURCE = fs.readFileSync(createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact?: string | null;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The serious and critical violations on the page, one line each: page, rule, target, and what axe says is wrong. */
async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  // The same page in each scheme: the theme follows prefers-color-scheme, so no reload is needed between them. The
  // scheme changes colours only, so the dark pass runs the colour rules; the light pass runs every WCAG A and AA rule,
  // Label in Name included.
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await page
      .evaluate(
        (options) =>
          (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, { ...options, resultTypes: ['violations'] }),
        colorScheme === 'light' ? { runOnly: { type: 'tag', values: WCAG_AA }, rules: LABEL_IN_NAME } : { runOnly: { type: 'rule', values: COLOUR_RULES } },
      )
      .then((results) => results.violations);
    for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
      found.push(...v.nodes.map((n) => `${name}, ${colorScheme}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return found;
}

test('the sign-in page has no serious or critical axe violations, light or dark', async ({ page }) => {
  await page.addInitScript(AXE_SOURCE);
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to the cluster' })).toBeVisible();
  expect(await seriousViolations(page, 'sign-in')).toEqual([]);
});

for (const user of USERS) {
  test(`${user} sees every page, light and dark, without a serious or critical axe violation or a layout shift over ${GOOD_CLS}`, async ({ page }) => {
    const dashboard = await makeDashboard(page);
    await signInAs(page, user);
    await waitForData(page);
    const targets = await consolePages(page, user, dashboard);
    await page.addInitScript(observeLayoutShift);
    await page.addInitScript(AXE_SOURCE);
    const scores: Record<string, number> = {};
    const shifted: string[] = [];
    for (const target of targets) {
      await openPage(page, target);
      // Read before axe runs: its checks do not move the layout, but the score belongs to the load.
      const shift = await layoutShift(page);
      scores[target.name] = Math.round(shift.score * 1000) / 1000;
      if (shift.score >= GOOD_CLS) shifted.push(`${target.name} (${target.path}): ${shift.score.toFixed(3)} ${JSON.stringify(shift.shifts)}`);
      // Soft: every page is checked and reported, not only the first with a violation.
      expect.soft(await seriousViolations(page, `${target.name} (${target.path})`)).toEqual([]);
    }
    test.info().annotations.push({ type: 'layout shift', description: JSON.stringify(scores) });
    console.log(`${user} layout shift`, JSON.stringify(scores));
    expect(shifted).toEqual([]);
  });
}
