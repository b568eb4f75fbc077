/** Input checks with the messages CloudWatch Logs answers invalid parameters with. */
import { AwsError } from '../server';
import type { LogGroup, LogStore } from './store';

export type Input = Record<string, unknown>;

export function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

function constraint(value: unknown, name: string, rule: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return invalid(`1 validation error detected: Value ${shown} at '${name}' failed to satisfy constraint: ${rule}`);
}

export function optionalString(input: Input, name: string, rules: { min?: number; max?: number; pattern?: RegExp } = {}): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`Start of string expected for '${name}'`);
  if (rules.min !== undefined && v.length < rules.min) throw constraint(v, name, `Member must have length greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && v.length > rules.max) throw constraint(v, name, `Member must have length less than or equal to ${rules.max}`);
  if (rules.pattern && !rules.pattern.test(v)) throw constraint(v, name, `Member must satisfy regular expression pattern: ${rules.pattern.source}`);
  return v;
}

export function requiredString(input: Input, name: string, rules: { min?: number; max?: number; pattern?: RegExp } = {}): string {
  const v = optionalString(input, name, rules);
  if (v === undefined) throw constraint(undefined, name, 'Member must not be null');
  return v;
}

export function optionalInt(input: Input, name: string, rules: { min?: number; max?: number } = {}): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`Value for '${name}' must be an integer`);
  if (rules.min !== undefined && v < rules.min) throw constraint(v, name, `Member must have value greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && v > rules.max) throw constraint(v, name, `Member must have value less than or equal to ${rules.max}`);
  return v;
}

export function requiredInt(input: Input, name: string, rules: { min?: number; max?: number } = {}): number {
  const v = optionalInt(input, name, rules);
  if (v === undefined) throw constraint(undefined, name, 'Member must not be null');
  return v;
}

export function optionalBool(input: Input, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(`Value for '${name}' must be a boolean`);
  return v;
}

export function optionalStrings(input: Input, name: string, rules: { min?: number; max?: number } = {}): string[] | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw invalid(`Value for '${name}' must be a list of strings`);
  if (rules.min !== undefined && v.length < rules.min) throw constraint(v, name, `Member must have length greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && v.length > rules.max) throw constraint(v, name, `Member must have length less than or equal to ${rules.max}`);
  return v as string[];
}

/** Paging through a sorted list: the token is the position of the next item. */
export function page<T>(items: T[], nextToken: string | undefined, limit: number): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const m = /^p(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('latin1'));
    if (!m) throw invalid('The specified nextToken is invalid.');
    start = Number(m[1]);
  }
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(`p${start + limit}`, 'latin1').toString('base64url') : undefined;
  return next === undefined ? { items: slice } : { items: slice, nextToken: next };
}

export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
export const LOG_STREAM_NAME = /^[^:*]*$/;

/** A log group given by name or ARN (logGroupIdentifier). */
export function groupNameOf(identifier: string): string {
  const m = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(identifier);
  return m ? m[1] : identifier;
}

export function groupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
}

/** The log group named by logGroupName or logGroupIdentifier. */
export function requireGroup(store: LogStore, input: Input): LogGroup {
  const name = optionalString(input, 'logGroupName', { min: 1, max: 512 });
  const identifier = optionalString(input, 'logGroupIdentifier', { min: 1, max: 2048 });
  if (name !== undefined && identifier !== undefined) throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  if (name === undefined && identifier === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  const group = store.group(name ?? groupNameOf(identifier!));
  if (!group) throw groupNotFound();
  return group;
}
