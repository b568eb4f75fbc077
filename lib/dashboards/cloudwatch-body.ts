/**
 * A dashboard to and from the DashboardBody JSON of CloudWatch's PutDashboard/GetDashboard.
 * Kubernetes widgets travel as text widgets whose link leads back to the console's page and
 * brings the widget back on import. Pure: no I/O.
 */
import { z } from 'zod';
import { bodyNoteText, type BodyNote, type WidgetReason } from './body-notes';
import { dashboardBody, GRID_COLUMNS, LOG_VIEWS, nextFreeRow, type DashboardBody, type TimeRange, type Variable, type Widget } from './model';

export interface CloudWatchWidget {
  type: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  properties?: Record<string, unknown>;
}

export interface CloudWatchVariable {
  type: 'pattern';
  pattern: string;
  inputType: 'input';
  id: string;
  label: string;
  defaultValue: string;
  visible: boolean;
}

export interface CloudWatchBody {
  start?: string;
  end?: string;
  variables?: CloudWatchVariable[];
  widgets: CloudWatchWidget[];
}

export interface ExportOptions {
  /** The console's own address, for the links Kubernetes widgets become. */
  consoleUrl: string;
  cluster: string;
  /** The region a log widget without its own is exported with (CloudWatch requires one); the console's AWS region. */
  region?: string;
}

export interface Exported {
  body: CloudWatchBody;
  /** What the body could not carry, in English; `omittedSays` is the same for the page to say in its language. */
  omitted: string[];
  omittedSays: BodyNote[];
}

export interface Imported {
  body: DashboardBody;
  /** What was in the CloudWatch body that the dashboard could not keep, and why, in English; `skippedSays` is the same as values. */
  skipped: string[];
  skippedSays: BodyNote[];
}

const DEFAULT_SIZE = 6;

/** -PT3H, -P7D … as CloudWatch writes a relative start. */
export function relativeStart(seconds: number): string {
  if (seconds % 86400 === 0) return `-P${seconds / 86400}D`;
  if (seconds % 3600 === 0) return `-PT${seconds / 3600}H`;
  if (seconds % 60 === 0) return `-PT${seconds / 60}M`;
  return `-PT${seconds}S`;
}

/** The seconds of an ISO 8601 duration CloudWatch accepts as a relative start; undefined if it is not one. */
export function parseRelativeStart(text: string): number | undefined {
  const m = /^-P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === '-P' || text.endsWith('T')) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
}

function quoteSource(group: string): string {
  return `SOURCE '${group.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `SOURCE 'a' | SOURCE 'b' | query`: the log groups and the query after them. */
export function splitSource(query: string): { logGroups: string[]; query: string } {
  const logGroups: string[] = [];
  let rest = query;
  for (;;) {
    const m = /^\s*SOURCE\s+'((?:[^'\\]|\\.)*)'\s*\|/i.exec(rest);
    if (!m) break;
    logGroups.push(m[1].replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return { logGroups, query: rest.replace(/^ /, '') };
}

export function joinSource(logGroups: string[], query: string): string {
  return [...logGroups.map(quoteSource), query].join(' | ');
}

const LINK_TEXT = { 'pod-states': 'Pod states in Watchdeck', hpa: 'HorizontalPodAutoscaler in Watchdeck' } as const;

function kubernetesLink(w: Extract<Widget, { type: 'pod-states' | 'hpa' }>, options: ExportOptions): string {
  const base = `${options.consoleUrl.replace(/\/+$/, '')}/c/${encodeURIComponent(options.cluster)}`;
  if (w.type === 'pod-states') {
    const query = new URLSearchParams({ namespace: w.namespace });
    if (w.labelSelector) query.set('labelSelector', w.labelSelector);
    return `${base}/pods?${query}`;
  }
  return `${base}/autoscaling/${encodeURIComponent(w.namespace)}/${encodeURIComponent(w.name)}`;
}

function kubernetesMarkdown(w: Extract<Widget, { type: 'pod-states' | 'hpa' }>, options: ExportOptions): string {
  const heading = w.title ? `### ${w.title.replace(/\n/g, ' ')}\n\n` : '';
  return `${heading}[${LINK_TEXT[w.type]}](${kubernetesLink(w, options)})`;
}

