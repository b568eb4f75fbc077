/**
 * A saved dashboard's body: widgets on CloudWatch's 24-column grid, the dashboard's time range
 * and its variables. Pure (no I/O): the store, the console API and the pages share it.
 */
import { z } from 'zod';

export const GRID_COLUMNS = 24;
export const MAX_WIDGETS = 500;

/** How long a deleted dashboard can be brought back. */
export const DELETED_KEPT_DAYS = 30;

/** A relative range counts back from now; an absolute one has fixed ends (ISO 8601). */
export const timeRange = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('relative'),
    seconds: z
      .number()
      .int()
      .min(60, 'a relative range is at least a minute')
      .max(455 * 86400, 'a relative range is at most 455 days'),
  }),
  z
    .object({ kind: z.literal('absolute'), start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
    .refine((r) => Date.parse(r.start) < Date.parse(r.end), 'the range ends before it starts'),
]);
export type TimeRange = z.infer<typeof timeRange>;

const title = z.string().max(256, 'a title has at most 256 characters');

const placement = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a widget id is 1-64 letters, digits, "-" or "_"'),
  x: z
    .number()
    .int()
    .min(0)
    .max(GRID_COLUMNS - 1),
  y: z.number().int().min(0).max(10_000),
  width: z.number().int().min(1).max(GRID_COLUMNS),
  height: z.number().int().min(1).max(1000),
  /** Overrides the dashboard's time range for this widget alone. */
  timeRange: timeRange.optional(),
};

export const LOG_VIEWS = ['table', 'timeSeries', 'bar', 'pie'] as const;

export const logWidget = z.object({
  ...placement,
  type: z.literal('log'),
  title,
  logGroups: z.array(z.string().min(1).max(512)).min(1, 'a log widget queries at least one log group').max(50),
  /** The Logs Insights query without its SOURCE clauses; may use {{variables}}. */
  query: z.string().min(1, 'the query is empty').max(10_000),
  region: z.string().max(64).optional(),
  view: z.enum(LOG_VIEWS),
  stacked: z.boolean(),
});

/** CloudWatch's own widget properties, kept as they are (the console does not edit them). */
const cloudWatchProperties = z.record(z.string(), z.unknown());

export const metricWidget = z.object({ ...placement, type: z.literal('metric'), properties: cloudWatchProperties });
export const alarmWidget = z.object({
  ...placement,
  type: z.literal('alarm'),
  title,
  alarms: z.array(z.string().min(1).max(1600)).min(1, 'an alarm widget shows at least one alarm').max(100),
});
export const textWidget = z.object({
  ...placement,
  type: z.literal('text'),
  markdown: z.string().max(100_000),
  background: z.enum(['solid', 'transparent']).optional(),
});
export const podStatesWidget = z.object({
  ...placement,
  type: z.literal('pod-states'),
  title,
  namespace: z.string().min(1).max(253),
  labelSelector: z.string().max(1024),
});
export const hpaWidget = z.object({
  ...placement,
  type: z.literal('hpa'),
  title,
  namespace: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

export const widget = z
  .discriminatedUnion('type', [logWidget, metricWidget, alarmWidget, textWidget, podStatesWidget, hpaWidget])
  .refine((w) => w.x + w.width <= GRID_COLUMNS, { message: `a widget ends within the ${GRID_COLUMNS}-column grid (x + width ≤ ${GRID_COLUMNS})`, path: ['width'] });
export type Widget = z.infer<typeof widget>;
export type WidgetType = Widget['type'];
export type LogWidget = z.infer<typeof logWidget>;
export type PodStatesWidget = z.infer<typeof podStatesWidget>;
export type HpaWidget = z.infer<typeof hpaWidget>;
export type AlarmWidget = z.infer<typeof alarmWidget>;
export type TextWidget = z.infer<typeof textWidget>;
export type MetricWidget = z.infer<typeof metricWidget>;

/** `cluster` and `namespace` pick from the console's lists; any other name is free text. */
export const variable = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a variable name is a letter then up to 31 letters, digits or "_"'),
  default: z.string().max(1024),
});
export type Variable = z.infer<typeof variable>;
export type VariableKind = 'cluster' | 'namespace' | 'text';

export function variableKind(name: string): VariableKind {
  return name === 'cluster' || name === 'namespace' ? name : 'text';
}

export const dashboardBody = z
  .object({
    timeRange: timeRange,
    variables: z.array(variable).max(20),
    widgets: z.array(widget).max(MAX_WIDGETS, `a dashboard has at most ${MAX_WIDGETS} widgets`),
  })
  .superRefine((body, ctx) => {
    const ids = new Set<string>();
    body.widgets.forEach((w, i) => {
      if (ids.has(w.id)) ctx.addIssue({ code: 'custom', path: ['widgets', i, 'id'], message: `widget id ${w.id} is used twice` });
      ids.add(w.id);
    });
    const names = new Set<string>();
    body.variables.forEach((v, i) => {
      if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variables', i, 'name'], message: `variable ${v.name} is defined twice` });
      names.add(v.name);
    });
  });
export type DashboardBody = z.infer<typeof dashboardBody>;

export const dashboardTitle = z.string().trim().min(1, 'a dashboard needs a title').max(256, 'a title has at most 256 characters');

export function emptyBody(): DashboardBody {
  return { timeRange: { kind: 'relative', seconds: 3 * 3600 }, variables: [], widgets: [] };
}

/** A dashboard as the console API returns it. */
export interface Dashboard {
  id: string;
  owner: string;
  title: string;
  shared: boolean;
  version: number;
  body: DashboardBody;
  createdAt: string;
  updatedAt: string;
  /** Set while the dashboard is deleted (recoverable until DELETED_KEPT_DAYS after). */
  deletedAt?: string;
  /** Whether the caller may edit and delete it. */
  mine: boolean;
}

export type DashboardSummary = Omit<Dashboard, 'body'> & { widgetCount: number };

export interface DashboardVersion {
  version: number;
  title: string;
  shared: boolean;
  savedBy: string;
  savedAt: string;
  /** The version this one brought back, when it was a restore. */
  restoredFrom?: number;
}

/** The 409 answer to a save made from a version that is no longer current. */
export interface VersionConflict {
  current: Dashboard;
  /** What the caller tried to save, and from which version. */
  yours: { baseVersion: number; title: string; shared: boolean; body: DashboardBody };
}

/** Where a new widget of the given size fits: below everything on the grid. */
export function nextFreeRow(widgets: readonly Pick<Widget, 'y' | 'height'>[]): number {
  return widgets.reduce((bottom, w) => Math.max(bottom, w.y + w.height), 0);
}

/** The first place, row by row then left to right, where a widget of this size overlaps none; else below everything. */
export function freeSpot(widgets: readonly Pick<Widget, 'x' | 'y' | 'width' | 'height'>[], width: number, height: number): { x: number; y: number } {
  const bottom = nextFreeRow(widgets);
  const overlaps = (x: number, y: number) => widgets.some((w) => w.x < x + width && x < w.x + w.width && w.y < y + height && y < w.y + w.height);
  for (let y = 0; y < bottom; y++) {
    for (let x = 0; x + width <= GRID_COLUMNS; x++) if (!overlaps(x, y)) return { x, y };
  }
  return { x: 0, y: bottom };
}
