import type { createTranslator } from 'next-intl';
import type { GrantNote } from '@/lib/k8s/rbac/grant-yaml';
import type en from '@/messages/en.json';

type GrantT = ReturnType<typeof createTranslator<typeof en, 'Grant'>>;

/** A grant note in the page's language; "" as the namespace means all of them. */
export function grantNoteText(note: GrantNote, t: GrantT): string {
  const scope = note.namespace ? 'namespace' : 'all';
  return note.kind === 'allObjects' ? t('allObjects', { ...note, scope }) : t('secretValues', { namespace: note.namespace, scope });
}
