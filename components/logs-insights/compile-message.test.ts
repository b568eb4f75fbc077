import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { validateQuery } from '@/lib/logs-insights';
import { COMPILE_CASES } from '@/lib/logs-insights/compile-cases';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { compileText } from './compile-message';

const english = createTranslator({ locale: 'en', messages: en, namespace: 'LogsInsightsCompile' });
const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'LogsInsightsCompile' });

function problem(text: string) {
  const result = validateQuery(text);
  return result.ok ? result.warnings[0] : result.error;
}

describe('compile problems in the page’s language', () => {
  it.each(COMPILE_CASES.map(([text, code]) => [code, text]))('%s in English is word for word what the parser and the API say', (_code, text) => {
    const found = problem(text);
    expect(compileText(english, found)).toBe(found.message);
  });

  it.each(COMPILE_CASES.map(([text, code]) => [code, text]))('%s in Korean names every value and leaves no English sentence', (_code, text) => {
    const found = problem(text);
    const said = compileText(korean, found);
    expect(said).not.toBe(found.message);
    expect(said).toMatch(/[가-힣]/);
    for (const value of Object.values(found.params)) if (value !== undefined) expect(said).toContain(typeof value === 'number' ? value.toLocaleString('ko') : value);
  });

  it('says the end of the query, and a token found, as sentences of their own', () => {
    expect(compileText(korean, problem('fields a |'))).toBe('쿼리 명령이 와야 하는데 쿼리가 끝났습니다');
    expect(compileText(korean, problem('fields a b'))).toBe("'|' 또는 쿼리의 끝이 와야 하는데 'b'이(가) 있습니다");
    expect(compileText(korean, problem('fields abs(1, 2)'))).toBe("함수 'abs'은(는) 인수 1개를 받는데 2개가 주어졌습니다");
    expect(compileText(korean, problem('stats count(*) by bin(5parsecs)'))).toBe("알 수 없는 시간 단위 'parsecs': ms, s, m, h, d, w, mo, q, y(또는 그 긴 이름) 중 하나여야 합니다");
  });

  it('keeps the service’s own words, and a problem with a code these messages do not know, as given', () => {
    const service = { message: 'mismatched input | expecting {<EOF>, ...}', code: 'service', params: { message: 'mismatched input | expecting {<EOF>, ...}' } };
    expect(compileText(korean, service)).toBe(service.message);
    expect(compileText(korean, { message: 'from a newer console', code: 'somethingNew', params: {} })).toBe('from a newer console');
    expect(compileText(korean, { message: 'no code at all' })).toBe('no code at all');
  });
});
