import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import ko from '@/messages/ko.json';
import { englishOutcome, englishStep, sayOutcome, sayStep, type OutcomeMessage, type StepPart } from './outcome';

const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'HpaOutcome' });
const inKorean = (m: OutcomeMessage) => sayOutcome((key, values) => korean(key, values), m);

// The English sentences are the ones explain.test.ts asserts for the same situations.
describe('the HPA outcome in each language', () => {
  it('a rescale', () => {
    const m: OutcomeMessage = { kind: 'wants', wanted: 5, move: { from: 3, to: 5 } };
    expect(englishOutcome(m)).toBe('wants 5 replicas: scales from 3 to 5');
    expect(inKorean(m)).toBe('레플리카 5개를 원함: 3개에서 5개로 스케일');
  });

  it('a count held by the scale-down stabilization window', () => {
    const m: OutcomeMessage = { kind: 'held', wanted: 4, heldAt: 9, window: 'down', until: '12:04:30' };
    expect(englishOutcome(m)).toBe('wants 4 replicas; held at 9 by the scale-down stabilization window until 12:04:30');
    expect(inKorean(m)).toBe('레플리카 4개를 원함, 스케일 다운 안정화 윈도 때문에 12:04:30까지 9개로 유지');
  });

  it('a count limited by maxReplicas, and by a reason this console does not know, named as the controller gave it', () => {
    const m: OutcomeMessage = { kind: 'limited', wanted: 20, desired: 10, held: true, limit: { reason: 'TooManyReplicas', min: 2, max: 10 } };
    expect(englishOutcome(m)).toBe('wants 20 replicas; held at 10 by maxReplicas (10)');
    expect(inKorean(m)).toBe('레플리카 20개를 원함, 10개로 유지 (maxReplicas(10) 때문)');
    expect(englishOutcome({ ...m, limit: { reason: 'SomethingNew', min: 2, max: 10 } })).toBe('wants 20 replicas; held at 10 by SomethingNew');
  });

  it('one replica is singular in English', () => {
    const m: OutcomeMessage = { kind: 'belowMin', current: 1, min: 2 };
    expect(englishOutcome(m)).toBe('has 1 replica, below minReplicas 2: scales up to 2 without looking at metrics');
    expect(inKorean(m)).toBe('레플리카 1개로 minReplicas 2보다 적음: 메트릭과 관계없이 2개로 스케일 업');
  });
});

describe("a metric's step in each language", () => {
  // explain.test.ts asserts these English sentences for the same pods.
  const scaled: StepPart[] = [
    { kind: 'usage', current: '80%', reported: false, target: '50%', ready: 3, ratio: 1.6 },
    { kind: 'ceil', ratio: 1.6, pods: 3, replicas: 5 },
  ];

  it('the ratio over the ready pods and the arithmetic, two decimals as the controller rounds them', () => {
    expect(englishStep(scaled)).toBe('80% against 50% over 3 ready pods: ratio 1.60. ceil(1.60 × 3) = 5.');
    expect(sayStep((key, values) => korean(key, values), scaled)).toBe('Ready 파드 3개 기준 80% / 목표 50%: 비율 1.60. ceil(1.60 × 3) = 5.');
  });

  it('more than three pods are named by the first three and a count', () => {
    const part: StepPart = { kind: 'ignored', pods: ['a', 'b', 'c', 'd', 'e'] };
    expect(englishStep([part])).toBe('Ignored (being deleted or failed): a, b, c and 2 more.');
    expect(sayStep((key, values) => korean(key, values), [part])).toBe('제외됨(삭제 중이거나 실패): a, b, c 외 2개.');
  });
});
