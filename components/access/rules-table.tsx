import { useTranslations } from 'next-intl';
import type { DescribeRow } from '@/lib/k8s/rbac/compact';
import { SimpleTable } from '../table/simple-table';

const list = (values: string[]) => `[${values.join(' ')}]`;

/** A role's rules as `kubectl describe clusterrole` (and `kubectl auth can-i --list`) print them. */
export function RulesTable({ rows, label }: { rows: DescribeRow[]; label: string }) {
  const t = useTranslations('Access');
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t('noRules')}</p>;
  return (
    <SimpleTable
      label={label}
      rows={rows}
      rowKey={(row) => `${row.resources}|${row.nonResourceURLs.join()}|${row.resourceNames.join()}|${row.verbs.join()}`}
      columns={[
        { header: t('resources'), cell: (row) => row.resources },
        { header: t('nonResourceURLs'), cell: (row) => list(row.nonResourceURLs) },
        { header: t('resourceNames'), cell: (row) => list(row.resourceNames) },
        { header: t('verbs'), cell: (row) => list(row.verbs) },
      ]}
    />
  );
}
