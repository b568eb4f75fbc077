/** A small table of rows with named columns, for lists of tens of rows (workload sections, node conditions). */
export interface SimpleColumn<T> {
  header: string;
  cell: (row: T) => React.ReactNode;
  className?: string;
}

export function SimpleTable<T>({
  label,
  rows,
  columns,
  rowKey,
  rowClassName,
}: {
  label: string;
  rows: T[];
  columns: SimpleColumn<T>[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string;
}) {
  return (
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase text-slate-500">
            {columns.map((column) => (
              <th key={column.header} scope="col" className="px-2 py-1 font-semibold whitespace-nowrap">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="font-mono text-[13px]">
          {rows.map((row) => (
            <tr key={rowKey(row)} className={`border-b border-slate-100 last:border-0 hover:bg-slate-50 ${rowClassName?.(row) ?? ''}`}>
              {columns.map((column) => (
                <td key={column.header} className={`px-2 py-1 align-top ${column.className ?? ''}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
