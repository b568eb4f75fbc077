import { expect, test, type Page } from '@playwright/test';
import en from '../messages/en.json' with { type: 'json' };
import ko from '../messages/ko.json' with { type: 'json' };
import { CLUSTER, createDashboard, logWidget, signInAs } from './fixtures';
import { expectNoMessageKeys } from './korean';

// A browser set up for Korean: Playwright sends Accept-Language: ko-KR and navigator.language is ko-KR.
test.use({ locale: 'ko-KR', viewport: { width: 1440, height: 900 } });

const nav = (page: Page) => page.getByRole('navigation', { name: ko.Nav.label });

test('a Korean browser gets the sign-in page in Korean, and signs in with it', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.SignIn.heading);
  await expect(page.getByLabel(ko.SignIn.token)).toHaveAttribute('type', 'password');
  await expect(page.getByRole('heading', { name: ko.SignIn.sandboxUsers })).toBeVisible();
  await expect(page.getByRole('combobox', { name: ko.Locale.label })).toHaveValue('ko');
  await expectNoMessageKeys(page.locator('body'));
  await page.screenshot({ path: '/tmp/watchdeck-ko-sign-in.png', fullPage: true });
  // "admin(으)로 로그인", the sandbox user's description after it.
  await page.getByRole('button', { name: /^admin\(으\)로 로그인 — / }).click();
  await expect(page.getByTestId('whoami-username')).toHaveText('admin', { timeout: 30_000 });
});

test('the navigation pages read in Korean, with no message key or placeholder showing', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');

  // The shell: every page of the navigation by its Korean name, the header's controls.
  await expect(nav(page).getByRole('link')).toContainText([
    ko.Nav.overview,
    ko.Nav.pods,
    ko.Nav.workloads,
    ko.Nav.nodes,
    ko.Nav.namespaces,
    ko.Nav.events,
    ko.Nav.autoscaling,
    ko.Nav.access,
    ko.Nav.secrets,
    ko.Nav.logs,
    ko.Nav.dashboards,
    ko.Nav.alarms,
    ko.Nav.audit,
  ]);
  await expect(page.getByRole('combobox', { name: ko.NamespacePicker.namespace })).toHaveValue('eks-work');
  await expect(page.getByRole('button', { name: ko.Shell.signOut })).toBeVisible();
  await expect(page.getByRole('button', { name: ko.Palette.goTo })).toBeVisible();

  // Overview.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Overview.title);
  await expect(page.getByRole('region', { name: ko.Overview.podsByStatus }).getByRole('list', { name: ko.Overview.podsByStatus })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: ko.Overview.problemPods })).toBeVisible();
  await expect(page.getByRole('region', { name: ko.Overview.warningEvents })).toBeVisible();
  await expect(page.getByText(/^\d+초 전 갱신$/)).toBeVisible();
  await expectNoMessageKeys(page.locator('body'));
  await page.screenshot({ path: '/tmp/watchdeck-ko-overview.png', fullPage: true });

  // Pods: the list, its filters and columns.
  await nav(page).getByRole('link', { name: ko.Nav.pods }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Pods.title);
  await expect(page.getByRole('status', { name: 'Watch 실시간' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('pod-count')).toHaveText(/^파드 \d+개/);
  await expect(page.getByLabel(ko.Common.labelSelector)).toBeVisible();
  await expect(page.getByText(ko.Pods.problemsOnly)).toBeVisible();
  const table = page.getByRole('table', { name: ko.Pods.table });
  await expect(table.getByRole('columnheader', { name: ko.PodColumns.restarts })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: ko.PodColumns.name })).toBeVisible();
  await expectNoMessageKeys(page.locator('body'));
  await page.screenshot({ path: '/tmp/watchdeck-ko-pods.png', fullPage: true });

  // A pod's page: its tabs and panels.
  await table
    .getByRole('link', { name: /^backend-app-canary-/ })
    .first()
    .click();
  await expect(page.getByRole('tab', { name: '개요' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: '로그' })).toBeVisible();
  await expect(page.getByText(ko.Pod.summary, { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(ko.Pod.serviceAccount, { exact: true })).toBeVisible();
  await expectNoMessageKeys(page.locator('body'));
  await page.screenshot({ path: '/tmp/watchdeck-ko-pod.png', fullPage: true });

  // The command palette.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: ko.Palette.label });
  await expect(palette.getByPlaceholder(ko.Palette.placeholder)).toBeVisible();
  await page.keyboard.type('파드');
  await expect(palette.getByRole('option', { name: new RegExp(`^${ko.Nav.pods}\\s*${ko.Palette.page}$`) })).toBeVisible();
  await page.screenshot({ path: '/tmp/watchdeck-ko-palette.png' });
  await page.keyboard.press('Escape');
});

test("dev's refused namespace explains the missing permission in Korean and keeps the API server's message verbatim", async ({ page }) => {
  await signInAs(page, 'dev', `/c/${CLUSTER}?namespace=eks-work`);
  const pods = page.getByRole('region', { name: ko.Overview.podsByStatus });
  // The API server's own words stay as it wrote them: they are the evidence.
  await expect(pods.getByTestId('error-message')).toHaveText('pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"');
  await expect(pods.getByRole('status').filter({ hasText: 'eks-work의 pods list 권한이 없습니다' })).toBeVisible();
  await expect(pods.getByText(ko.Forbidden.roleLacks)).toBeVisible();
  await expect(pods.getByRole('definition').first()).toHaveText('list');
  await expect(pods.getByText(ko.Forbidden.howToGetAccess)).toBeVisible();
  await expectNoMessageKeys(page.locator('body'));
  await page.screenshot({ path: '/tmp/watchdeck-ko-forbidden.png', fullPage: true });
});

