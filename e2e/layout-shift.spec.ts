import { expect, test } from '@playwright/test';
import { consolePages, makeDashboard, openPage, USERS, waitForData } from './console-pages';
import { signInAs } from './fixtures';

// Each user loads every page once and reads its layout shift when its data is shown.
test.describe.configure({ mode: 'parallel', timeout: 480_000 });
test.use({ viewport: { width: 1440, height: 900 } });

/** web.dev's "good" cumulative layout shift. */
const GOOD_CLS = 0.1;

declare global {
  interface Window {
    layoutShift: { score: number; shifts: { value: number; at: number; sources: string[] }[] };
  }
}

/**
 * Cumulative layout shift as Chrome reports it: the largest session window of `layout-shift` entries not
 * caused by input (a window ends after a 1 s gap or 5 s in all). The shifted elements are kept, to say what moved.
 */
function observeLayoutShift() {
  window.layoutShift = { score: 0, shifts: [] };
  let windowStart = 0;
  let last = 0;
  let current = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node }[] })[]) {
      if (entry.hadRecentInput) continue;
      if (entry.startTime - last > 1000 || entry.startTime - windowStart > 5000) {
        windowStart = entry.startTime;
        current = 0;
      }
      last = entry.startTime;
      current += entry.value;
      window.layoutShift.score = Math.max(window.layoutShift.score, current);
      const describe = (node?: Node) =>
        node instanceof Element
          ? `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.getAttribute('aria-label') ? `[${node.getAttribute('aria-label')}]` : ''}.${[...node.classList].slice(0, 4).join('.')}`
          : String(node?.nodeName);
      window.layoutShift.shifts.push({ value: entry.value, at: Math.round(entry.startTime), sources: (entry.sources ?? []).map((s) => describe(s.node)) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

for (const user of USERS) {
  test(`${user}: no page shifts its layout by more than ${GOOD_CLS} while it loads`, async ({ page }) => {
    const dashboard = await makeDashboard(page);
    await signInAs(page, user);
    await waitForData(page);
    const targets = await consolePages(page, user, dashboard);
    await page.addInitScript(observeLayoutShift);
    const scores: Record<string, number> = {};
    const over: string[] = [];
    for (const target of targets) {
      await openPage(page, target);
      // The shifts of the frame that showed the data are reported after it is painted.
      const shift = await page.evaluate(() => new Promise<Window['layoutShift']>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.layoutShift)))));
      scores[target.name] = Math.round(shift.score * 1000) / 1000;
      if (shift.score >= GOOD_CLS) over.push(`${target.name} (${target.path}): ${shift.score.toFixed(3)} ${JSON.stringify(shift.shifts)}`);
    }
    test.info().annotations.push({ type: 'layout shift', description: JSON.stringify(scores) });
    console.log(`${user} layout shift`, JSON.stringify(scores));
    expect(over).toEqual([]);
  });
}
