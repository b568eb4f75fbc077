'use client';
import { useTranslations } from 'next-intl';

/** A panel beside the grid (versions, CloudWatch) with its title and a Close button; below the grid, full width, on a narrow screen. */
export function SidePanel({ title, width, onClose, children }: { title: string; width: string; onClose: () => void; children: React.ReactNode }) {
  const t = useTranslations('Dashboards');
  return (
    <aside className={`w-full ${width} shrink-0 space-y-2 rounded border border-slate-200 bg-white p-3 text-sm`} aria-label={title}>
      <div className="flex items-center">
        <h2 className="font-semibold">{title}</h2>
        <button type="button" className="ml-auto text-xs text-slate-500 hover:underline" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      {children}
    </aside>
  );
}
