'use client';
import { useRouter } from 'next/navigation';
import { useClusters } from '../api/cluster';
import { ErrorView } from '../ui/error-view';
import { Popover } from '../ui/popover';
import { clusterHref } from './urls';

export const topBarControl =
  'h-8 rounded border border-slate-600 bg-slate-800 px-2 text-sm text-slate-100 hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-400';

export function ClusterSwitcher({ cluster }: { cluster: string }) {
  const router = useRouter();
  const clusters = useClusters();

  if (clusters.isError) {
    return (
      <Popover label="Clusters failed to load" button="Clusters: error" buttonClassName={`${topBarControl} text-red-300`}>
        <ErrorView error={clusters.error} compact />
      </Popover>
    );
  }
  const names = clusters.data?.clusters.map((entry) => entry.name) ?? [cluster];
  return (
    <label className="flex items-center gap-2 text-xs text-slate-400">
      Cluster
      <select
        className={`${topBarControl} max-w-64`}
        title={cluster}
        value={cluster}
        disabled={!clusters.data}
        onChange={(event) => router.push(clusterHref(event.target.value))}
      >
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
