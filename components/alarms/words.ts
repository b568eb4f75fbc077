import { createTranslator, useTranslations } from 'next-intl';
import type { Signal } from '@/lib/signals/signals';
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

export function signalTitle(s: Signal, t: AlarmsT): string {
  return t('signalTitle', { kind: s.kind, ...s.says.title });
}

/** A signal's message where Watchdeck wrote it; else the API server's words, as they came. */
export function signalMessage(s: Signal, t: AlarmsT): string {
  const m = s.says.message;
  if (!m) return s.message;
  if (m.key === 'aboveTarget') return t('aboveTarget', { metrics: m.above.map((a) => t('aboveMetric', a)).join(', ') });
  return t('signalMessage', { exitCode: 'none', reason: '', ...m });
}

/** A signal's title and message in the page's language. */
export function useSignalWords() {
  const t = useTranslations('Alarms');
  return { signalTitle: (s: Signal) => signalTitle(s, t), signalMessage: (s: Signal) => signalMessage(s, t) };
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
