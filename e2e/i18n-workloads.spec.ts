import { expect, test, type Page } from '@playwright/test';
import ko from '../messages/ko.json' with { type: 'json' };
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';
import { expectNoMessageKeys } from './korean';

// A browser set up for Korean: Playwright sends Accept-Language: ko-KR.
test.use({ locale: 'ko-KR' });

/**
 * Words of these pages' own English that the Korean pages must not show. Kubernetes' own words stay in
 * English on purpose (kinds, Ready, Age, Conditions, Reason, Type, Running, Dry run, MinPods), and so do
 * the API server's and the scheduler's messages ("0/4 nodes are available"), so none of those is listed.
 */
const ENGLISH = [
  'Loading',
  'Summary',
  'Labels',
  'Annotations',
  'Revision history',
  'Up-to-date',
  'Images',
  'No pods',
  'Last scale',
  'Over time',
  'What if',
  'Target utilization',
  'Instance type',
  'Taints',
  'Pods on this node',
  'Last seen',
  'Object kind',
  'All namespaces',
  'Resource quotas',
  'What you may do',
  'Field selector',
  'Name contains',
  'Metadata',
  'Owners',
  'Cancel',
  'Edit YAML',
  'Free room',
  'No node could ever fit',
  'The pod requests',
  'requested',
  'allocatable',
];
const ENGLISH_WORDS = new RegExp(`\\b(${ENGLISH.join('|')})\\b`);

/** The page's visible text holds no message key, no raw placeholder and none of the English above. */
async function expectKoreanOnly(page: Page): Promise<void> {
  const text = await expectNoMessageKeys(page.locator('main'));
  expect(text.match(ENGLISH_WORDS)?.[0]).toBeUndefined();
}

/** Nothing reaches past the right edge, so the page never scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const ns = 'namespace=eks-work';
const SLOW = { timeout: 30_000 };

/** Each page of this area, in Korean, with what must show on it; `path` is under /c/{cluster}. */
const PAGES: { name: string; path: string; check: (page: Page) => Promise<void> }[] = [
  {
    name: 'workloads',
    path: `/workloads?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText(ko.Workloads.title);
      const deployments = page.getByRole('table', { name: 'Deployments' });
      await expect(deployments.getByRole('columnheader', { name: ko.Workloads.upToDate })).toBeVisible(SLOW);
      await expect(page.getByRole('table', { name: 'PodDisruptionBudgets' }).getByRole('columnheader', { name: ko.Workloads.allowedDisruptions })).toBeVisible();
    },
  },
  {
    name: 'deployment',
    path: `/workloads/eks-work/deployments/backend-app?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText('Deployment/backend-app', SLOW);
      await expect(page.getByRole('region', { name: ko.Workloads.summary })).toBeVisible();
      await expect(page.getByRole('region', { name: ko.Workloads.revisionHistory })).toBeVisible();
      // scenario.ts: the backend-app HPA scales this Deployment.
      await expect(page.getByRole('table', { name: ko.Workloads.hpasScalingIt }).getByRole('link', { name: 'backend-app' })).toBeVisible(SLOW);
      await expect(page.getByRole('tab', { name: '개요' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('toolbar', { name: ko.Actions.toolbar }).getByRole('button', { name: ko.Actions.restart, exact: true })).toBeVisible();
    },
  },
  {
    name: 'autoscaling',
    path: `/autoscaling?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText(ko.Hpa.title);
      const table = page.getByRole('table', { name: 'HorizontalPodAutoscalers' });
      await expect(table.getByRole('columnheader', { name: ko.Hpa.lastScale })).toBeVisible(SLOW);
      // Once the controller's first sync (every 15 s) sets AbleToScale, its chip reads in Korean.
      await expect(table.getByRole('row').filter({ hasText: 'Deployment/backend-app' })).toContainText(/스케일 가능|스케일 불가/, SLOW);
    },
  },
  {
    name: 'hpa',
    path: `/autoscaling/eks-work/backend-app?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText('HorizontalPodAutoscaler/backend-app');
      await expect(page.getByRole('region', { name: ko.Hpa.whyTitle })).toBeVisible(SLOW);
      await expect(page.getByTestId('hpa-metric-step').first()).toContainText(/비율 \d/, SLOW);
      // The outcome sentence (lib/k8s/hpa/outcome.ts) in Korean: the count it wants, or that it cannot compute one.
      await expect(page.getByTestId('hpa-outcome')).toHaveText(/^레플리카 (\d+개를 원|수를 계산할 수 없음)/);
      await expect(page.getByRole('form', { name: ko.Hpa.whatIf }).getByLabel(ko.Hpa.minReplicas)).toBeVisible();
      await expect(page.getByRole('region', { name: ko.Hpa.overTime })).toBeVisible();
    },
  },
  {
    name: 'nodes',
    path: '/nodes',
    check: async (page) => {
      await expect(heading(page)).toHaveText(ko.Nodes.title);
      await expect(page.getByRole('table', { name: ko.Nodes.title }).getByRole('columnheader', { name: ko.Nodes.instanceType })).toBeVisible(SLOW);
      // The ready count, worded as Korean counts nodes.
      await expect(page.getByText(/^\d+개 중 \d+개 Ready$/)).toBeVisible();
    },
  },
  {
    name: 'events',
    path: `/events?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText(ko.EventsPage.title);
      await expect(page.getByRole('table', { name: ko.EventsPage.title }).getByRole('columnheader', { name: ko.EventsPage.lastSeen })).toBeVisible(SLOW);
      await expect(page.getByTestId('row-count')).toHaveText(/^이벤트 \d+개$/);
      await expect(page.getByLabel(ko.EventsPage.objectKind)).toBeVisible();
    },
  },
  {
    name: 'namespaces',
    path: `/namespaces?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText(ko.Namespaces.title);
      const card = page.getByRole('region', { name: 'eks-work' });
      await expect(card.getByRole('heading', { name: ko.Namespaces.whatYouMayDo })).toBeVisible(SLOW);
      await expect(card.getByRole('navigation', { name: 'eks-work의 페이지' }).getByRole('link', { name: ko.Nav.workloads })).toBeVisible();
    },
  },
  {
    name: 'configmaps',
    path: `/r/core/v1/configmaps?${ns}`,
    check: async (page) => {
      await expect(heading(page)).toHaveText('ConfigMap');
      await expect(page.getByLabel(ko.Resources.fieldSelector)).toBeVisible();
      await expect(page.getByTestId('row-count')).toHaveText(/^오브젝트 \d+개$/, SLOW);
    },
  },
];

