import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { grantNotes } from '@/lib/k8s/rbac/grant-yaml';
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import { grantNoteText } from './grant-notes';

const listPods = { verb: 'list', resource: 'pods', subresource: '', group: '', namespace: 'eks-work', name: '', user: 'dev' };
describe("the grant notes' messages", () => {
  const say = (messages: typeof en, locale: 'en' | 'ko') => {
    const t = createTranslator({ locale, messages, namespace: 'Grant' });
    return (note: ReturnType<typeof grantNotes>[number]) => grantNoteText(note, t);
  };
  const logs = grantNotes({ ...listPods, verb: 'get', subresource: 'log', name: 'backend-app-7d4b9c-x2x9q' });
  const secrets = [...grantNotes({ ...listPods, resource: 'secrets' }), ...grantNotes({ ...listPods, resource: 'secrets', namespace: '' })];

  it('read in English as the sentences the console has always shown', () => {
    expect([...logs, ...secrets].map(say(en, 'en'))).toEqual([
      'Granted on all pods in namespace eks-work rather than backend-app-7d4b9c-x2x9q alone: its controller gives the replacement a new name at the next rollout.',
      'Listing or watching secrets returns the values of every secret in namespace eks-work, not only their names.',
      'Listing or watching secrets returns the values of every secret in all namespaces, not only their names.',
    ]);
  });

  it('read in Korean with the namespace, resource and pod name kept as they are', () => {
    expect([...logs, ...secrets].map(say(ko, 'ko'))).toEqual([
      'backend-app-7d4b9c-x2x9q 하나가 아니라 eks-work 네임스페이스의 pods 전체에 권한을 부여합니다. 다음 롤아웃 때 컨트롤러가 새 이름의 오브젝트로 교체하기 때문입니다.',
      'secrets를 list하거나 watch하면 이름뿐 아니라 eks-work 네임스페이스에 있는 모든 시크릿의 값이 반환됩니다.',
      'secrets를 list하거나 watch하면 이름뿐 아니라 모든 네임스페이스에 있는 모든 시크릿의 값이 반환됩니다.',
    ]);
  });
});
