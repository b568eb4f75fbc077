import type { DescribeRow } from '@/lib/k8s/rbac/compact';
import { SimpleTable } from '../table/simple-table';

const list = (values: string[]) => `[${values.join(' ')}]`;

/** A role's rules as `kubectl describe clusterrole` (and `kubectl auth can-i --list`) print them. */
export function RulesTable({ rows, label }: { rows: DescribeRow[]; label: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">No rules.</p>;
  return (
    <SimpleTable
      label={label}
      rows={rows}
      rowKey={(row) => `${row.resources}|${row.nonResourceURLs.join()}|${row.resourceNames.join()}|${row.verbs.join()}`}
      columns={[
        { header: 'Resources', cell: (row) => row.resources },
        { header: 'Non-Resource URLs', cell: (row) => list(row.nonResourceURLs) },
        { header: 'Resource Names', cell: (row) => list(row.resourceNames) },
        { header: 'Verbs', cell: (row) => list(row.verbs) },
      ]}
    />
  );
}
