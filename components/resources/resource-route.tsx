'use client';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { resourcesQuery, type ResourceId } from '../api/queries/resources';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { ResourceListPage } from './resource-list-page';

/** The list page of a served resource: its kind and scope from discovery; a path discovery does not name is said to be unknown. */
export function ResourceRoute({ cluster, id }: { cluster: string; id: ResourceId }) {
  const t = useTranslations('Resources');
  const namespace = useSearchParams().get('namespace') ?? '';
  const resources = useQuery(resourcesQuery(cluster, namespace));
  if (resources.isError) return <ErrorView error={resources.error} />;
  if (!resources.data) return <Skeleton className="h-64 w-full" label={t('loadingServed')} />;
  const entry = resources.data.resources.find((r) => r.group === id.group && r.version === id.version && r.resource === id.resource);
  if (!entry)
    return (
      <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
        {t.rich('notServed', { path: `${id.group}/${id.version}/${id.resource}`, mono: (chunk) => <span className="font-mono">{chunk}</span> })}
      </p>
    );
  return <ResourceListPage cluster={cluster} id={id} kind={entry.kind} namespaced={entry.namespaced} />;
}
