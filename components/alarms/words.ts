import { createTranslator, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type en from '@/messages/en.json';
import { alarmCondition, spanSince, type Condition, type Span } from './format';

type AlarmsT = ReturnType<typeof createTranslator<typeof en, 'Alarms'>>;

export function spanText(span: Span, t: AlarmsT): string {
  return t('span', { ...span });
}

/** "for 23 min": how long something has been in its state. */
export function forText(span: Span, t: AlarmsT): string {
  return t('for', { span: spanText(span, t) });
}

/** "Sum ≥ 1 in 1 of 10 periods of 1 min". */
export function conditionSentence(c: Condition, t: AlarmsT): string {
  return t('condition', { ...c, period: c.period ? spanText(c.period, t) : 'none' });
}

/** The on-call page's words for spans and conditions, in the page's language. */
export function useAlarmWords() {
  const t = useTranslations('Alarms');
  return {
    forSince: useCallback((since: string, now: number) => forText(spanSince(since, now), t), [t]),
    agoSince: useCallback((since: string, now: number) => t('ago', { span: spanText(spanSince(since, now), t) }), [t]),
    condition: useCallback(
      (a: Parameters<typeof alarmCondition>[0]) => {
        const c = alarmCondition(a);
        return c ? conditionSentence(c, t) : '';
      },
      [t],
    ),
  };
}
