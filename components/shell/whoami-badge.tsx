'use client';
import { useTranslations } from 'next-intl';
import { useWhoAmI } from '../api/cluster';
import { Popover } from '../ui/popover';
import { topBarControl } from './top-bar';
import { ErrorBadge } from './error-badge';

export function WhoAmIBadge({ cluster }: { cluster: string }) {
  const t = useTranslations('WhoAmI');
  const whoami = useWhoAmI(cluster);
  if (whoami.isPending) return <span className="h-6 w-20 animate-pulse rounded bg-ink-raised" role="status" aria-label={t('loading')} />;
  if (whoami.isError) return <ErrorBadge label={t('failed')} error={whoami.error} align="right" />;
  const { username, uid, groups } = whoami.data;
  return (
    <Popover
      label={t('signedInAs', { username })}
      button={
        <span className="flex items-center gap-1.5">
          {/* The initial is drawn from an attribute, not written as text: the button's visible text is then the username alone, which its name contains (WCAG 2.5.3). */}
          <span
            aria-hidden
            data-initial={username.slice(0, 1)}
            className="grid size-5 place-items-center rounded-full bg-ink-line text-[10px] font-bold uppercase text-on-ink before:content-[attr(data-initial)]"
          />
          <span data-testid="whoami-username">{username}</span>
        </span>
      }
      buttonClassName={topBarControl}
      align="right"
    >
      <dl className="space-y-2">
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t('user')}</dt>
          <dd className="font-mono">{username}</dd>
        </div>
        {uid && (
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t('uid')}</dt>
            <dd className="font-mono text-xs">{uid}</dd>
          </div>
        )}
        <div>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t('groups')}</dt>
          <dd>
            <ul aria-label={t('groups')} className="font-mono">
              {groups.map((group) => (
                <li key={group}>{group}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-slate-500">{t('source')}</p>
    </Popover>
  );
}
