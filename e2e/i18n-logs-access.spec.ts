import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import en from '../messages/en.json' with { type: 'json' };
import ko from '../messages/ko.json' with { type: 'json' };
import { firstHref } from './console-pages';
import { CLUSTER, createDashboard, logWidget, signInAs } from './fixtures';
import { expectNoMessageKeys } from './korean';

// A browser set up for Korean: Playwright sends Accept-Language: ko-KR and navigator.language is ko-KR.
test.use({ locale: 'ko-KR', viewport: { width: 1440, height: 900 } });
// Each test opens a dozen pages, runs a Logs Insights query and draws every page at two widths.
test.describe.configure({ timeout: 240_000 });

const SHOTS = '/tmp/ko-logs-shots';
const NAMESPACE = { admin: 'eks-work', dev: 'rbac-test-ns' } as const;
type User = keyof typeof NAMESPACE;

/** The areas whose pages this file reads in Korean. */
const AREAS = ['Access', 'Grant', 'Alarms', 'Audit', 'Dashboards', 'Logs', 'LogsInsights', 'Secrets', 'Errors'] as const;

/**
 * The English these areas say where Korean has its own words: every message of two words or more that has no
 * parameter and reads differently in Korean ("Show matrix", "No history in the last two weeks.").
 */
const ENGLISH: string[] = AREAS.flatMap((area) => {
  const english = en[area] as Record<string, string>;
  const korean = ko[area] as Record<string, string>;
  return Object.entries(english)
    .filter(([key, text]) => text !== korean[key] && !/[{<]/.test(text) && /\w+ \w+/.test(text))
    .map(([, text]) => text);
});

/** The API server's refusals, shown verbatim as the evidence: their English is not the console's. */
const API_REFUSAL = /\S+ is forbidden: User "[^"]*" cannot [^\n]*/g;

async function expectKorean(page: Page, where: string): Promise<void> {
  let text = (await page.locator('body').innerText()).replace(API_REFUSAL, '');
  // The API server's and AWS's messages, shown verbatim where an error is.
  for (const message of await page.getByTestId('error-message').allInnerTexts()) text = text.replaceAll(message, '');
  expect(text, `${where}: Hangul on the page`).toMatch(/[가-힣]/);
  await expectNoMessageKeys(page.locator('body'), where);
  expect(
    ENGLISH.filter((english) => text.includes(english)),
    `${where}: English left among the Korean`,
  ).toEqual([]);
}

