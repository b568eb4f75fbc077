/**
 * A page's layout shift while it loads, read in the browser: every spec that walks the pages can measure it on the
 * same visit instead of loading each page again.
 */
import type { Page } from '@playwright/test';

/** web.dev's "good" cumulative layout shift. */
export const GOOD_CLS = 0.1;

declare global {
  interface Window {
    layoutShift: { score: number; shifts: { value: number; at: number; sources: string[] }[] };
  }
}

/**
 * Cumulative layout shift as Chrome reports it: the largest session window of `layout-shift` entries not
 * caused by input (a window ends after a 1 s gap or 5 s in all). The shifted elements are kept, to say what moved.
 */
export function observeLayoutShift() {
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

/** The layout shift of the page now shown, read after the frame that showed its data is painted. */
export async function layoutShift(page: Page): Promise<Window['layoutShift']> {
  return page.evaluate(() => new Promise<Window['layoutShift']>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.layoutShift)))));
}
