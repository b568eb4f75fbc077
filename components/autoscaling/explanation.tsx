'use client';
import type { Explanation, MetricStep } from '@/lib/k8s/hpa/explain';

function ratio(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(2);
}

function MetricRow({ step }: { step: MetricStep }) {
  return (
    <li className="rounded border border-slate-200 p-2" data-testid="hpa-metric-step">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 font-mono text-[13px]">
        <span className="font-semibold">
          {step.type} {step.name}
          {step.container ? ` (${step.container})` : ''}
        </span>
        <span>
          {step.current ?? '<unknown>'} / {step.target}
        </span>
        {step.error ? null : (
          <>
            <span>ratio {ratio(step.ratio)}</span>
            {step.adjustedRatio !== undefined && <span>adjusted {ratio(step.adjustedRatio)}</span>}
            <span className={step.withinTolerance ? 'text-slate-600' : 'text-sky-800'}>{step.withinTolerance ? 'within tolerance' : 'outside tolerance'}</span>
            <span className="font-semibold">→ {step.proposedReplicas} replicas</span>
          </>
        )}
      </div>
      <p className={`mt-1 text-sm ${step.error ? 'text-red-800' : 'text-slate-700'}`}>{step.explanation}</p>
    </li>
  );
}

function at(iso: string): string {
  return iso.slice(11, 19);
}

/** The algorithm applied to now: each metric, the highest proposal, the window, the limits, then the outcome. */
export function ExplanationView({ explanation: e, title = 'Why' }: { explanation: Explanation; title?: string }) {
  const hold = e.stabilization?.hold;
  return (
    <div className="space-y-3">
      <p className="rounded bg-ink px-3 py-2 text-sm text-on-ink ring-1 ring-ink-line" data-testid="hpa-outcome" aria-label={`${title}: outcome`}>
        {e.outcome}
      </p>
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        {e.special ? (
          <li>
            {e.special === 'scaling-disabled'
              ? 'The target has 0 replicas: the controller does not scale it (scale to zero is off).'
              : `The target's ${e.currentReplicas} replicas are outside ${e.minReplicas}–${e.maxReplicas}: the controller moves it inside before looking at metrics.`}
          </li>
        ) : (
          <>
            <li>
              Each metric against its target, with the {e.tolerance} tolerance (a ratio within 1 ± {e.tolerance} changes nothing):
              <ul className="mt-1 space-y-1.5">
                {e.metrics.map((m, i) => (
                  <MetricRow key={i} step={m} />
                ))}
              </ul>
            </li>
            <li>
              {e.error ? (
                <span className="text-red-800">{e.error}</span>
              ) : (
                <>
                  The highest proposal across metrics: <b>{e.proposedReplicas}</b> replicas (current {e.currentReplicas}).
                </>
              )}
            </li>
            {e.stabilization && (
              <li>
                Stabilization: scale-up window {e.stabilization.windowSeconds.scaleUp} s, scale-down window {e.stabilization.windowSeconds.scaleDown} s over {e.stabilization.recommendations} recent
                recommendations → <b>{e.stabilization.stabilizedReplicas}</b>.
                {hold && (
                  <>
                    {' '}
                    The {hold.kind === 'scale-down-stabilization' ? 'scale-down' : 'scale-up'} window holds {hold.replicas} until {at(hold.until)}.
                  </>
                )}
              </li>
            )}
            {!e.error && (
              <li>
                Limits: min {e.minReplicas}, max {e.maxReplicas}
                {e.behavior ? (
                  <>
                    ; behavior scale-up {e.behavior.scaleUp.selectPolicy} of {e.behavior.scaleUp.policies.map((p) => `${p.value} ${p.type === 'Pods' ? 'pods' : '%'}/${p.periodSeconds}s`).join(', ')},
                    scale-down {e.behavior.scaleDown.selectPolicy} of {e.behavior.scaleDown.policies.map((p) => `${p.value} ${p.type === 'Pods' ? 'pods' : '%'}/${p.periodSeconds}s`).join(', ')}
                  </>
                ) : (
                  '; no behavior: a scale-up adds at most max(2 × current, 4)'
                )}
                {e.limit ? (
                  <>
                    {' '}
                    → <b>{e.limit.replicas}</b> ({e.limit.reason}: {e.limit.message}).
                  </>
                ) : (
                  ' → within range.'
                )}
              </li>
            )}
          </>
        )}
        <li>
          Decision: <b>{e.desiredReplicas}</b> replicas{e.rescale ? `, a rescale from ${e.currentReplicas}` : ', no rescale'}.
        </li>
      </ol>
    </div>
  );
}