test('the workload, autoscaling, node, event, namespace and resource pages read in Korean at 1440 px', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, 'admin', `/c/${CLUSTER}?${ns}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  for (const { name, path, check } of PAGES) {
    await test.step(name, async () => {
      await page.goto(`/c/${CLUSTER}${path}`);
      await check(page);
      await expect(page.getByRole('status', { name: /불러오는 중/ })).toHaveCount(0, SLOW);
      await expectKoreanOnly(page);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/tmp/ko-workloads-shots/ko-1440-${name}.png`, fullPage: true });
    });
  }
});

test('the same pages fit a 390 px phone in Korean', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, 'admin', `/c/${CLUSTER}?${ns}`);
  for (const { name, path, check } of PAGES) {
    await test.step(name, async () => {
      await page.goto(`/c/${CLUSTER}${path}`);
      await check(page);
      await expect(page.getByRole('status', { name: /불러오는 중/ })).toHaveCount(0, SLOW);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: `/tmp/ko-workloads-shots/ko-390-${name}.png`, fullPage: true });
    });
  }
});

test("a node's page and its drain dialog, and a workload's scale dialog, speak Korean", async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/nodes`);
  const first = page.getByRole('table', { name: ko.Nodes.title }).getByRole('link').first();
  const node = await first.innerText();
  await first.click();
  await expect(page.getByRole('region', { name: ko.Nodes.podsOnNode })).toBeVisible(SLOW);
  await expect(page.getByRole('region', { name: ko.Nodes.summary })).toContainText(ko.Nodes.allocatable);
  await expectKoreanOnly(page);
  await page.getByRole('button', { name: ko.Nodes.drain, exact: true }).click();
  const drain = page.getByRole('dialog', { name: `${node} 드레인` });
  await expect(drain).toContainText(ko.Nodes.drainIntro);
  await expect(drain.getByLabel(ko.Nodes.timeoutSeconds)).toHaveValue('300');
  await page.screenshot({ path: '/tmp/ko-workloads-shots/ko-drain.png' });
  await drain.getByRole('button', { name: ko.Nodes.close }).click();
  await expect(drain).toBeHidden();

  await page.goto(`/c/${CLUSTER}/workloads/eks-work/deployments/backend-app?${ns}`);
  await page.getByRole('toolbar', { name: ko.Actions.toolbar }).getByRole('button', { name: ko.Actions.scale, exact: true }).click();
  const scale = page.getByRole('dialog', { name: 'Deployment backend-app 스케일' });
  // scenario.ts: the backend-app HPA keeps 2 to 10 replicas.
  await expect(scale.getByTestId('hpa-warning')).toHaveText('HorizontalPodAutoscaler backend-app이(가) 레플리카 수(2–10)를 관리하므로 다음 동기화 때 되돌립니다.', SLOW);
  await expect(scale.getByLabel(/^레플리카 \(현재 \d+\)$/)).toBeVisible();
  await page.screenshot({ path: '/tmp/ko-workloads-shots/ko-scale.png' });
  await scale.getByRole('button', { name: ko.Actions.cancel }).click();
  await expect(scale).toBeHidden();
});

test('the Pending explainer says in Korean that no node can ever fit batch-analytics, with the numbers as the scheduler compares them', async ({ page }) => {
  // Its waits are SLOW ones on a loaded machine: the test's own 30 s would end the first.
  test.setTimeout(120_000);
  // Seed 7: the scheduler's first attempt at batch-analytics is within the first seconds.
  await sandboxHasRun(30);
  await signInAs(page, 'admin', `/c/${CLUSTER}/pods?${ns}&problems=true&name=batch-analytics`);
  await page
    .getByRole('table', { name: ko.Pods.table })
    .getByRole('link', { name: /^batch-analytics-/ })
    .first()
    .click();
  const explainer = page.getByRole('region', { name: ko.Pod.whyPending });
  const note = explainer.getByRole('note', { name: ko.Pending.noNodeCanFit });
  // scenario.ts: batch-analytics requests cpu 3; each m5.large allocates 1930m (sandbox/world/nodes.ts).
  await expect(note.getByRole('listitem')).toHaveText(/^CPU 3개 요청, 가장 큰 노드의 할당 가능량은 1\.93개 \(ip-[a-z0-9.-]+\)\.$/, SLOW);
  await expect(note).toContainText('아래 노드 4개의 할당 가능량과 비교한 결과입니다.');
  await expect(explainer.getByRole('table', { name: ko.Pending.freeRoom }).getByRole('columnheader', { name: ko.Pending.fitsRequests })).toBeVisible();
  await expect(explainer).toContainText(/노드 0\/4개 사용 가능/);
  await expectKoreanOnly(page);
  await page.screenshot({ path: '/tmp/ko-workloads-shots/ko-pending.png', fullPage: true });
});

test('the YAML editor and a generic object page speak Korean', async ({ page }) => {
  await signInAs(page, 'admin', `/c/${CLUSTER}/r/core/v1/configmaps?${ns}`);
  await page.getByRole('table', { name: 'ConfigMap' }).getByRole('link').first().click();
  await expect(page.getByRole('tab', { name: '요약' })).toHaveAttribute('aria-selected', 'true', SLOW);
  await expect(page.getByRole('region', { name: ko.Resources.metadata })).toBeVisible();
  await page.getByRole('tab', { name: '관련 오브젝트' }).click();
  await expect(page.getByRole('region', { name: ko.Resources.owners })).toBeVisible();
  await expectKoreanOnly(page);
  await page.getByRole('button', { name: ko.Editor.editYaml }).click();
  const editor = page.getByRole('dialog', { name: /을\(를\) YAML로 편집$/ });
  await expect(editor.getByRole('button', { name: ko.Editor.dryRun })).toBeVisible();
  await editor.getByRole('button', { name: ko.Editor.dryRun }).click();
  await expect(editor.getByRole('heading', { name: 'Dry run: 현재 오브젝트 대비 변경 사항' })).toBeVisible(SLOW);
  await expect(editor).toContainText(ko.Editor.noChange);
  await page.screenshot({ path: '/tmp/ko-workloads-shots/ko-editor.png' });
  await editor.getByRole('button', { name: ko.Editor.cancel }).click();
  await expect(editor).toBeHidden();
});
