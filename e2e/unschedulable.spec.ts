import { expect, test } from '@playwright/test';
import { CLUSTER, sandboxHasRun, signInAs } from './fixtures';

const WAIT = { timeout: 60_000 };

test('batch-analytics, which no node can ever fit, is a problem on the Overview and under Problems only, and its explainer says why', async ({ page }) => {
  // Two waits of up to a minute each on a loaded machine: the test's own 30 s would end the first.
  test.setTimeout(150_000);
  // Seed 7: the scheduler's first attempt at batch-analytics is within the first seconds.
  await sandboxHasRun(30);
  await signInAs(page, 'admin', `/c/${CLUSTER}?namespace=eks-work`);
  await expect(page.getByRole('table', { name: 'Problem pods' }).getByRole('row', { name: /^batch-analytics-[a-z0-9]+-[a-z0-9]{5} Pending / })).toHaveCount(1, WAIT);

  await page.goto(`/c/${CLUSTER}/pods?namespace=eks-work&problems=true&name=batch-analytics`);
  const row = page.getByRole('table', { name: 'Pods' }).getByRole('row', { name: /^batch-analytics-[a-z0-9]+-[a-z0-9]{5} / });
  await expect(row).toHaveCount(1, WAIT);
  await row.getByRole('link').first().click();

  const note = page.getByRole('region', { name: 'Why it is Pending' }).getByRole('note', { name: 'No node can fit this pod' });
  // sandbox/world/scenario.ts: batch-analytics requests cpu 3; every node is an m5.large, 2 cores less the 70m EKS reserves (sandbox/world/nodes.ts), so 1930m allocatable.
  await expect(note.getByRole('listitem')).toHaveText(/^3 CPU requested; the largest node allocates 1\.93 \(ip-[a-z0-9.-]+\)\.$/);
  const node = note.getByRole('link');
  const name = await node.innerText();
  await expect(node).toHaveAttribute('href', `/c/${CLUSTER}/nodes/${name}`);
  await expect(note).toContainText('Compared with the allocatable of the 4 nodes below');
});
