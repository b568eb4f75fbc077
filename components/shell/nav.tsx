'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from './nav-items';
import { clusterHref } from './urls';

export function Nav({ cluster, namespace }: { cluster: string; namespace: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Pages" className="w-44 shrink-0 border-r border-slate-200 bg-white py-3">
      <ul>
        {NAV_ITEMS.map((item) => {
          const path = clusterHref(cluster, item.page);
          const current = pathname === path;
          return (
            <li key={item.label}>
              <Link
                href={clusterHref(cluster, item.page, namespace || undefined)}
                aria-current={current ? 'page' : undefined}
                className={`block border-l-2 px-4 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-sky-600 ${
                  current
                    ? 'border-sky-600 bg-sky-50 font-semibold text-sky-900'
                    : 'border-transparent text-slate-700 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