test('switching to English in the header is remembered across a reload and a new page', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Overview.title);
  await page.getByRole('combobox', { name: ko.Locale.label }).selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.Overview.title);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.Overview.title);
  await expect(page.getByRole('combobox', { name: en.Locale.label })).toHaveValue('en');
  await page.goto(`/c/${CLUSTER}/pods?namespace=eks-work`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.Pods.title);
  await expect(page.getByRole('navigation', { name: en.Nav.label }).getByRole('link', { name: en.Nav.pods })).toBeVisible();
  // And back: Korean again, as chosen rather than as the browser asked.
  await page.getByRole('combobox', { name: en.Locale.label }).selectOption('ko');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko.Pods.title);
});

/** A message with its placeholders filled, as next-intl renders a plain one. */
const said = (message: string, values: Record<string, string>) => message.replace(/\{(\w+)\}/g, (_, name: string) => values[name]);

test("selector problems, a related pod's use of a ConfigMap and the HPA page's ranges read in Korean", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?namespace=eks-work`);
  // Explained in Korean, with the parser's own words (apimachinery labels.Parse) quoted as kubectl prints them.
  await page.getByLabel(ko.Common.labelSelector).fill('x in (a,,)');
  await expect(page.getByTestId('selector-hint')).toHaveText(said(ko.Common.selectorProblem.labelSyntax, { detail: "unable to parse requirement: found ')', expected: ',', or identifier" }));
  await page.getByLabel(ko.Common.labelSelector).fill('-app=x');
  await expect(page.getByTestId('selector-hint')).toContainText(said(ko.Common.selectorProblem.labelInvalid, { detail: 'unable to parse requirement: <nil>: Invalid value: "-app"' }));

  // The sandbox's backend-app pods read backend-app-config through env in their container backend-app.
  await page.goto(`/c/${CLUSTER}/r/core/v1/configmaps/eks-work/backend-app-config?namespace=eks-work`);
  // Resources.tab's other branch: the Related tab.
  await page.getByRole('tab', { name: '관련 오브젝트' }).click();
  const users = page.getByRole('region', { name: ko.Resources.podsUsingIt });
  await expect(users.getByRole('listitem').first()).toContainText(`(${said(ko.Resources.usedInEnvOf, { name: 'backend-app' })})`, { timeout: 30_000 });
  await expectNoMessageKeys(page.locator('body'));

  await page.goto(`/c/${CLUSTER}/autoscaling/eks-work/backend-app?namespace=eks-work`);
  // Durations as Korean abbreviates them (Intl.NumberFormat ko, unitDisplay narrow), the pickers in the page's language.
  const ranges = page.getByRole('group', { name: ko.Hpa.timeRange });
  await expect(ranges.getByRole('button')).toHaveText(['1시간', '6시간', '24시간', '7일', ko.Hpa.custom], { timeout: 30_000 });
  await expect(ranges.getByLabel(ko.Hpa.fromUtc)).toHaveAttribute('lang', 'ko');
});

test('at 390 px a Korean column header keeps its word whole and a widget header keeps its progress inside the widget', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, 'admin', `/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?namespace=eks-work`);
  // The lines a header's text takes: one for 횟수, however narrow its column.
  const header = page.getByRole('columnheader', { name: ko.Events.count, exact: true }).first();
  await expect(header).toBeVisible({ timeout: 30_000 });
  const lines = await header.evaluate((th) => {
    const range = document.createRange();
    range.selectNodeContents(th);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
  });
  expect(lines).toBe(1);

  await page.goto(
    await createDashboard(page.request, {
      title: '좁은 화면',
      shared: false,
      seconds: 3600,
      widgets: [logWidget({ id: 'errors', y: 0, title: '백엔드 애플리케이션 오류 로그', query: 'fields @timestamp, log\n| sort @timestamp desc\n| limit 20' })],
    }),
  );
  const widget = page.getByTestId('dashboard-widget').first();
  const progress = widget.getByTestId('widget-progress');
  await expect(progress).toBeVisible({ timeout: 30_000 });
  const [box, inner] = [await widget.boundingBox(), await progress.boundingBox()];
  expect(inner!.x + inner!.width).toBeLessThanOrEqual(box!.x + box!.width);
  await page.screenshot({ path: '/tmp/watchdeck-ko-dashboard-390.png' });
});

test('a Logs Insights query that does not compile is explained in Korean, underlined where it is wrong and located', async ({ page }) => {
  await signInAs(page, 'oncall', `/c/${CLUSTER}/logs`);
  const editor = page.getByTestId('query-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('fields @message\n| limit 0');
  // LogsInsightsCompile.limitRange in ko.json, with MAX_LIMIT (lib/logs-insights/parser.ts) as a Korean number.
  const said = 'limit는 1에서 100,000 사이여야 하는데 0입니다';
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await page.locator('.cm-lintRange-error').hover();
  await expect(page.locator('.cm-tooltip-lint .cm-diagnostic')).toHaveText(said);
  await page.getByRole('button', { name: ko.LogsInsights.runQuery }).click();
  // "| limit 0": the 0 is the ninth character of the second line.
  await expect(page.getByTestId('compile-location')).toHaveText('2번째 줄, 9번째 열');
  await expect(page.getByTestId('error-message')).toHaveText(said);
});
