'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from './nav-items';
import { clusterHref } from './urls';

/** A page's entry is current on the page itself and on the pages under it (/pods/ns/name is under Pods); the overview only on itself. */
function isCurrent(pathname: string, path: string, page: string): boolean {
  return pathname === path || (page !== '' && pathname.startsWith(`${path}/`));
}

export function Nav({ cluster, namespace }: { cluster: string; namespace: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Pages" className="w-44 shrink-0 border-r border-slate-200 bg-white py-3">
      <ul>
        {NAV_ITEMS.map((item) => {
          const path = clusterHref(cluster, item.page);
          const current = isCurrent(pathname, path, item.page);
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
