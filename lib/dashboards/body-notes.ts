/**
 * What moving a dashboard between Watchdeck and a CloudWatch body could not carry, as values:
 * the page says each in its language, and `bodyNoteText` is the English the API answers with.
 */

/** Why an imported CloudWatch widget was not kept. */
export type WidgetReason = { key: 'logWithoutQuery' | 'logWithoutSource' | 'alarmWithoutAlarms' } | { key: 'logView'; view: string; views: string } | { key: 'noSuchWidget'; type?: string };

export type BodyNote =
  | { key: 'notKept'; name: string }
  | { key: 'startNotString' | 'variablesNotArray' }
  | { key: 'relativeEnd'; end: string }
  | { key: 'startTooShort'; start: string }
  | { key: 'notTimeRange'; start: string; end?: string }
  | { key: 'variableNotPattern'; index: number; id?: string }
  | { key: 'variableTwice'; index: number; name: string }
  | { key: 'widgetSkipped'; index: number; type?: string; reason: WidgetReason }
  | { key: 'ownTimeRange' | 'noRegion'; widget: string };

const LAST_3_HOURS = 'the range is the last 3 hours';

function reasonText(r: WidgetReason): string {
  switch (r.key) {
    case 'logWithoutQuery':
      return 'a log widget without a query';
    case 'logWithoutSource':
      return "its query names no log group with SOURCE '…'";
    case 'alarmWithoutAlarms':
      return 'an alarm widget without alarms';
    case 'logView':
      return `view ${r.view} is not one of ${r.views}`;
    case 'noSuchWidget':
      return `Watchdeck has no ${r.type !== undefined ? `${r.type} ` : ''}widget`;
  }
}

/** The note in English, as the import and export routes answer it. */
export function bodyNoteText(n: BodyNote): string {
  switch (n.key) {
    case 'notKept':
      return `${n.name}: not kept by Watchdeck`;
    case 'startNotString':
      return `start: not a string; ${LAST_3_HOURS}`;
    case 'variablesNotArray':
      return 'variables: not an array';
    case 'relativeEnd':
      return `end ${n.end}: a relative range ends now`;
    case 'startTooShort':
      return `start ${n.start}: shorter than a minute; ${LAST_3_HOURS}`;
    case 'notTimeRange':
      return `start ${n.start}${n.end !== undefined ? ` end ${n.end}` : ''}: not a time range; ${LAST_3_HOURS}`;
    case 'variableNotPattern':
      return `variable ${n.index}${n.id !== undefined ? ` (${n.id})` : ''}: only {{name}} pattern variables are kept`;
    case 'variableTwice':
      return `variable ${n.index} (${n.name}): defined twice`;
    case 'widgetSkipped':
      return `widget ${n.index}${n.type !== undefined ? ` (${n.type})` : ''}: ${reasonText(n.reason)}`;
    case 'ownTimeRange':
      return `widget ${n.widget}: its own time range (CloudWatch widgets use the dashboard's)`;
    case 'noRegion':
      return `widget ${n.widget}: a region (CloudWatch requires one; give the widget one or configure AWS_REGION)`;
  }
}
