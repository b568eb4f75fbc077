'use client';
import { clusterPath } from '../api/keys';
import { selectorLogQuery } from './log-query';
import { LogViewer } from './log-viewer';

const NO_CONTAINERS: string[] = [];

/** Logs of every pod matching a selector, each line prefixed "[pod/NAME/CONTAINER]", as `kubectl logs -l … --prefix`. */
export function SelectorLogs({ cluster, namespace, labelSelector, filename }: { cluster: string; namespace: string; labelSelector: string; filename: string }) {
  return (
    <LogViewer
      containers={NO_CONTAINERS}
      allowPrevious={false}
      initialTailLines={10}
      filename={filename}
      url={(options) => `${clusterPath(cluster, 'namespaces', encodeURIComponent(namespace), 'logs')}?${selectorLogQuery(labelSelector, options)}`}
    />
  );
}
