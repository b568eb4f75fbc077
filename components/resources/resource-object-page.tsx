'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { RelatedObject } from '@/server/k8s/related';
import type { Section } from '@/server/k8s/section';
import { ActionBar } from '../actions/action-bar';
import { resourceObjectQuery, resourcesQuery, type ResourceId } from '../api/queries/resources';
import { EditYamlAction } from '../editor/yaml-actions';
import { EventsPanel } from '../pods/events-table';
import { ConditionsTable, Facts, KeyValues, Panel, useAgo } from '../table/panel';
import { TabList, useTab } from '../table/tabs';
import { useNow } from '../table/use-now';
import { YamlView } from '../table/yaml-view';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { genericListHref, resourceObjectHref } from './links';
import { ServicePorts, type ServiceSpec } from './service-ports';

const TABS = ['Summary', 'YAML', 'Events', 'Related'] as const;

type Condition = { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string };

/** A section's data, or its own error (a 403 shows the missing permission), so one refusal leaves the rest. */
function sectionParts<T>(section: Section<T>): { data: T | undefined; error: unknown } {
  return 'data' in section ? { data: section.data, error: undefined } : { data: undefined, error: section.error };
}

function ObjectLinks({ cluster, items, empty }: { cluster: string; items: RelatedObject[]; empty: string }) {
  const t = useTranslations('Resources');
  if (items.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <ul className="space-y-1 text-sm">
      {items.map((item) => (
        <li key={`${item.kind}/${item.namespace}/${item.name}`} className="flex flex-wrap gap-x-2">
          <span className="text-slate-500">{item.kind}</span>
          <Link href={resourceObjectHref(cluster, item, item.namespace, item.name)} className="font-mono text-sky-800 hover:underline">
            {item.namespace ? `${item.namespace}/` : ''}
            {item.name}
          </Link>
          {item.note && (
            <span className="text-xs text-slate-500">
              ({item.notFound ? t('notFound') : item.uses ? item.uses.map((use) => t(use.via === 'volume' ? 'usedAsVolume' : 'usedInEnvOf', { name: use.name })).join(', ') : item.note})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function ResourceObjectPage({ cluster, id, namespace, name }: { cluster: string; id: ResourceId; namespace: string; name: string }) {
  const ago = useAgo();
  const t = useTranslations('Resources');
  const tServices = useTranslations('Services');
  const [tab, setTab] = useTab(TABS);
  const detail = useQuery(resourceObjectQuery(cluster, id, namespace, name));
  const served = useQuery(resourcesQuery(cluster, namespace)).data?.resources;
  // An owner reference names apiVersion and kind; discovery says which resource that is.
  const ownerEntry = (link: { apiVersion: string; kind: string }) => {
    const group = link.apiVersion.includes('/') ? link.apiVersion.split('/')[0] : 'core';
    return served?.find((r) => r.group === group && r.kind === link.kind);
  };
  const subresources = served?.find((r) => r.group === id.group && r.version === id.version && r.resource === id.resource)?.subresources;
  const now = useNow(5000);
  const data = detail.data;
  const meta = data?.object.metadata;
  const conditions = ((data?.object.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).filter((c) => c && typeof c.type === 'string');

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <Link href={genericListHref(cluster, id, namespace || undefined)} className="text-sm text-sky-800 hover:underline">
          {data?.resource.kind ?? id.resource}
        </Link>
        <span aria-hidden className="text-slate-400">
          /
        </span>
        <h1 className="break-all font-mono text-lg font-semibold">{name}</h1>
        {namespace && <span className="font-mono text-sm text-slate-600">{namespace}</span>}
        {data && (
          <div className="ml-auto flex flex-wrap items-center gap-2">
            <EditYamlAction cluster={cluster} id={id} namespace={namespace} name={name} kind={data.resource.kind} />
            <ActionBar
              cluster={cluster}
              object={{ ...id, kind: data.resource.kind, namespace, name }}
              state={data.object.spec as { paused?: boolean; suspend?: boolean } | undefined}
              subresources={subresources}
            />
          </div>
        )}
      </div>
      {detail.isError ? (
        <ErrorView error={detail.error} />
      ) : !data ? (
        <Skeleton className="h-64 w-full" label={t('loadingObject', { name })} />
      ) : (
        <>
          <TabList tabs={TABS} current={tab} onSelect={setTab} label={t('object')} tabLabel={(name) => t('tab', { tab: name })} />
          {tab === 'Summary' && (
            <div className="grid gap-3 lg:grid-cols-2">
              <Panel title={t('metadata')} data={data}>
                {(d) => (
                  <Facts
                    facts={[
                      [t('kind'), `${d.object.apiVersion ?? ''} ${d.object.kind ?? d.resource.kind}`],
                      [t('name'), meta?.name],
                      [t('namespace'), meta?.namespace ?? '—'],
                      ['UID', meta?.uid],
                      [t('created'), meta?.creationTimestamp ? `${meta.creationTimestamp} (${ago(meta.creationTimestamp, now)})` : undefined],
                      [t('resourceVersion'), meta?.resourceVersion],
                    ]}
                  />
                )}
              </Panel>
              {id.group === 'core' && id.resource === 'services' && (
                <Panel title={tServices('ports')} data={(data.object.spec ?? {}) as ServiceSpec}>
                  {(spec) => <ServicePorts cluster={cluster} namespace={namespace} name={name} spec={spec} />}
                </Panel>
              )}
              <Panel title={t('conditions')} data={conditions}>
                {(c) => <ConditionsTable conditions={c} now={now} />}
              </Panel>
              <Panel title={t('labels')} data={meta?.labels ?? {}}>
                {(labels) => <KeyValues values={labels} label={t('labels')} />}
              </Panel>
              <Panel title={t('annotations')} data={meta?.annotations ?? {}}>
                {(annotations) => <KeyValues values={annotations} label={t('annotations')} />}
              </Panel>
            </div>
          )}
          {tab === 'YAML' && <YamlView yaml={data.yaml} />}
          {tab === 'Events' && <EventsPanel events={data.events} now={now} />}
          {tab === 'Related' && (
            <div className="grid gap-3 lg:grid-cols-2">
              <Panel title={t('owners')} {...sectionParts(data.owners)}>
                {(links) =>
                  links.length === 0 ? (
                    <p className="text-sm text-slate-500">{t('noOwner')}</p>
                  ) : (
                    <ol aria-label={t('ownerChain')} className="space-y-1 text-sm">
                      {links.map((link) => (
                        <li key={`${link.kind}/${link.name}`} className="flex flex-wrap gap-x-2">
                          <span className="text-slate-500">{link.kind}</span>
                          {ownerEntry(link) ? (
                            <Link href={resourceObjectHref(cluster, ownerEntry(link)!, ownerEntry(link)!.namespaced ? namespace : '', link.name)} className="font-mono text-sky-800 hover:underline">
                              {link.name}
                            </Link>
                          ) : (
                            <span className="font-mono">{link.name}</span>
                          )}
                          {link.error && <ErrorView error={link.error} compact />}
                        </li>
                      ))}
                    </ol>
                  )
                }
              </Panel>
              <Panel title={t('children')} {...sectionParts(data.children)}>
                {(items) => <ObjectLinks cluster={cluster} items={items} empty={t('ownsNothing')} />}
              </Panel>
              {data.related.map((related) => (
                <Panel key={related.title} title={related.titleKey ? t(related.titleKey) : related.title} {...sectionParts(related.result)}>
                  {(items) => <ObjectLinks cluster={cluster} items={items} empty={t('noneRelated')} />}
                </Panel>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
