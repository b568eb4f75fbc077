/**
 * A composite alarm's AlarmRule: `ALARM("a") AND NOT OK(b)`, `(ALARM(x) OR ALARM(y))`, `TRUE`,
 * `FALSE`, with alarm names quoted or bare and alarms given by name or ARN.
 */
import type { AlarmState } from './evaluation';

export type RuleNode =
  { kind: 'state'; state: AlarmState; alarm: string } | { kind: 'const'; value: boolean } | { kind: 'not'; operand: RuleNode } | { kind: 'and' | 'or'; left: RuleNode; right: RuleNode };

export class RuleError extends Error {}

const STATES = new Set(['ALARM', 'OK', 'INSUFFICIENT_DATA']);

/** `arn:aws:cloudwatch:region:account:alarm:name` or a name → the name. */
export function alarmNameOf(ref: string): string {
  const m = /^arn:aws[\w-]*:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(ref);
  return m ? m[1] : ref;
}

export function parseAlarmRule(text: string): RuleNode {
  let at = 0;
  const skip = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const word = () => {
    skip();
    const m = /^[A-Za-z_]+/.exec(text.slice(at));
    return m ? m[0] : '';
  };
  const fail = (what: string): never => {
    throw new RuleError(`Error in AlarmRule at position ${at + 1}: ${what}`);
  };
  const expectChar = (c: string) => {
    skip();
    if (text[at] !== c) fail(`expected '${c}'`);
    at++;
  };
  const alarmRef = (): string => {
    skip();
    if (text[at] === '"') {
      const end = text.indexOf('"', at + 1);
      if (end < 0) fail('unterminated quoted alarm name');
      const name = text.slice(at + 1, end);
      at = end + 1;
      return name;
    }
    const m = /^[^\s()"]+/.exec(text.slice(at));
    if (!m) return fail('expected an alarm name');
    at += m[0].length;
    return m[0];
  };
  const primary = (): RuleNode => {
    skip();
    if (text[at] === '(') {
      at++;
      const node = or();
      expectChar(')');
      return node;
    }
    const w = word();
    if (w === 'NOT') {
      at += 3;
      return { kind: 'not', operand: primary() };
    }
    if (w === 'TRUE' || w === 'FALSE') {
      at += w.length;
      return { kind: 'const', value: w === 'TRUE' };
    }
    if (STATES.has(w)) {
      at += w.length;
      expectChar('(');
      const alarm = alarmNameOf(alarmRef());
      expectChar(')');
      return { kind: 'state', state: w as AlarmState, alarm };
    }
    return fail(w ? `unexpected '${w}'` : 'expected ALARM(), OK(), INSUFFICIENT_DATA(), TRUE, FALSE, NOT or (');
  };
  const and = (): RuleNode => {
    let node = primary();
    while (word() === 'AND') {
      at += 3;
      node = { kind: 'and', left: node, right: primary() };
    }
    return node;
  };
  const or = (): RuleNode => {
    let node = and();
    while (word() === 'OR') {
      at += 2;
      node = { kind: 'or', left: node, right: and() };
    }
    return node;
  };
  const node = or();
  skip();
  if (at < text.length) fail(`unexpected '${text.slice(at, at + 10)}'`);
  return node;
}

export function evaluateRule(node: RuleNode, stateOf: (alarm: string) => AlarmState | undefined): boolean {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'state':
      return stateOf(node.alarm) === node.state;
    case 'not':
      return !evaluateRule(node.operand, stateOf);
    case 'and':
      return evaluateRule(node.left, stateOf) && evaluateRule(node.right, stateOf);
    case 'or':
      return evaluateRule(node.left, stateOf) || evaluateRule(node.right, stateOf);
  }
}

/** The alarms a rule names, in order of first appearance. */
export function ruleChildren(node: RuleNode, out: string[] = []): string[] {
  if (node.kind === 'state' && !out.includes(node.alarm)) out.push(node.alarm);
  if (node.kind === 'not') ruleChildren(node.operand, out);
  if (node.kind === 'and' || node.kind === 'or') {
    ruleChildren(node.left, out);
    ruleChildren(node.right, out);
  }
  return out;
}
