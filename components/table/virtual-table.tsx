'use client';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef } from 'react';

export interface TableSort {
  id: string;
  descending: boolean;
}

/**
 * A table that renders only the rows in view, so it stays usable with hundreds of thousands of rows.
 * Rows arrive filtered and sorted; a header click asks the owner to change the sort (which lives in the URL).
 */
function VirtualTableRows<T>({
  label,
  rows,
  version,
  columns,
  getRowId,
  sort,
  onSort,
  rowClassName,
  rowHeight = 30,
  maxHeight = 'calc(100vh - 16rem)',
}: {
  label: string;
  rows: T[];
  /** Changes when the owner changed `rows` in place (the same array with other contents). */
  version?: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack Table's own type for columns of mixed value types
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  sort?: TableSort;
  onSort?: (id: string) => void;
  rowClassName?: (row: T) => string;
  rowHeight?: number;
  maxHeight?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => getRowId(rows[index]),
    overscan: 6,
    // Before the scroller is measured, assume it is as tall as the window: the first render then draws every row in view,
    // where a zero height drew only the overscan and the rows after them pushed the bottom spacer down (a layout shift).
    initialRect: { width: 0, height: typeof window === 'undefined' ? 0 : window.innerHeight },
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  // Only the rows in view become table rows: building a row model for every row would cost more than the whole render.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is how the owner says `rows` changed in place
  const visible = useMemo(() => rows.slice(first, first + items.length), [rows, version, first, items.length]);
  const table = useReactTable({
    data: visible,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting: sort ? [{ id: sort.id, desc: sort.descending }] : [] },
  });
  const modelRows = table.getRowModel().rows;
  const top = items.length ? items[0].start : 0;
  const bottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const columnCount = table.getVisibleLeafColumns().length;

  return (
    <div ref={scroller} className="overflow-auto rounded-md border border-slate-200 bg-white" style={{ maxHeight }}>
      <table className="w-full table-fixed text-left text-sm" style={{ minWidth: table.getTotalSize() }} aria-label={label} aria-rowcount={rows.length + 1}>
        <thead className="sticky top-0 z-10 bg-slate-50">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} className="border-b border-slate-200 text-xs text-slate-500">
              {group.headers.map((header) => {
                const sorted = sort?.id === header.column.id;
                const sortable = onSort && header.column.columnDef.enableSorting !== false;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    style={{ width: header.getSize() }}
                    aria-sort={sorted ? (sort?.descending ? 'descending' : 'ascending') : undefined}
                    className="px-2 py-1.5 font-semibold uppercase"
                  >
                    {sortable ? (
                      <button
                        type="button"
                        onClick={() => onSort(header.column.id)}
                        className="flex items-center gap-1 uppercase hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600"
                      >
                        {flexRender(header.column.columnDef.header, header.getContext())}
                        <span aria-hidden className="w-2 text-[10px]">
                          {sorted ? (sort?.descending ? '▼' : '▲') : ''}
                        </span>
                      </button>
                    ) : (
                      flexRender(header.column.columnDef.header, header.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="font-mono text-[13px]">
          {top > 0 && (
            <tr aria-hidden style={{ height: top }}>
              <td colSpan={columnCount} />
            </tr>
          )}
          {items.map((item) => {
            const row = modelRows[item.index - first];
            if (!row) return null;
            return (
              // Keyed by the row's id (a pod's uid), not its place: a row that moves keeps its element, so what a pointer is on cannot turn into another row.
              <tr key={row.id} aria-rowindex={item.index + 2} style={{ height: rowHeight }} className={`border-b border-slate-100 hover:bg-slate-50 ${rowClassName?.(row.original) ?? ''}`}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.column.id} className="truncate px-2 py-0.5" title={typeof cell.getValue() === 'string' ? (cell.getValue() as string) : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden style={{ height: bottom }}>
              <td colSpan={columnCount} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Rendered again only when a prop changes: owners keep `rows`, `columns` and callbacks stable between their own renders. */
export const VirtualTable = memo(VirtualTableRows) as typeof VirtualTableRows;
