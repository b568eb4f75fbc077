/**
 * The HPA's next decision in one sentence, as structured data (a kind and its numbers) and the words
 * for it from the HpaOutcome messages, so the sentence reads in the page's language; the API keeps the
 * English one. Pure.
 */
import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';

/** Which rule holds the count: a ScalingLimited reason; one not known here is shown as the controller named it. */
export interface OutcomeLimit {
  reason: string;
  min: number;
  max: number;
}

export type OutcomeMessage =
  | { kind: 'scalingDisabled' }
  | { kind: 'aboveMax'; current: number; max: number }
  | { kind: 'belowMin'; current: number; min: number }
  | { kind: 'error'; error: string; current: number }
  | { kind: 'steady'; current: number; tolerant: boolean }
  | { kind: 'limited'; wanted: number; desired: number; held: boolean; limit?: OutcomeLimit; move?: { from: number; to: number } }
  | { kind: 'held'; wanted: number; heldAt: number; window: 'up' | 'down'; until: string; capped?: { holds: number; limit?: OutcomeLimit }; move?: { from: number; to: number } }
  | { kind: 'wants'; wanted: number; move?: { from: number; to: number } };

/** One sentence of a metric's step: how its pods were treated and the arithmetic. */
export type StepPart =
  | { kind: 'error'; error: string }
  | { kind: 'usage'; current: string; reported: boolean; target: string; ready: number; ratio: number }
  | { kind: 'ignored'; pods: string[] }
  | { kind: 'unready'; pods: string[]; cpu: boolean; minutes: number; up: boolean }
  | { kind: 'missing'; pods: string[]; counted: 'assumed' | 'nothing' | 'target'; utilization: boolean }
  | { kind: 'adjusted'; ratio: number }
  | { kind: 'withinTolerance'; tolerance: number; current: number }
  | { kind: 'directionChange'; current: number }
  | { kind: 'ceil'; ratio: number; pods: number; replicas: number };

export type OutcomeKey = keyof (typeof en)['HpaOutcome'];
/** A translator of the HpaOutcome messages: next-intl's, in whatever locale. */
export type OutcomeTranslate = (key: OutcomeKey, values?: Record<string, string | number>) => string;

/** The sentence in the translator's language. */
export function sayOutcome(t: OutcomeTranslate, m: OutcomeMessage): string {
  const count = (n: number) => t('replicas', { count: n });
  const by = (limit: OutcomeLimit | undefined) => (limit ? t('by', { what: t('limit', { reason: limit.reason, min: limit.min, max: limit.max }) }) : '');
  const move = (m: { move?: { from: number; to: number } }) => (m.move ? t('move', m.move) : '');
  switch (m.kind) {
    case 'scalingDisabled':
      return t('scalingDisabled');
    case 'aboveMax':
      return t('aboveMax', { count: count(m.current), max: m.max });
    case 'belowMin':
      return t('belowMin', { count: count(m.current), min: m.min });
    case 'error':
      return t('error', { error: m.error, current: m.current });
    case 'steady':
      return t('steady', { count: count(m.current), tolerant: String(m.tolerant) });
    case 'limited':
      return t('limited', { count: count(m.wanted), held: String(m.held), desired: m.desired, limit: by(m.limit), move: move(m) });
    case 'held':
      return t('held', {
        count: count(m.wanted),
        heldAt: m.heldAt,
        window: m.window,
        until: m.until,
        capped: m.capped ? t('capped', { holds: m.capped.holds, limit: by(m.capped.limit) }) : '',
        move: move(m),
      });
    case 'wants':
      return t('wants', { count: count(m.wanted), move: move(m) });
  }
}

/** A metric's step in the translator's language, its sentences joined. */
export function sayStep(t: OutcomeTranslate, parts: StepPart[]): string {
  const pods = (names: string[]) => t('podList', { names: names.slice(0, 3).join(', '), more: Math.max(0, names.length - 3) });
  return parts
    .map((p) => {
      switch (p.kind) {
        case 'error':
          return t('stepError', { error: p.error });
        case 'usage':
          return t('stepUsage', { current: p.current, reported: String(p.reported), target: p.target, ready: p.ready, ratio: p.ratio });
        case 'ignored':
          return t('stepIgnored', { pods: pods(p.pods) });
        case 'unready':
          return t('stepUnready', { pods: pods(p.pods), cpu: String(p.cpu), minutes: p.minutes, up: String(p.up) });
        case 'missing':
          return t('stepMissing', { pods: pods(p.pods), counted: p.counted, utilization: String(p.utilization) });
        case 'adjusted':
          return t('stepAdjusted', { ratio: p.ratio });
        case 'withinTolerance':
          return t('stepWithinTolerance', { tolerance: p.tolerance, current: p.current });
        case 'directionChange':
          return t('stepDirectionChange', { current: p.current });
        case 'ceil':
          return t('stepCeil', { ratio: p.ratio, pods: p.pods, replicas: p.replicas });
      }
    })
    .join(' ');
}

const english = createTranslator({ locale: 'en', messages: en, namespace: 'HpaOutcome' });

/** A metric's step in English, as the console API returns it. */
export function englishStep(parts: StepPart[]): string {
  return sayStep((key, values) => english(key, values), parts);
}

/** The sentence in English, as the console API returns it. */
export function englishOutcome(m: OutcomeMessage): string {
  return sayOutcome((key, values) => english(key, values), m);
}
