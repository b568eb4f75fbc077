/** A compact table of the overview: kubectl-style upper-case headers over the rows it is given. */
export function OverviewTable({ label, headers, bodyClassName, children }: { label: string; headers: string[]; bodyClassName: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-500">
            {headers.map((header) => (
              <th key={header} scope="col" className="px-2 py-1 font-semibold">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={bodyClassName}>{children}</tbody>
      </table>
    </div>
  );
}
