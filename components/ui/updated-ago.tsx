'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** "updated N s ago", ticking every second from a query's dataUpdatedAt. */
export function UpdatedAgo({ at }: { at: number }) {
  const t = useTranslations('Time');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!at) return null;
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  return (
    <span className="text-xs tabular-nums text-slate-500" aria-live="off">
      {t('updatedAgo', { seconds })}
    </span>
  );
}
