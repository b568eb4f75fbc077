'use client';
import { useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { forbiddenMessage } from '@/lib/k8s/rbac/forbidden';
import { ForbiddenPanel } from '../ui/forbidden-panel';
import { useDismiss } from '../ui/use-dismiss';
import { needParts, needText, type Need } from './action-checks';
import type { CanResult } from './use-can';

const TONES = {
  default: 'border-slate-300 bg-white text-slate-900 hover:bg-slate-50',
  danger: 'border-red-300 bg-white text-red-800 hover:bg-red-50',
};

/** The 403 message the API server would give for the missing permission (k8s.io/apiserver's wording). */
export function refusalMessage(missing: NonNullable<CanResult['missing']>): string {
  const reason = forbiddenMessage(missing.user, {
    verb: missing.verb,
    resourceRequest: true,
    path: '',
    apiGroup: missing.group,
    resource: missing.resource,
    subresource: missing.subresource,
    namespace: missing.namespace,
    name: missing.name,
  });
  const what = missing.group ? `${missing.resource}.${missing.group}` : missing.resource;
  return missing.name ? `${what} "${missing.name}" is forbidden: ${reason}` : `${what} is forbidden: ${reason}`;
}

/** Every permission an action needs, each with the API server's answer, so one grant can cover them all. */
function NeededPermissions({ label, needs }: { label: string; needs: readonly Need[] }) {
  const t = useTranslations('Actions');
  return (
    <div className="border border-b-0 border-slate-200 px-3 py-2 text-sm">
      <p className="font-medium text-slate-900">{t('needsAll', { action: label })}</p>
      <ul aria-label={t('permissionsNeeded', { action: label.toLowerCase() })} className="mt-1 space-y-0.5">
        {needs.map(({ check, result }) => (
          <li key={needText(check)} className="flex items-baseline gap-2">
            <span className={`w-16 shrink-0 text-xs font-semibold ${result?.allowed ? 'text-emerald-800' : 'text-red-800'}`}>{result?.allowed ? t('allowed') : t('refused')}</span>{' '}
            <span className="font-mono text-[13px] text-slate-900">{t('need', needParts(check))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A button the API server has said the caller may press. While the answer is awaited it waits;
 * when refused it stays in place, disabled, and hovering, focusing or clicking it shows the same
 * explanation a 403 gets: what is missing, the roles that grant it, a grant to copy.
 */
export function GuardedAction({
  can,
  needs,
  label,
  onClick,
  tone = 'default',
}: {
  can: CanResult | undefined;
  /** Every permission the action needs, when more than one: a refusal lists them all with each answer. */
  needs?: readonly Need[];
  label: string;
  onClick: () => void;
  tone?: keyof typeof TONES;
}) {
  const t = useTranslations('Actions');
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  const panelId = useId();
  const refused = can?.allowed === false;

  useDismiss(open, root, () => setOpen(false));

  const className = `rounded border px-2.5 py-1 text-sm ${TONES[tone]} aria-disabled:cursor-not-allowed aria-disabled:opacity-50`;
  if (!refused) {
    return (
      <button type="button" className={className} aria-disabled={can === undefined || undefined} title={can === undefined ? t('asking') : undefined} onClick={can ? onClick : undefined}>
        {label}
      </button>
    );
  }
  return (
    <span ref={root} className="relative inline-block" onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      {/* aria-disabled rather than disabled: a disabled button takes no focus, and its explanation must be reachable by keyboard. */}
      <button
        type="button"
        className={className}
        aria-disabled="true"
        aria-describedby={open ? panelId : undefined}
        aria-expanded={open}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        data-refused=""
      >
        {label}
      </button>
      {open && can.missing && (
        <div
          id={panelId}
          role="tooltip"
          aria-label={t('whyCannot', { action: label.toLowerCase() })}
          className="absolute right-0 top-full z-30 mt-1 max-h-[70vh] w-[28rem] overflow-auto bg-white shadow-lg"
        >
          {needs && needs.length > 1 && <NeededPermissions label={label} needs={needs} />}
          <ForbiddenPanel message={refusalMessage(can.missing)} missing={can.missing} compact />
        </div>
      )}
    </span>
  );
}