/** The pod-states or hpa widget a text widget of ours stands for, if it is one. */
function kubernetesFromMarkdown(
  markdown: string,
): { type: 'pod-states'; title: string; namespace: string; labelSelector: string } | { type: 'hpa'; title: string; namespace: string; name: string } | undefined {
  const m = /^(?:### (.*)\n\n)?\[(Pod states in Watchdeck|HorizontalPodAutoscaler in Watchdeck)\]\((\S+)\)$/.exec(markdown);
  if (!m) return undefined;
  let url: URL;
  try {
    url = new URL(m[3]);
  } catch {
    return undefined;
  }
  const title = m[1] ?? '';
  const path = url.pathname.split('/').map(decodeURIComponent);
  if (m[2] === LINK_TEXT['pod-states'] && path.at(-1) === 'pods') {
    const namespace = url.searchParams.get('namespace');
    if (!namespace) return undefined;
    return { type: 'pod-states', title, namespace, labelSelector: url.searchParams.get('labelSelector') ?? '' };
  }
  if (m[2] === LINK_TEXT.hpa && path.at(-3) === 'autoscaling' && path.at(-2) && path.at(-1)) {
    return { type: 'hpa', title, namespace: path.at(-2)!, name: path.at(-1)! };
  }
  return undefined;
}

function exportWidget(w: Widget, options: ExportOptions): CloudWatchWidget {
  const place = { x: w.x, y: w.y, width: w.width, height: w.height };
  switch (w.type) {
    case 'log':
      return {
        type: 'log',
        ...place,
        properties: { query: joinSource(w.logGroups, w.query), ...((w.region ?? options.region) ? { region: w.region ?? options.region } : {}), title: w.title, view: w.view, stacked: w.stacked },
      };
    case 'metric':
      return { type: 'metric', ...place, properties: w.properties };
    case 'alarm':
      return { type: 'alarm', ...place, properties: { title: w.title, alarms: w.alarms } };
    case 'text':
      return { type: 'text', ...place, properties: { markdown: w.markdown, ...(w.background ? { background: w.background } : {}) } };
    case 'pod-states':
    case 'hpa':
      return { type: 'text', ...place, properties: { markdown: kubernetesMarkdown(w, options) } };
  }
}

function exportTimeRange(range: TimeRange): Pick<CloudWatchBody, 'start' | 'end'> {
  return range.kind === 'relative' ? { start: relativeStart(range.seconds) } : { start: range.start, end: range.end };
}

/** The body PutDashboard accepts for this dashboard, and what it leaves out. */
export function toCloudWatchBody(body: DashboardBody, options: ExportOptions): Exported {
  const omitted: BodyNote[] = [];
  for (const w of body.widgets) {
    if (w.timeRange) omitted.push({ key: 'ownTimeRange', widget: w.id });
    if (w.type === 'log' && !w.region && !options.region) omitted.push({ key: 'noRegion', widget: w.id });
  }
  const variables: CloudWatchVariable[] = body.variables.map((v) => ({
    type: 'pattern',
    pattern: `{{${v.name}}}`,
    inputType: 'input',
    id: v.name,
    label: v.name,
    defaultValue: v.default,
    visible: true,
  }));
  return {
    body: { ...exportTimeRange(body.timeRange), ...(variables.length ? { variables } : {}), widgets: body.widgets.map((w) => exportWidget(w, options)) },
    omitted: omitted.map(bodyNoteText),
    omittedSays: omitted,
  };
}

const KNOWN_TOP_LEVEL = new Set(['start', 'end', 'variables', 'widgets']);

function importTimeRange(raw: Record<string, unknown>, skipped: BodyNote[]): TimeRange {
  const fallback: TimeRange = { kind: 'relative', seconds: 3 * 3600 };
  const { start, end } = raw;
  if (start === undefined) return fallback;
  if (typeof start !== 'string') {
    skipped.push({ key: 'startNotString' });
    return fallback;
  }
  const relative = parseRelativeStart(start);
  if (relative !== undefined) {
    if (typeof end === 'string') skipped.push({ key: 'relativeEnd', end });
    if (relative < 60) {
      skipped.push({ key: 'startTooShort', start });
      return fallback;
    }
    return { kind: 'relative', seconds: relative };
  }
  const endText = typeof end === 'string' ? end : new Date().toISOString();
  if (Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(endText)) || Date.parse(start) >= Date.parse(endText)) {
    skipped.push({ key: 'notTimeRange', start, ...(typeof end === 'string' ? { end } : {}) });
    return fallback;
  }
  return { kind: 'absolute', start: new Date(start).toISOString(), end: new Date(endText).toISOString() };
}