/** Every skeleton has finished: a skeleton is a `status` around a pulsing block (components/ui/skeleton.tsx). */
async function loaded(page: Page): Promise<void> {
  await expect(page.locator('main h1').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main [role="status"]:has(> .animate-pulse)')).toHaveCount(0, { timeout: 30_000 });
}

/** The page drawn at 1440 px and at 390 px, where it must not scroll sideways; both kept for a person to look at. */
async function screenshots(page: Page, user: User, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${user}-${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await loaded(page);
  const overflow = await page.evaluate(() => {
    const past = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && el.children.length === 0);
    const el = past[0];
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, culprit: el ? `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"` : '' };
  });
  expect(overflow.scrollWidth, `${name} at 390 px scrolls sideways past ${overflow.culprit}`).toBeLessThanOrEqual(overflow.innerWidth);
  await page.screenshot({ path: `${SHOTS}/${user}-${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A shared dashboard with a Korean title, a log widget and a text widget, made through the API as admin. */
async function makeDashboard(page: Page): Promise<string> {
  return createDashboard(page.request, {
    title: '백엔드 오류 (on-call)',
    shared: true,
    seconds: 3600,
    widgets: [
      { id: 'notes', type: 'text', x: 0, y: 0, width: 24, height: 3, markdown: '오류가 계속 높으면 백엔드를 재시작합니다.' },
      logWidget({ id: 'errors', y: 3, title: '', query: 'fields @timestamp, kubernetes.pod_name, log\n| sort @timestamp desc\n| limit 20' }),
    ],
  });
}

for (const user of ['admin', 'dev'] as const) {
  test(`${user} reads Access, Alarms, Audit, Dashboards, Logs and Secrets in Korean, at 1440 and 390 px`, async ({ page }) => {
    const ns = NAMESPACE[user];
    const c = `/c/${CLUSTER}`;
    const q = `?namespace=${ns}`;
    await signInAs(page, user, `${c}/access${q}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

    // Access: what may I do, who can, roles, a role.
    await loaded(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Access.title);
    await expect(page.getByRole('tab', { name: '내 권한' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('table', { name: ko.Access.matrix })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(ko.Access.asAnotherSummary)).toBeVisible();
    await expectKorean(page, 'Access');
    await screenshots(page, user, 'access');
    await page.getByRole('tab', { name: '누가 할 수 있나' }).click();
    await page.getByRole('button', { name: ko.Access.whoCanButton }).click();
    // The caller's own answer, in Korean around the user's name.
    await expect(page.getByRole('status', { name: ko.Access.yourAnswer })).toContainText(`나(${user})는 할 수 있습니다.`, { timeout: 30_000 });
    await loaded(page);
    await expectKorean(page, 'Access: who can');
    await screenshots(page, user, 'access-who-can');
    await page.goto(`${c}/access/roles/clusterroles/view${q}`);
    await loaded(page);
    await expectKorean(page, 'a role');
    await screenshots(page, user, 'role');

    // Alarms: the on-call page, and an alarm's page.
    await page.goto(`${c}/alarms${q}`);
    await loaded(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Alarms.title);
    await expect(page.getByRole('region', { name: ko.Alarms.alarms })).toBeVisible();
    await expect(page.getByRole('region', { name: ko.Alarms.signals })).toBeVisible();
    if (user === 'dev') {
      // dev's hidden alarms say which permission would show them, in Korean around the verbs.
      await expect(page.getByRole('list', { name: ko.Alarms.hiddenAlarms }).first()).toContainText('표시되지 않음: ');
    } else {
      const firing = page.locator('[data-testid="alarm-row"][data-alarm="backend-app-error-count"]');
      await expect(firing).toContainText('Sum ≥ 1 (1분 기간 10개 중 1개)');
      await expect(firing).toContainText(/\d+(초|분|시간|일)[^째]*째/);
    }
    await expectKorean(page, 'Alarms');
    await screenshots(page, user, 'alarms');
    const alarm = await page.locator('[data-testid="alarm-row"] a[href*="/alarms/"]').first().getAttribute('href');
    if (alarm) {
      await page.goto(alarm);
      await loaded(page);
      await expect(page.getByRole('region', { name: ko.Alarms.history })).toBeVisible({ timeout: 30_000 });
      await expectKorean(page, 'an alarm');
      await screenshots(page, user, 'alarm');
    }
    // An alarm that does not exist: the console's own explanation in Korean, CloudWatch's words as they came.
    await page.goto(`${c}/alarms/no-such-alarm${q}`);
    await expect(page.locator('main [role="alert"]')).toContainText(ko.Errors.notFound, { timeout: 30_000 });
    await expectKorean(page, 'a missing alarm');

    // Audit.
    await page.goto(`${c}/audit${q}`);
    await loaded(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Audit.title);
    await expect(page.getByTestId('audit-scope')).toHaveText(
      user === 'admin' ? ko.Audit.scopeCluster : `내가 한 작업(${user})만 표시합니다. 클러스터 전체 조회 권한이 있으면 모든 사용자의 작업이 보입니다.`,
    );
    await expectKorean(page, 'Audit');
    await screenshots(page, user, 'audit');

    // Secrets: admin sees keys and sizes; dev may not list them, and the grant warns that listing reveals every value.
    await page.goto(`${c}/secrets${q}`);
    await loaded(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Secrets.title);
    if (user === 'admin') {
      await expect(page.getByText(/^\d+바이트$/).first()).toBeVisible();
    } else {
      await expect(page.getByTestId('error-message').first()).toHaveText('secrets is forbidden: User "dev" cannot list resource "secrets" in API group "" in the namespace "rbac-test-ns"');
      await expect(page.getByRole('list', { name: ko.Forbidden.aboutGrant })).toContainText(
        'secrets를 list하거나 watch하면 이름뿐 아니라 rbac-test-ns 네임스페이스에 있는 모든 시크릿의 값이 반환됩니다.',
        {
          timeout: 30_000,
        },
      );
    }
    await expectKorean(page, 'Secrets');
    await screenshots(page, user, 'secrets');

    // A pod's logs.
    const pod = await firstHref(page, `${c}/pods${q}`, 'table[aria-label="파드"] tbody a[href*="/pods/"]');
    await page.goto(`${pod}${pod.includes('?') ? '&' : '?'}tab=Logs`);
    await expect(page.getByRole('tab', { name: '로그' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel(ko.Logs.tailLines)).toBeVisible();
    await expect(page.getByRole('log', { name: ko.Logs.logLines })).toBeVisible({ timeout: 30_000 });
    await loaded(page);
    await expectKorean(page, "a pod's logs");
    await screenshots(page, user, 'pod-logs');

    // Logs Insights: run a query and read its progress in Korean.
    await page.goto(`${c}/logs${q}`);
    await expect(page.locator('.cm-editor')).toBeVisible({ timeout: 30_000 });
    await loaded(page);
    if (user === 'dev') await expect(page.getByTestId('logs-restriction')).toContainText('내 쿼리는');
    await page.getByRole('button', { name: ko.LogsInsights.runQuery }).click();
    await expect(page.getByTestId('query-status')).toHaveText('Complete', { timeout: 60_000 });
    await expect(page.getByTestId('row-count')).toHaveText(/^[\d,]+행$/);
    await expect(page.getByRole('table', { name: ko.LogsInsights.results })).toBeVisible();
    await expectKorean(page, 'Logs Insights');
    await screenshots(page, user, 'logs-insights');

    // Dashboards: the list and a shared dashboard with a log widget, and its CloudWatch panel.
    const dashboard = await makeDashboard(page);
    await page.goto(`${c}/dashboards${q}`);
    await loaded(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Dashboards.title);
    await expect(page.getByRole('tab', { name: '내 대시보드' })).toBeVisible();
    await expectKorean(page, 'Dashboards');
    await screenshots(page, user, 'dashboards');
    await page.goto(dashboard);
    await loaded(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('백엔드 오류 (on-call)');
    const widget = page.getByRole('region', { name: 'Logs Insights', exact: true });
    await expect(widget.getByTestId('widget-progress')).toHaveText(/^\d+행( · [\d,]+개 스캔)?$/, { timeout: 60_000 });
    await page.getByRole('button', { name: 'CloudWatch', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'CloudWatch' });
    await expect(panel.getByRole('button', { name: ko.Dashboards.exportBody })).toBeVisible();
    await expectKorean(page, 'a dashboard');
    await screenshots(page, user, 'dashboard');
  });
}
