import { romanize } from 'es-hangul';

/** CloudWatch's rule for a dashboard name (PutDashboard's DashboardName): A-Z, a-z, 0-9, "-" and "_", at most 255 characters. */
export const CLOUDWATCH_NAME = /^[A-Za-z0-9_-]{1,255}$/;
export const CLOUDWATCH_NAME_MAX = 255;
export const CLOUDWATCH_NAME_RULE = 'a CloudWatch dashboard name is 1-255 letters, digits, "-" and "_"';

/** What is wrong with `name` as a CloudWatch dashboard name, in words; undefined when CloudWatch takes it. */
export function cloudWatchNameProblem(name: string): string | undefined {
  if (CLOUDWATCH_NAME.test(name)) return undefined;
  if (!name) return `${CLOUDWATCH_NAME_RULE}: it is empty`;
  const refused = [...new Set(name.match(/[^A-Za-z0-9_-]/gu) ?? [])];
  if (refused.length) return `${CLOUDWATCH_NAME_RULE}: ${refused.map((c) => JSON.stringify(c)).join(' ')} ${refused.length === 1 ? 'is' : 'are'} not allowed`;
  return `${CLOUDWATCH_NAME_RULE}: this one is ${name.length} characters long`;
}

/**
 * The CloudWatch name offered for a dashboard's title: Hangul romanised (Revised Romanization), accents
 * dropped, every other run of characters CloudWatch refuses made one "-"; `dashboard-<id>` when no letter
 * or digit remains. "백엔드 오류 (on-call)" is offered as baegendeu-oryu-on-call.
 */
export function defaultCloudWatchName(title: string, id: string): string {
  const name = romanize(title)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '-')
    .slice(0, CLOUDWATCH_NAME_MAX)
    .replace(/^-+|-+$/g, '');
  return /[A-Za-z0-9]/.test(name) ? name : `dashboard-${id}`.slice(0, CLOUDWATCH_NAME_MAX);
}
