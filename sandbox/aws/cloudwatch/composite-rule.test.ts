import { describe, expect, it } from 'vitest';
import { evaluateRule, parseAlarmRule, ruleChildren } from './composite-rule';
import type { AlarmState } from './evaluation';

describe('composite alarm rules', () => {
  const states: Record<string, AlarmState> = { a: 'ALARM', b: 'OK', 'c d': 'INSUFFICIENT_DATA' };
  const check = (rule: string) => evaluateRule(parseAlarmRule(rule), (n) => states[n]);

  it('evaluates AND, OR, NOT, parentheses, quoted names and ARNs', () => {
    expect(check('ALARM("a") AND OK(b)')).toBe(true);
    expect(check('ALARM(a) AND NOT OK(b)')).toBe(false);
    expect(check('ALARM(b) OR INSUFFICIENT_DATA("c d")')).toBe(true);
    expect(check('(ALARM(b) OR ALARM(a)) AND FALSE')).toBe(false);
    expect(check('ALARM("arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:a")')).toBe(true);
  });

  it('lists the children it names', () => {
    expect(ruleChildren(parseAlarmRule('ALARM(a) OR (OK(b) AND NOT ALARM(a))'))).toEqual(['a', 'b']);
  });

  it('rejects a malformed rule with the position', () => {
    expect(() => parseAlarmRule('ALARM(a) AND')).toThrow('Error in AlarmRule at position 13: expected ALARM(), OK(), INSUFFICIENT_DATA(), TRUE, FALSE, NOT or (');
    expect(() => parseAlarmRule('ALARM("a"')).toThrow("Error in AlarmRule at position 10: expected ')'");
  });
});
