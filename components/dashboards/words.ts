import type { createTranslator } from 'next-intl';
import type { CloudWatchNameProblem } from '@/lib/dashboards/cloudwatch-name';
import type { BodyNote } from '@/lib/dashboards/body-notes';
import type { MergeNote } from './merge';
import type en from '@/messages/en.json';

type DashboardsT = ReturnType<typeof createTranslator<typeof en, 'Dashboards'>>;

/** What CloudWatch would refuse in a typed dashboard name, in the page's language; the refused characters quoted as typed. */
export function nameProblemText(problem: CloudWatchNameProblem, t: DashboardsT): string {
  const rule = t('nameRule');
  if (problem.kind === 'empty') return t('nameEmpty', { rule });
  if (problem.kind === 'tooLong') return t('nameTooLong', { rule, length: problem.length });
  return t('nameRefused', { rule, count: problem.refused.length, characters: problem.refused.map((c) => JSON.stringify(c)).join(' ') });
}

/** What a merge did where both edits changed the same thing, in the page's language. */
export function mergeNoteText(note: MergeNote, t: DashboardsT): string {
  if (note.kind === 'title') return t('mergeTitle', { mine: note.mine, theirs: note.theirs });
  if (!('widget' in note)) return t('mergeNote', { kind: note.kind });
  const widget = t('mergeWidget', { type: note.widget.type === 'text' || note.widget.type === 'metric' ? note.widget.type : 'titled', id: note.widget.id, title: note.widget.title });
  return t('mergeNote', { kind: note.kind, widget });
}

const has = (value: unknown) => (value !== undefined ? 'yes' : 'no');

/** A line of what an import or export could not carry, in the page's language. */
export function bodyNoteSaid(note: BodyNote, t: DashboardsT): string {
  const { key, ...rest } = note;
  const params: Record<string, string | number> = { key, hasEnd: 'no', hasId: 'no', hasType: 'no' };
  for (const [name, value] of Object.entries(rest)) if (typeof value !== 'object') params[name] = value;
  if ('end' in note) params.hasEnd = has(note.end);
  if ('id' in note) params.hasId = has(note.id);
  if ('type' in note) params.hasType = has(note.type);
  if (note.key === 'widgetSkipped') {
    const { key: reason, ...why } = note.reason;
    params.reason = t('bodyWidgetReason', { key: reason, hasType: has('type' in why ? why.type : undefined), type: '', view: '', views: '', ...why });
  }
  return t('bodyNote', params as Parameters<DashboardsT>[1]);
}
