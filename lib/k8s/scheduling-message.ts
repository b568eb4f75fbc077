/**
 * The scheduler's FailedScheduling message (framework.FitError) parsed into its parts:
 * "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: true}, 3 Insufficient cpu.
 * preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling." Pure.
 */

export type SchedulingReasonKind = 'insufficient' | 'taint' | 'affinity' | 'volume' | 'ports' | 'other';

export interface SchedulingReason {
  count: number;
  reason: string;
  kind: SchedulingReasonKind;
  /** Insufficient: the resource ("cpu", "memory", "pods", "nvidia.com/gpu"). */
  resource?: string;
  /** Taint: the taint as the scheduler printed it, "dedicated: true". */
  taint?: string;
  /** Volume: the pod's PersistentVolumeClaims with Immediate binding are not bound to a volume yet. */
  unboundClaims?: true;
}

export interface SchedulingMessage {
  available: number;
  total: number;
  reasons: SchedulingReason[];
  preemption?: { available?: number; total?: number; reasons: SchedulingReason[]; text: string };
}

const HEAD = /^(\d+)\/(\d+) nodes are available(?:: (.*?))?\.?$/;

function classify(count: number, reason: string): SchedulingReason {
  const insufficient = /^Insufficient (\S+)$/.exec(reason);
  if (insufficient) return { count, reason, kind: 'insufficient', resource: insufficient[1] };
  const taint = /^node\(s\) had untolerated taint \{(.*)\}$/.exec(reason);
  if (taint) return { count, reason, kind: 'taint', taint: taint[1] };
  if (/node affinity|node selector|affinity\/selector|anti-affinity|affinity rules/.test(reason)) return { count, reason, kind: 'affinity' };
  if (/PersistentVolumeClaim/.test(reason)) return { count, reason, kind: 'volume', ...(/unbound/.test(reason) ? { unboundClaims: true } : {}) };
  if (/volume/i.test(reason)) return { count, reason, kind: 'volume' };
  if (/free ports/.test(reason)) return { count, reason, kind: 'ports' };
  return { count, reason, kind: 'other' };
}

/**
 * "1 node(s) had untolerated taint {a: b}, 3 Insufficient cpu" → each reason with its count. A reason
 * without a count is a PreFilter rejection ("pod has unbound immediate PersistentVolumeClaims"): it
 * ruled out every node before any was checked, so it counts `total`.
 */
function reasons(list: string | undefined, total: number): SchedulingReason[] {
  if (!list) return [];
  return list
    .split(/, (?=\d+ )/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const counted = /^(\d+) (.*)$/.exec(part);
      return counted ? classify(Number(counted[1]), counted[2]) : classify(total, part);
    });
}

/** undefined when the message is not the scheduler's fit error. */
export function parseSchedulingMessage(message: string): SchedulingMessage | undefined {
  const text = message.trim();
  const split = text.indexOf(' preemption: ');
  const head = split < 0 ? text : text.slice(0, split);
  const match = HEAD.exec(head);
  if (!match) return undefined;
  const result: SchedulingMessage = { available: Number(match[1]), total: Number(match[2]), reasons: reasons(match[3], Number(match[2])) };
  if (split >= 0) {
    const tail = text.slice(split + ' preemption: '.length).trim();
    const p = HEAD.exec(tail);
    result.preemption = p ? { available: Number(p[1]), total: Number(p[2]), reasons: reasons(p[3], Number(p[2])), text: tail } : { reasons: [], text: tail };
  }
  return result;
}
