'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { ResourceNav } from '../resources/resource-nav';
import { NAV_ITEMS } from './nav-items';
import { clusterHref } from './urls';

/** A page's entry is current on the page itself and on the pages under it (/pods/ns/name is under Pods); the overview only on itself. */
function isCurrent(pathname: string, path: string, page: string): boolean {
  return pathname === path || (page !== '' && pathname.startsWith(`${path}/`));
}

/**
 * The pages: a sidebar from 768 px up; below it, hidden until the header's menu button opens it
 * (`open`), and closed again by choosing a page.
 */
export function Nav({ cluster, namespace, open, onNavigate }: { cluster: string; namespace: string; open: boolean; onNavigate: () => void }) {
  const t = useTranslations('Nav');
  const pathname = usePathname();
  return (
    <nav
      id="pages"
      aria-label={t('label')}
      className={`${open ? 'block' : 'hidden'} absolute inset-x-0 top-0 z-20 max-h-[80vh] overflow-y-auto border-b border-slate-200 bg-white py-3 shadow-md md:static md:block md:max-h-none md:w-52 md:shrink-0 md:border-b-0 md:border-r md:shadow-none`}
    >
      <ul>
        {NAV_ITEMS.map((item) => {
          const path = clusterHref(cluster, item.page);
          const current = isCurrent(pathname, path, item.page);
          return (
            <li key={item.label}>
              {/* No prefetch: the pages are dynamic, so each page load rendered every page's layouts on the server, again once the namespace was known. */}
              <Link
                href={clusterHref(cluster, item.page, namespace || undefined)}
                prefetch={false}
                aria-current={current ? 'page' : undefined}
                onClick={onNavigate}
                className={`block border-l-2 px-4 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-sky-600 ${
                  current ? 'border-sky-600 bg-sky-50 font-semibold text-sky-900' : 'border-transparent text-slate-700 hover:bg-slate-100 hover:text-slate-900'
                }`}
              >
                {t(item.label)}
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="mt-3 border-t border-slate-200 pt-2">
        <ResourceNav cluster={cluster} namespace={namespace} pathname={pathname} onNavigate={onNavigate} />
      </div>
    </nav>
  );
}
