import type { createTranslator } from 'next-intl';
import type { CloudWatchNameProblem } from '@/lib/dashboards/cloudwatch-name';
import type en from '@/messages/en.json';

type DashboardsT = ReturnType<typeof createTranslator<typeof en, 'Dashboards'>>;

/** What CloudWatch would refuse in a typed dashboard name, in the page's language; the refused characters quoted as typed. */
export function nameProblemText(problem: CloudWatchNameProblem, t: DashboardsT): string {
  const rule = t('nameRule');
  if (problem.kind === 'empty') return t('nameEmpty', { rule });
  if (problem.kind === 'tooLong') return t('nameTooLong', { rule, length: problem.length });
  return t('nameRefused', { rule, count: problem.refused.length, characters: problem.refused.map((c) => JSON.stringify(c)).join(' ') });
}
