import { useTranslations } from 'next-intl';
import type { HpaRow } from '@/lib/k8s/hpa/row';

/** Why an HPA needs attention: the controller's own message when it cannot get metrics, else Watchdeck's "at maxReplicas" in the page's language. */
export function AttentionText({ attention, subject = true }: { attention: NonNullable<HpaRow['attention']>; subject?: boolean }) {
  const t = useTranslations('Hpa');
  if (attention.kind === 'no-metrics') return subject ? t('noMetrics', { message: attention.message }) : attention.message;
  return t(subject ? 'atMaxListed' : 'atMax', { maxReplicas: attention.maxReplicas, above: attention.above.join(', ') });
}
