/**
 * CloudWatch dashboards: PutDashboard's body validation (the messages CloudWatch's schema
 * check gives, each with its data path), and the dashboards kept by name.
 */
import { AwsError, SANDBOX_ACCOUNT_ID } from '../server';

export interface ValidationMessage {
  DataPath: string;
  Message: string;
}

export interface Dashboard {
  name: string;
  body: string;
  lastModified: number;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const WIDGET_TYPES = ['metric', 'text', 'log', 'alarm', 'explorer', 'custom'];
const BODY_KEYS = new Set(['widgets', 'start', 'end', 'periodOverride', 'variables']);
const MAX_BODY = 1_000_000;

export function dashboardArn(name: string): string {
  return `arn:aws:cloudwatch::${SANDBOX_ACCOUNT_ID}:dashboard/${name}`;
}

function invalidInput(message: string, messages: ValidationMessage[] = []): AwsError {
  return new AwsError('DashboardInvalidInputError', message, 400, messages.length ? { dashboardValidationMessages: messages } : {}, 'InvalidParameterInput');
}

export function validateDashboardName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalidInput('The value for field DashboardName is required.');
  if (!NAME.test(name)) throw invalidInput('The value for field DashboardName contains invalid characters. It can only contain alphanumerics, dash (-) and underscore (_).');
  return name;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function checkInteger(messages: ValidationMessage[], path: string, value: unknown, min: number, max: number) {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) messages.push({ DataPath: path, Message: 'Should be integer' });
  else if (value < min) messages.push({ DataPath: path, Message: `Should be >= ${min}` });
  else if (value > max) messages.push({ DataPath: path, Message: `Should be <= ${max}` });
}

function widgetMessages(widget: unknown, path: string): ValidationMessage[] {
  const messages: ValidationMessage[] = [];
  if (!isObject(widget)) return [{ DataPath: path, Message: 'Should be object' }];
  if (widget.type === undefined) messages.push({ DataPath: path, Message: "Should have required property 'type'" });
  else if (typeof widget.type !== 'string' || !WIDGET_TYPES.includes(widget.type)) messages.push({ DataPath: `${path}/type`, Message: 'Should be equal to one of the allowed values' });
  checkInteger(messages, `${path}/x`, widget.x, 0, 23);
  checkInteger(messages, `${path}/y`, widget.y, 0, Number.MAX_SAFE_INTEGER);
  checkInteger(messages, `${path}/width`, widget.width, 1, 24);
  checkInteger(messages, `${path}/height`, widget.height, 1, 1000);
  const props = widget.properties;
  const propsPath = `${path}/properties`;
  if (props === undefined) {
    if (widget.type !== undefined) messages.push({ DataPath: path, Message: "Should have required property 'properties'" });
    return messages;
  }
  if (!isObject(props)) return [...messages, { DataPath: propsPath, Message: 'Should be object' }];
  switch (widget.type) {
    case 'text':
      if (typeof props.markdown !== 'string') messages.push({ DataPath: propsPath, Message: "Should have required property 'markdown'" });
      break;
    case 'log':
      if (typeof props.query !== 'string') messages.push({ DataPath: propsPath, Message: "Should have required property 'query'" });
      if (typeof props.region !== 'string') messages.push({ DataPath: propsPath, Message: "Should have required property 'region'" });
      if (props.view !== undefined && !['table', 'timeSeries', 'bar', 'pie'].includes(String(props.view)))
        messages.push({ DataPath: `${propsPath}/view`, Message: 'Should be equal to one of the allowed values' });
      break;
    case 'alarm':
      if (!Array.isArray(props.alarms)) messages.push({ DataPath: propsPath, Message: "Should have required property 'alarms'" });
      else if (props.alarms.length > 100) messages.push({ DataPath: `${propsPath}/alarms`, Message: 'Should NOT have more than 100 items' });
      break;
    case 'metric': {
      const hasMetrics = props.metrics !== undefined;
      if (hasMetrics && !Array.isArray(props.metrics)) messages.push({ DataPath: `${propsPath}/metrics`, Message: 'Should be array' });
      if (Array.isArray(props.metrics)) {
        props.metrics.forEach((m, i) => {
          if (!Array.isArray(m)) messages.push({ DataPath: `${propsPath}/metrics/${i}`, Message: 'Should be array' });
        });
      }
      const hasAlarmAnnotation = isObject(props.annotations) && Array.isArray(props.annotations.alarms);
      if (!hasMetrics && !hasAlarmAnnotation) {
        messages.push({ DataPath: propsPath, Message: "Should have required property 'metrics'" });
        messages.push({ DataPath: propsPath, Message: 'The metric widget should have specified a region and a data source or an alarm annotation' });
      } else if (typeof props.region !== 'string') {
        messages.push({ DataPath: propsPath, Message: 'The metric widget should have specified a region and a data source or an alarm annotation' });
      }
      if (props.view !== undefined && !['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table'].includes(String(props.view)))
        messages.push({ DataPath: `${propsPath}/view`, Message: 'Should be equal to one of the allowed values' });
      break;
    }
  }
  return messages;
}

