'use client';
import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { TabList, useTab } from '../table/tabs';
import { CanIMatrix } from './can-i-matrix';
import { BindingsBrowser, RolesBrowser } from './rbac-lists';
import { WhoCan } from './who-can';

const TABS = ['Can I', 'Who can', 'Roles', 'Bindings'] as const;

/** Access: what you (or another subject) may do, who may do something, and the roles and bindings behind it. */
export function AccessPage({ cluster }: { cluster: string }) {
  const t = useTranslations('Access');
  const namespace = useSearchParams().get('namespace') ?? '';
  const [tab, select] = useTab(TABS);
  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">
          {cluster}
          {namespace ? ` / ${namespace}` : ''}
        </span>
      </div>
      <TabList tabs={TABS} current={tab} onSelect={select} label={t('title')} tabLabel={(name) => t('tab', { tab: name.replace(' ', '_') })} />
      {tab === 'Can I' && <CanIMatrix cluster={cluster} namespace={namespace} />}
      {tab === 'Who can' && <WhoCan cluster={cluster} namespace={namespace} />}
      {tab === 'Roles' && <RolesBrowser cluster={cluster} namespace={namespace} />}
      {tab === 'Bindings' && <BindingsBrowser cluster={cluster} namespace={namespace} />}
    </div>
  );
}
