'use client';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useClusters } from '../api/cluster';
import { ErrorBadge } from './error-badge';
import { topBarControl, topBarLabel } from './top-bar';
import { clusterHref } from './urls';

export function ClusterSwitcher({ cluster }: { cluster: string }) {
  const router = useRouter();
  const clusters = useClusters();
  const t = useTranslations('Shell');

  if (clusters.isError) return <ErrorBadge label={t('clustersFailed')} error={clusters.error} />;
  const names = clusters.data?.clusters.map((entry) => entry.name) ?? [cluster];
  return (
    <label className={topBarLabel}>
      <span className="md:max-xl:sr-only">{t('cluster')}</span>
      <select className={`${topBarControl} max-w-64`} title={cluster} value={cluster} disabled={!clusters.data} onChange={(event) => router.push(clusterHref(event.target.value))}>
        {names.includes(cluster) ? null : <option value={cluster}>{cluster}</option>}
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
