import { romanize } from 'es-hangul';

/** CloudWatch's rule for a dashboard name (PutDashboard's DashboardName): A-Z, a-z, 0-9, "-" and "_", at most 255 characters. */
export const CLOUDWATCH_NAME = /^[A-Za-z0-9_-]{1,255}$/;
export const CLOUDWATCH_NAME_MAX = 255;
export const CLOUDWATCH_NAME_RULE = 'a CloudWatch dashboard name is 1-255 letters, digits, "-" and "_"';

/** What is wrong with a name CloudWatch refuses: it is empty, has characters it refuses (each once), or is too long. */
export type CloudWatchNameProblem = { kind: 'empty' } | { kind: 'characters'; refused: string[] } | { kind: 'tooLong'; length: number };

/** What is wrong with `name` as a CloudWatch dashboard name; undefined when CloudWatch takes it. */
export function cloudWatchNameProblem(name: string): CloudWatchNameProblem | undefined {
  if (CLOUDWATCH_NAME.test(name)) return undefined;
  if (!name) return { kind: 'empty' };
  const refused = [...new Set(name.match(/[^A-Za-z0-9_-]/gu) ?? [])];
  if (refused.length) return { kind: 'characters', refused };
  return { kind: 'tooLong', length: name.length };
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
