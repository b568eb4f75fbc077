/**
 * Standard 5-field cron schedules as the CronJob controller parses them
 * (robfig/cron's ParseStandard): minute hour day-of-month month
 * day-of-week, with *, ?, lists, ranges, steps, month and weekday names, and
 * the @yearly/@monthly/@weekly/@daily/@hourly descriptors, in UTC or in
 * the CronJob's spec.timeZone (an IANA name).
 */

export interface Schedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Whether the day-of-month / day-of-week field was "*" (robfig's star bit). */
  domStar: boolean;
  dowStar: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export class CronError extends Error {}

function parseValue(text: string, names: string[] | undefined, offset: number): number {
  const lower = text.toLowerCase();
  if (names) {
    const i = names.indexOf(lower);
    if (i >= 0) return i + offset;
  }
  if (!/^\d+$/.test(text)) throw new CronError(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

function parseField(field: string, min: number, max: number, names?: string[], nameOffset = 0): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [rangeText, stepText] = part.split('/');
    let lo: number;
    let hi: number;
    if (rangeText === '*' || rangeText === '?') {
      lo = min;
      hi = max;
    } else {
      const [a, b] = rangeText.split('-');
      lo = parseValue(a, names, nameOffset);
      hi = b !== undefined ? parseValue(b, names, nameOffset) : stepText !== undefined ? max : lo;
    }
    const step = stepText !== undefined ? parseValue(stepText, undefined, 0) : 1;
    if (lo < min) throw new CronError(`beginning of range (${lo}) below minimum (${min}): ${part}`);
    if (hi > max) throw new CronError(`end of range (${hi}) above maximum (${max}): ${part}`);
    if (lo > hi) throw new CronError(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    if (step === 0) throw new CronError(`step of range should be a positive number: ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseSchedule(spec: string): Schedule {
  let text = spec.trim();
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) text = text.slice(text.indexOf(' ') + 1).trim();
  text = DESCRIPTORS[text] ?? text;
  const fields = text.split(/\s+/);
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: ${spec}`);
  const [m, h, dom, mon, dow] = fields;
  const daysOfWeek = parseField(dow, 0, 7, DAYS, 0);
  if (daysOfWeek.has(7)) {
    daysOfWeek.delete(7);
    daysOfWeek.add(0);
  }
  return {
    minutes: parseField(m, 0, 59),
    hours: parseField(h, 0, 23),
    daysOfMonth: parseField(dom, 1, 31),
    months: parseField(mon, 1, 12, MONTHS, 1),
    daysOfWeek,
    domStar: dom.startsWith('*') || dom.startsWith('?'),
    dowStar: dow.startsWith('*') || dow.startsWith('?'),
  };
}

interface Fields {
  minute: number;
  hour: number;
  day: number;
  month: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws CronError for a time zone the runtime does not know, worded as the controller's event. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new CronError(`unknown time zone ${timeZone}`);
  }
}

/** Wall-clock fields of an instant in a time zone. */
function fieldsAt(ms: number, timeZone: string | undefined): Fields {
  const d = new Date(ms);
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') {
    return { minute: d.getUTCMinutes(), hour: d.getUTCHours(), day: d.getUTCDate(), month: d.getUTCMonth() + 1, weekday: d.getUTCDay() };
  }
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', minute: 'numeric', hour: 'numeric', day: 'numeric', month: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  return { minute: Number(parts.minute), hour: Number(parts.hour), day: Number(parts.day), month: Number(parts.month), weekday: WEEKDAYS[parts.weekday] };
}

function dayMatches(s: Schedule, f: Fields): boolean {
  const dom = s.daysOfMonth.has(f.day);
  const dow = s.daysOfWeek.has(f.weekday);
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/** The first activation strictly after `after` (ms), or undefined within five years. */
export function nextActivation(s: Schedule, after: number, timeZone?: string): number | undefined {
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  const limit = after + 5 * 366 * 24 * 3_600_000;
  while (t <= limit) {
    const f = fieldsAt(t, timeZone);
    // Skip ahead to the next local midnight, hour or minute that could match.
    if (!s.months.has(f.month) || !dayMatches(s, f)) t += (24 * 60 - (f.hour * 60 + f.minute)) * 60_000;
    else if (!s.hours.has(f.hour)) t += (60 - f.minute) * 60_000;
    else if (!s.minutes.has(f.minute)) t += 60_000;
    else return t;
  }
  return undefined;
}

/** The most recent activation in (since, now], if any, and how many were missed in between. */
export function mostRecentActivation(s: Schedule, since: number, now: number, timeZone?: string): { time?: number; missed: number } {
  let time: number | undefined;
  let missed = 0;
  // Look back at most a week; the controller only needs the latest time and whether many were missed.
  for (let t = nextActivation(s, Math.max(since, now - 7 * 24 * 3_600_000), timeZone); t !== undefined && t <= now; t = nextActivation(s, t, timeZone)) {
    if (time !== undefined) missed++;
    time = t;
  }
  return { time, missed };
}
