import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';

const english = createTranslator({ locale: 'en', messages: en, namespace: 'Nodes' });
const korean = createTranslator({ locale: 'ko', messages: ko, namespace: 'Nodes' });
const node = 'ip-192-168-0-137.ap-northeast-2.compute.internal';

// The English is the drain's own `message` (server/k8s/actions/drain.ts), which the drain tests assert.
describe("a drain's last line", () => {
  it('reads in English as the console API words it', () => {
    expect(english('stepDone', { result: 'notEvicted', node, count: 1 })).toBe(`1 pod not evicted; node ${node} stays cordoned`);
    expect(english('stepDone', { result: 'notEvicted', node, count: 2 })).toBe(`2 pods not evicted; node ${node} stays cordoned`);
    expect(english('stepDone', { result: 'refused', node, count: 3 })).toBe(`nothing was evicted; node ${node} stays cordoned`);
    expect(english('stepDone', { result: 'stopped', node, count: 0 })).toBe(`stopped; node ${node} stays cordoned`);
    expect(english('stepDone', { result: 'drained', node, count: 0 })).toBe(`node ${node} drained; it stays cordoned until uncordoned`);
  });

  it('reads in Korean with the count of pods left', () => {
    expect(korean('stepDone', { result: 'notEvicted', node, count: 2 })).toBe(`파드 2개 축출되지 않음. 노드 ${node}는 cordon 상태로 남습니다`);
    expect(korean('stepDone', { result: 'drained', node, count: 0 })).toBe(`노드 ${node} 드레인 완료. uncordon할 때까지 cordon 상태로 남습니다`);
  });
});
