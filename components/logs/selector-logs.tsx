'use client';
import { clusterPath } from '../api/keys';
import { LogViewer, type LogOptions } from './log-viewer';

function query(labelSelector: string, options: LogOptions): string {
  const params = new URLSearchParams({ labelSelector, tailLines: String(options.tailLines) });
  if (options.follow) params.set('follow', 'true');
  if (options.timestamps) params.set('timestamps', 'true');
  return params.toString();
}

const NO_CONTAINERS: string[] = [];

/** Logs of every pod matching a selector, each line prefixed "[pod/NAME/CONTAINER]", as `kubectl logs -l … --prefix`. */
export function SelectorLogs({ cluster, namespace, labelSelector, filename }: { cluster: string; namespace: string; labelSelector: string; filename: string }) {
  return (
    <LogViewer
      containers={NO_CONTAINERS}
      allowPrevious={false}
      initialTailLines={10}
      filename={filename}
      url={(options) => `${clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'logs')}?${query(labelSelector, options)}`}
    />
  );
}
