'use client';
import { usePathname, useSearchParams } from 'next/navigation';

/** Tabs whose choice is the `tab` query parameter, so a link opens the same tab. */
export function useTab<T extends string>(tabs: readonly T[]): [T, (tab: T) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const current = (params.get('tab') as T | null) ?? tabs[0];
  const select = (tab: T) => {
    const next = new URLSearchParams(params.toString());
    if (tab === tabs[0]) next.delete('tab');
    else next.set('tab', tab);
    window.history.replaceState(null, '', `${pathname}?${next.toString()}`);
  };
  return [tabs.includes(current) ? current : tabs[0], select];
}

export function TabList<T extends string>({
  tabs,
  current,
  onSelect,
  label,
  tabLabel = (tab) => tab,
}: {
  tabs: readonly T[];
  current: T;
  onSelect: (tab: T) => void;
  label: string;
  /** A tab's name in the page's language; the tab itself stays the address's word. */
  tabLabel?: (tab: T) => string;
}) {
  return (
    <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          aria-selected={tab === current}
          onClick={() => onSelect(tab)}
          className={`-mb-px border-b-2 px-3 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${tab === current ? 'border-sky-600 font-semibold text-sky-900' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
        >
          {tabLabel(tab)}
        </button>
      ))}
    </div>
  );
}
