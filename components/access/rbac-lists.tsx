'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import type { BindingRow, RoleRow } from '@/server/k8s/access-rbac';
import type { Subject } from '@/lib/k8s/rbac/types';
import { Panel } from '../table/panel';
import { SimpleTable } from '../table/simple-table';
import { ErrorView } from '../ui/error-view';
import { useBindings, useRoles } from './api';
import { bindingHref, roleHref } from './links';

type Section<T> = { data: T } | { error: import('../api/types').ErrorObject };
const dataOf = <T,>(s: Section<T> | undefined) => (s && 'data' in s ? s.data : undefined);
const errorOf = <T,>(s: Section<T> | undefined) => (s && 'error' in s ? s.error : undefined);

export function subjectText(s: Subject): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

function RoleTable({ cluster, rows, label }: { cluster: string; rows: RoleRow[]; label: string }) {
  const t = useTranslations('Access');
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  return (
    <SimpleTable
      label={label}
      rows={rows}
      rowKey={(r) => `${r.namespace ?? ''}/${r.name}`}
      columns={[
        {
          header: t('name'),
          cell: (r) => (
            <Link className="text-sky-800 hover:underline" href={roleHref(cluster, r)}>
              {r.name}
            </Link>
          ),
        },
        { header: t('rules'), cell: (r) => r.rules, className: 'tabular-nums' },
        { header: t('aggregated'), cell: (r) => (r.aggregated ? t('yes') : '') },
        { header: t('created'), cell: (r) => r.created ?? '' },
      ]}
    />
  );
}

export function RolesBrowser({ cluster, namespace }: { cluster: string; namespace: string }) {
  const t = useTranslations('Access');
  const roles = useRoles(cluster, namespace);
  if (roles.isError) return <ErrorView error={roles.error} />;
  return (
    <div className="space-y-3">
      <Panel title="ClusterRoles" data={dataOf(roles.data?.clusterRoles)} error={errorOf(roles.data?.clusterRoles)}>
        {(rows) => <RoleTable cluster={cluster} rows={rows} label="ClusterRoles" />}
      </Panel>
      {namespace && (
        <Panel title={t('rolesIn', { namespace })} data={dataOf(roles.data?.roles)} error={errorOf(roles.data?.roles)}>
          {(rows) => <RoleTable cluster={cluster} rows={rows} label="Roles" />}
        </Panel>
      )}
    </div>
  );
}

export function BindingTable({ cluster, rows, label }: { cluster: string; rows: BindingRow[]; label: string }) {
  const t = useTranslations('Access');
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t('none')}</p>;
  return (
    <SimpleTable
      label={label}
      rows={rows}
      rowKey={(b) => `${b.kind}/${b.namespace ?? ''}/${b.name}`}
      columns={[
        {
          header: t('name'),
          cell: (b) => (
            <Link className="text-sky-800 hover:underline" href={bindingHref(cluster, b)}>
              {b.name}
            </Link>
          ),
        },
        {
          header: t('role'),
          cell: (b) => (
            <Link
              className="text-sky-800 hover:underline"
              href={roleHref(cluster, { kind: b.roleRef.kind, name: b.roleRef.name, namespace: b.namespace })}
            >{`${b.roleRef.kind}/${b.roleRef.name}`}</Link>
          ),
        },
        { header: t('subjects'), cell: (b) => (b.subjects.length ? b.subjects.map(subjectText).join(', ') : '—') },
      ]}
    />
  );
}

export function BindingsBrowser({ cluster, namespace }: { cluster: string; namespace: string }) {
  const t = useTranslations('Access');
  const bindings = useBindings(cluster, namespace);
  if (bindings.isError) return <ErrorView error={bindings.error} />;
  return (
    <div className="space-y-3">
      <Panel title="ClusterRoleBindings" data={dataOf(bindings.data?.clusterRoleBindings)} error={errorOf(bindings.data?.clusterRoleBindings)}>
        {(rows) => <BindingTable cluster={cluster} rows={rows} label="ClusterRoleBindings" />}
      </Panel>
      {namespace && (
        <Panel title={t('roleBindingsIn', { namespace })} data={dataOf(bindings.data?.roleBindings)} error={errorOf(bindings.data?.roleBindings)}>
          {(rows) => <BindingTable cluster={cluster} rows={rows} label="RoleBindings" />}
        </Panel>
      )}
    </div>
  );
}
