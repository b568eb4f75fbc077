'use client';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout } from 'react-grid-layout';
import { GRID_COLUMNS, type Widget } from '@/lib/dashboards/model';

const ROW_HEIGHT = 40;

/** Only what the user moved: the widgets whose place the grid reports differently. */
export function applyLayout(widgets: Widget[], layout: Layout): Widget[] | undefined {
  const byId = new Map(layout.map((l) => [l.i, l]));
  let changed = false;
  const next = widgets.map((w) => {
    const l = byId.get(w.id);
    if (!l || (l.x === w.x && l.y === w.y && l.w === w.width && l.h === w.height)) return w;
    changed = true;
    return { ...w, x: l.x, y: l.y, width: l.w, height: l.h };
  });
  return changed ? next : undefined;
}

/** CloudWatch's 24-column grid; widgets are dragged by their header and resized by their corner while editing. */
export function DashboardGrid({ widgets, editable, onChange, render }: { widgets: Widget[]; editable: boolean; onChange: (widgets: Widget[]) => void; render: (w: Widget) => React.ReactNode }) {
  const { width, containerRef, mounted } = useContainerWidth();
  const layout = widgets.map((w) => ({ i: w.id, x: w.x, y: w.y, w: w.width, h: w.height }));
  return (
    // The grid's first render, before its width is measured, and its animated resizes may run wider than the page for a moment: clipped here, never a sideways scroll.
    <div ref={containerRef} data-testid="dashboard-grid" className="overflow-x-clip">
      {mounted && (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [8, 8] }}
          dragConfig={{ enabled: editable, handle: '.widget-drag', cancel: 'button, a, input, select, textarea' }}
          resizeConfig={{ enabled: editable, handles: ['se'] }}
          compactor={verticalCompactor}
          onLayoutChange={(next) => {
            if (!editable) return;
            const moved = applyLayout(widgets, next);
            if (moved) onChange(moved);
          }}
        >
          {widgets.map((w) => (
            // A widget's content scrolls inside it; what is wider never reaches past its cell (or the page's edge on a phone).
            <div key={w.id} data-widget-id={w.id} className="overflow-hidden">
              {render(w)}
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}
