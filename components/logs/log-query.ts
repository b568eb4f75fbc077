/** The query strings of the console's log routes, from the viewer's options (kubectl logs flags). */
export interface LogOptions {
  container: string;
  tailLines: number;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
}

/** GET …/pods/{name}/log */
export function podLogQuery(options: LogOptions): string {
  const params = new URLSearchParams();
  if (options.container) params.set('container', options.container);
  params.set('tailLines', String(options.tailLines));
  if (options.follow) params.set('follow', 'true');
  if (options.previous) params.set('previous', 'true');
  if (options.timestamps) params.set('timestamps', 'true');
  return params.toString();
}

/** GET …/namespaces/{ns}/logs: every pod matching the selector; no container or previous, as `kubectl logs -l`. */
export function selectorLogQuery(labelSelector: string, options: Pick<LogOptions, 'tailLines' | 'follow' | 'timestamps'>): string {
  const params = new URLSearchParams({ labelSelector, tailLines: String(options.tailLines) });
  if (options.follow) params.set('follow', 'true');
  if (options.timestamps) params.set('timestamps', 'true');
  return params.toString();
}