function importVariables(raw: unknown, skipped: BodyNote[]): Variable[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    skipped.push({ key: 'variablesNotArray' });
    return [];
  }
  const out: Variable[] = [];
  raw.forEach((v: Record<string, unknown>, i) => {
    const m = typeof v?.pattern === 'string' ? /^\{\{([A-Za-z][A-Za-z0-9_]{0,31})\}\}$/.exec(v.pattern) : null;
    if (v?.type !== 'pattern' || !m) {
      skipped.push({ key: 'variableNotPattern', index: i + 1, ...(typeof v?.id === 'string' ? { id: v.id } : {}) });
      return;
    }
    if (out.some((o) => o.name === m[1])) {
      skipped.push({ key: 'variableTwice', index: i + 1, name: m[1] });
      return;
    }
    out.push({ name: m[1], default: typeof v.defaultValue === 'string' ? v.defaultValue : '' });
  });
  return out;
}

const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function importWidget(raw: CloudWatchWidget, id: string): { widget: Widget; reason?: undefined } | { widget?: undefined; reason: WidgetReason } {
  const props = (raw.properties && typeof raw.properties === 'object' && !Array.isArray(raw.properties) ? raw.properties : {}) as Record<string, unknown>;
  const width = Math.min(GRID_COLUMNS, Math.max(1, int(raw.width) ?? DEFAULT_SIZE));
  const place = { id, x: Math.min(GRID_COLUMNS - width, Math.max(0, int(raw.x) ?? 0)), y: Math.max(0, int(raw.y) ?? 0), width, height: Math.max(1, int(raw.height) ?? DEFAULT_SIZE) };
  switch (raw.type) {
    case 'log': {
      const query = str(props.query);
      if (!query) return { reason: { key: 'logWithoutQuery' } };
      const { logGroups, query: rest } = splitSource(query);
      if (!logGroups.length) return { reason: { key: 'logWithoutSource' } };
      const view = str(props.view) ?? 'table';
      if (!(LOG_VIEWS as readonly string[]).includes(view)) return { reason: { key: 'logView', view, views: LOG_VIEWS.join(', ') } };
      const region = str(props.region);
      return {
        widget: {
          ...place,
          type: 'log',
          title: str(props.title) ?? '',
          logGroups,
          query: rest,
          ...(region ? { region } : {}),
          view: view as (typeof LOG_VIEWS)[number],
          stacked: props.stacked === true,
        },
      };
    }
    case 'metric':
      return { widget: { ...place, type: 'metric', properties: props } };
    case 'alarm': {
      const alarms = Array.isArray(props.alarms) ? props.alarms.filter((a): a is string => typeof a === 'string') : [];
      if (!alarms.length) return { reason: { key: 'alarmWithoutAlarms' } };
      return { widget: { ...place, type: 'alarm', title: str(props.title) ?? '', alarms } };
    }
    case 'text': {
      const markdown = str(props.markdown) ?? '';
      const kube = kubernetesFromMarkdown(markdown);
      if (kube) return { widget: { ...place, ...kube } };
      const background = props.background === 'solid' || props.background === 'transparent' ? props.background : undefined;
      return { widget: { ...place, type: 'text', markdown, ...(background ? { background } : {}) } };
    }
    default:
      return { reason: { key: 'noSuchWidget', ...(typeof raw.type === 'string' ? { type: raw.type } : {}) } };
  }
}

const topLevel = z.looseObject({ widgets: z.array(z.unknown()) });

/**
 * A dashboard from a CloudWatch body (its JSON text or the parsed object): what it can keep,
 * and a line for each thing it could not. Throws with the reason when it is no body at all.
 */
export function fromCloudWatchBody(input: unknown): Imported {
  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      throw new Error(`the dashboard body is not JSON: ${(err as Error).message}`);
    }
  }
  const parsed = topLevel.safeParse(raw);
  if (!parsed.success) throw new Error('a CloudWatch dashboard body is a JSON object with a "widgets" array');
  const record = parsed.data as Record<string, unknown>;
  const skipped: BodyNote[] = [];
  for (const key of Object.keys(record)) if (!KNOWN_TOP_LEVEL.has(key)) skipped.push({ key: 'notKept', name: key });
  const timeRange = importTimeRange(record, skipped);
  const variables = importVariables(record.variables, skipped);
  const widgets: Widget[] = [];
  parsed.data.widgets.forEach((w, i) => {
    const cw = (w && typeof w === 'object' ? w : {}) as CloudWatchWidget;
    const { widget, reason } = importWidget(cw, `w${i + 1}`);
    if (widget) {
      if (cw.y === undefined) widget.y = nextFreeRow(widgets);
      widgets.push(widget);
    } else {
      skipped.push({ key: 'widgetSkipped', index: i + 1, ...(typeof cw.type === 'string' ? { type: cw.type } : {}), reason });
    }
  });
  const body = dashboardBody.safeParse({ timeRange, variables, widgets });
  if (!body.success) throw new Error(`the dashboard body does not fit Watchdeck's: ${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { body: body.data, skipped: skipped.map(bodyNoteText), skippedSays: skipped };
}
