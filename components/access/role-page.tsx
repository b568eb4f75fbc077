'use client';
import { useFormatter, useTranslations } from 'next-intl';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { clusterHref } from '../shell/urls';
import { KeyValues, Panel } from '../table/panel';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { useBinding, useRole } from './api';
import { roleHref } from './links';
import { BindingTable, subjectText } from './rbac-lists';
import { RulesTable } from './rules-table';

function Header({ cluster, kind, name, namespace }: { cluster: string; kind: string; name: string; namespace?: string }) {
  const t = useTranslations('Access');
  return (
    <div className="space-y-1">
      <p className="text-sm">
        <Link href={clusterHref(cluster, 'access', namespace)} className="text-sky-800 hover:underline">
          {t('title')}
        </Link>
      </p>
      <h1 className="text-lg font-semibold">
        {kind}{' '}
        <span className="font-mono">
          {namespace ? `${namespace}/` : ''}
          {name}
        </span>
      </h1>
    </div>
  );
}

/** A Role or ClusterRole as `kubectl describe` shows it, with the bindings that bind it. */
export function RolePage({ cluster, plural, name }: { cluster: string; plural: string; name: string }) {
  const namespace = useSearchParams().get('namespace') ?? undefined;
  const t = useTranslations('Access');
  const format = useFormatter();
  const role = useRole(cluster, plural, name, plural === 'roles' ? namespace : undefined);
  const kind = plural === 'roles' ? 'Role' : 'ClusterRole';
  return (
    <div className="space-y-4">
      <Header cluster={cluster} kind={kind} name={name} namespace={plural === 'roles' ? namespace : undefined} />
      {role.isError ? (
        <ErrorView error={role.error} />
      ) : !role.data ? (
        <Skeleton className="h-64 w-full" label={t('loadingRole')} />
      ) : (
        <>
          <Panel title={t('labels')} data={role.data.labels}>
            {(labels) => <KeyValues values={labels} label={t('labels')} />}
          </Panel>
          {role.data.aggregation && (
            <Panel title={t('aggregation')} data={role.data.aggregation}>
              {(aggregation) => (
                <div className="space-y-1 text-sm">
                  <p>
                    {t.rich('gathers', {
                      labels: format.list(
                        aggregation.selectors.map((s) =>
                          Object.entries(s)
                            .map(([k, v]) => `${k}=${v}`)
                            .join(','),
                        ),
                        { type: 'disjunction' },
                      ),
                      mono: (chunks) => <span className="font-mono">{chunks}</span>,
                    })}
                  </p>
                  <ul className="flex flex-wrap gap-1.5">
                    {aggregation.from.map((from) => (
                      <li key={from}>
                        <Link className="font-mono text-xs text-sky-800 hover:underline" href={roleHref(cluster, { kind: 'ClusterRole', name: from })}>
                          {from}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </Panel>
          )}
          <Panel title={t('policyRule')} data={role.data.rules}>
            {(rows) => <RulesTable rows={rows} label={t('policyRule')} />}
          </Panel>
          <Panel title={t('boundBy')} data={'data' in role.data.bindings ? role.data.bindings.data : undefined} error={'error' in role.data.bindings ? role.data.bindings.error : undefined}>
            {(rows) => <BindingTable cluster={cluster} rows={rows} label={t('boundBy')} />}
          </Panel>
        </>
      )}
    </div>
  );
}

/** A RoleBinding or ClusterRoleBinding: its subjects and the role it binds, described. */
export function BindingPage({ cluster, plural, name }: { cluster: string; plural: string; name: string }) {
  const namespace = useSearchParams().get('namespace') ?? undefined;
  const t = useTranslations('Access');
  const binding = useBinding(cluster, plural, name, plural === 'rolebindings' ? namespace : undefined);
  const kind = plural === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding';
  const data = binding.data;
  return (
    <div className="space-y-4">
      <Header cluster={cluster} kind={kind} name={name} namespace={plural === 'rolebindings' ? namespace : undefined} />
      {binding.isError ? (
        <ErrorView error={binding.error} />
      ) : !data ? (
        <Skeleton className="h-64 w-full" label={t('loadingBinding')} />
      ) : (
        <>
          <Panel title={t('role')} data={data.roleRef}>
            {(ref) => (
              <Link className="font-mono text-sm text-sky-800 hover:underline" href={roleHref(cluster, { kind: ref.kind, name: ref.name, namespace: data.namespace })}>
                {ref.kind} {ref.name}
              </Link>
            )}
          </Panel>
          <Panel title={t('subjects')} data={data.subjects}>
            {(subjects) => (
              <ul aria-label={t('subjects')} className="space-y-0.5 font-mono text-[13px]">
                {subjects.map((s) => (
                  <li key={subjectText(s)}>{subjectText(s)}</li>
                ))}
              </ul>
            )}
          </Panel>
          <Panel title={t('whatItGrants')} data={'data' in data.role ? data.role.data.rules : undefined} error={'error' in data.role ? data.role.error : undefined}>
            {(rows) => <RulesTable rows={rows} label={t('whatItGrants')} />}
          </Panel>
        </>
      )}
    </div>
  );
}
