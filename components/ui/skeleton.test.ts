import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { waitingSeconds } from './skeleton';

describe('waitingSeconds', () => {
  it('says nothing for the first 2 s, then for how many whole seconds the skeleton has waited', () => {
    expect(waitingSeconds(1_999)).toBeUndefined();
    expect(waitingSeconds(2_000)).toBe(2);
    expect(waitingSeconds(4_900)).toBe(4);
  });

  it('reads as what the skeleton waits for, in each language', () => {
    const english = createTranslator({ locale: 'en', messages: en, namespace: 'Skeleton' });
    expect(english('waiting', { label: 'Loading pod', waitingFor: 'the API server', seconds: 2 })).toBe('Loading pod: waiting for the API server… 2 s');
    expect(english('waiting', { label: 'Loading Container Insights', waitingFor: 'CloudWatch', seconds: 4 })).toBe('Loading Container Insights: waiting for CloudWatch… 4 s');
    const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'Skeleton' });
    expect(korean('waiting', { label: '파드 불러오는 중', waitingFor: 'API 서버', seconds: 4 })).toBe('파드 불러오는 중: API 서버 응답 대기 중… 4초');
  });
});
