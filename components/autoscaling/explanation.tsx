'use client';
import { useFormatter, useTranslations } from 'next-intl';
import type { Explanation, MetricStep } from '@/lib/k8s/hpa/explain';
import { sayOutcome, sayStep, type OutcomeMessage } from '@/lib/k8s/hpa/outcome';

function MetricRow({ step }: { step: MetricStep }) {
  const t = useTranslations('Hpa');
  const outcome = useTranslations('HpaOutcome');
  const format = useFormatter();
  const ratio = (value: number | undefined) => (value === undefined ? '—' : format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  return (
    <li className="rounded border border-slate-200 p-2" data-testid="hpa-metric-step">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 font-mono text-[13px]">
        <span className="font-semibold">
          {step.type} {step.name}
          {step.container ? ` (${step.container})` : ''}
        </span>
        <span>
          {step.current ?? t('unknown')} / {step.target}
        </span>
        {step.error ? null : (
          <>
            <span>{t('ratio', { ratio: ratio(step.ratio) })}</span>
            {step.adjustedRatio !== undefined && <span>{t('adjusted', { ratio: ratio(step.adjustedRatio) })}</span>}
            <span className={step.withinTolerance ? 'text-slate-600' : 'text-sky-800'}>{step.withinTolerance ? t('withinTolerance') : t('outsideTolerance')}</span>
            <span className="font-semibold">{t('proposal', { replicas: step.proposedReplicas ?? 0 })}</span>
          </>
        )}
      </div>
      <p className={`mt-1 text-sm ${step.error ? 'text-red-800' : 'text-slate-700'}`}>{sayStep((key, values) => outcome(key, values), step.explanationParts)}</p>
    </li>
  );
}

function at(iso: string): string {
  return iso.slice(11, 19);
}

/** The HPA's next decision in one sentence, in the page's language. */
export function OutcomeText({ message }: { message: OutcomeMessage }) {
  const t = useTranslations('HpaOutcome');
  return sayOutcome((key, values) => t(key, values), message);
}

/** The algorithm applied to now: each metric, the highest proposal, the window, the limits, then the outcome. */
export function ExplanationView({ explanation: e, title }: { explanation: Explanation; title?: string }) {
  const t = useTranslations('Hpa');
  const hold = e.stabilization?.hold;
  const b = (chunk: React.ReactNode) => <b>{chunk}</b>;
  const policies = (rules: NonNullable<Explanation['behavior']>['scaleUp']) => rules.policies.map((p) => t('policy', { value: p.value, type: p.type, period: p.periodSeconds })).join(', ');
  return (
    <div className="space-y-3">
      <p className="rounded bg-ink px-3 py-2 text-sm text-on-ink ring-1 ring-ink-line" data-testid="hpa-outcome" aria-label={t('outcomeLabel', { title: title ?? t('why') })}>
        <OutcomeText message={e.outcomeMessage} />
      </p>
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        {e.special ? (
          <li>{e.special === 'scaling-disabled' ? t('scalingDisabled') : t('outOfRange', { current: e.currentReplicas, min: e.minReplicas, max: e.maxReplicas })}</li>
        ) : (
          <>
            <li>
              {t('eachMetric', { tolerance: e.tolerance })}
              <ul className="mt-1 space-y-1.5">
                {e.metrics.map((m, i) => (
                  <MetricRow key={i} step={m} />
                ))}
              </ul>
            </li>
            <li>{e.error ? <span className="text-red-800">{e.error}</span> : t.rich('highestProposal', { proposed: e.proposedReplicas ?? 0, current: e.currentReplicas, b })}</li>
            {e.stabilization && (
              <li>
                {t.rich('stabilization', {
                  up: e.stabilization.windowSeconds.scaleUp,
                  down: e.stabilization.windowSeconds.scaleDown,
                  count: e.stabilization.recommendations,
                  stabilized: e.stabilization.stabilizedReplicas,
                  b,
                })}
                {hold && <> {t('hold', { direction: hold.kind === 'scale-down-stabilization' ? 'down' : 'up', replicas: hold.replicas, until: at(hold.until) })}</>}
              </li>
            )}
            {!e.error && (
              <li>
                {t('limits', { min: e.minReplicas, max: e.maxReplicas })}
                {e.behavior
                  ? t('behavior', {
                      upPolicy: e.behavior.scaleUp.selectPolicy,
                      up: policies(e.behavior.scaleUp),
                      downPolicy: e.behavior.scaleDown.selectPolicy,
                      down: policies(e.behavior.scaleDown),
                    })
                  : t('noBehavior')}
                {e.limit ? <> {t.rich('limited', { replicas: e.limit.replicas, reason: e.limit.reason, message: e.limit.message, b })}</> : t('withinRange')}
              </li>
            )}
          </>
        )}
        <li>{t.rich('decision', { desired: e.desiredReplicas, rescale: String(e.rescale), current: e.currentReplicas, b })}</li>
      </ol>
    </div>
  );
}
