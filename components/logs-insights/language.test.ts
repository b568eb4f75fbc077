import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { completionWords, fieldOptions } from './language';

const english = completionWords(createTranslator({ locale: 'en', messages: en, namespace: 'LogsInsights' }), createTranslator({ locale: 'en', messages: en, namespace: 'LogsInsightsCompile' }));

describe('field completions', () => {
  it('offers each system field once, then the groups’ fields with their share, ranked by it; names a bare name cannot spell in backquotes', () => {
    const options = fieldOptions(
      [{ name: '@timestamp', percent: 100 }, { name: 'log', percent: 100 }, { name: 'kubernetes.labels.app.kubernetes.io/name', percent: 40 }, { name: 'stream' }, { name: 'bad`name', percent: 3 }],
      english,
    );
    expect(options).toEqual([
      { label: '@timestamp', type: 'property', detail: 'field · 100%', boost: 0 },
      { label: '@message', type: 'property', detail: 'field', boost: 0 },
      { label: '@logStream', type: 'property', detail: 'field', boost: 0 },
      { label: '@log', type: 'property', detail: 'field', boost: 0 },
      { label: '@ingestionTime', type: 'property', detail: 'field', boost: 0 },
      { label: '@ptr', type: 'property', detail: 'field', boost: 0 },
      { label: 'log', type: 'property', detail: 'field · 100%', boost: 0 },
      { label: 'kubernetes.labels.app.kubernetes.io/name', type: 'property', detail: 'field · 40%', boost: -6, apply: '`kubernetes.labels.app.kubernetes.io/name`' },
      { label: 'stream', type: 'property', detail: 'field', boost: 0 },
    ]);
  });

  it('labels them in Korean, the share as a percentage', () => {
    const korean = completionWords(createTranslator({ locale: 'ko', messages: ko, namespace: 'LogsInsights' }), createTranslator({ locale: 'ko', messages: ko, namespace: 'LogsInsightsCompile' }));
    expect(fieldOptions([{ name: 'log', percent: 100 }], korean).map((o) => [o.label, o.detail])).toEqual([
      ['@timestamp', '필드'],
      ['@message', '필드'],
      ['@logStream', '필드'],
      ['@log', '필드'],
      ['@ingestionTime', '필드'],
      ['@ptr', '필드'],
      ['log', '필드 · 100%'],
    ]);
  });
});