/** PutDashboard's checks of a body; throws DashboardInvalidInputError listing every problem. */
export function validateDashboardBody(body: unknown): void {
  if (typeof body !== 'string' || body === '') throw invalidInput('The value for field DashboardBody is required.');
  if (Buffer.byteLength(body) > MAX_BODY) throw invalidInput(`The field DashboardBody must be at most ${MAX_BODY} bytes.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw invalidInput('The field DashboardBody must be a valid JSON object');
  }
  if (!isObject(parsed)) throw invalidInput('The field DashboardBody must be a valid JSON object');
  const messages: ValidationMessage[] = [];
  for (const key of Object.keys(parsed)) if (!BODY_KEYS.has(key)) messages.push({ DataPath: '', Message: `Should NOT have additional properties: '${key}'` });
  if (parsed.widgets === undefined) messages.push({ DataPath: '', Message: "Should have required property 'widgets'" });
  else if (!Array.isArray(parsed.widgets)) messages.push({ DataPath: '/widgets', Message: 'Should be array' });
  else if (parsed.widgets.length > 500) messages.push({ DataPath: '/widgets', Message: 'Should NOT have more than 500 items' });
  else parsed.widgets.forEach((w, i) => messages.push(...widgetMessages(w, `/widgets/${i}`)));
  if (parsed.end !== undefined && parsed.start === undefined) messages.push({ DataPath: '', Message: "Should have property 'start' when property 'end' is present" });
  if (parsed.periodOverride !== undefined && !['auto', 'inherit'].includes(String(parsed.periodOverride)))
    messages.push({ DataPath: '/periodOverride', Message: 'Should be equal to one of the allowed values' });
  if (messages.length) {
    const n = messages.length;
    const listed = messages.map((m) => `  {\n    "dataPath": ${JSON.stringify(m.DataPath)},\n    "message": ${JSON.stringify(m.Message)}\n  }`).join(',\n');
    throw invalidInput(`The dashboard body is invalid, there ${n === 1 ? 'is 1 validation error' : `are ${n} validation errors`}:\n[\n${listed}\n]`, messages);
  }
}

export class Dashboards {
  private readonly dashboards = new Map<string, Dashboard>();

  constructor(private readonly now: () => number) {}

  put(name: string, body: string): void {
    this.dashboards.set(name, { name, body, lastModified: this.now() });
  }

  get(name: string): Dashboard | undefined {
    return this.dashboards.get(name);
  }

  list(prefix = ''): Dashboard[] {
    return [...this.dashboards.values()].filter((d) => d.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Deletes them all, or none when one does not exist; returns the missing name. */
  delete(names: string[]): string | undefined {
    const missing = names.find((n) => !this.dashboards.has(n));
    if (missing) return missing;
    for (const n of names) this.dashboards.delete(n);
    return undefined;
  }
}
