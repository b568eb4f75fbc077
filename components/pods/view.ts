/** The pods page's view, held in the URL so that a link reproduces it. */
export type PodColumn = 'name' | 'namespace' | 'ready' | 'status' | 'restarts' | 'age' | 'ip' | 'node';

export const POD_COLUMNS: PodColumn[] = ['name', 'namespace', 'ready', 'status', 'restarts', 'age', 'ip', 'node'];

export interface PodsView {
  namespace: string;
  allNamespaces: boolean;
  labelSelector: string;
  phase: string;
  node: string;
  /** Free-text filter on the pod's name, applied in the page. */
  name: string;
  problemsOnly: boolean;
  showLabels: boolean;
  sort: PodColumn;
  descending: boolean;
}

export const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

export function readPodsView(params: URLSearchParams): PodsView {
  const sort = params.get('sort') as PodColumn | null;
  return {
    namespace: params.get('namespace') ?? '',
    allNamespaces: params.get('allNamespaces') === 'true',
    labelSelector: params.get('labelSelector') ?? '',
    phase: params.get('phase') ?? '',
    node: params.get('node') ?? '',
    name: params.get('name') ?? '',
    problemsOnly: params.get('problems') === 'true',
    showLabels: params.get('labels') === 'true',
    sort: sort && POD_COLUMNS.includes(sort) ? sort : 'name',
    descending: params.get('order') === 'desc',
  };
}

/** Only what differs from the defaults goes into the query, in a fixed order. */
export function podsViewQuery(view: PodsView): string {
  const params = new URLSearchParams();
  if (view.namespace) params.set('namespace', view.namespace);
  if (view.allNamespaces) params.set('allNamespaces', 'true');
  if (view.labelSelector) params.set('labelSelector', view.labelSelector);
  if (view.phase) params.set('phase', view.phase);
  if (view.node) params.set('node', view.node);
  if (view.name) params.set('name', view.name);
  if (view.problemsOnly) params.set('problems', 'true');
  if (view.showLabels) params.set('labels', 'true');
  if (view.sort !== 'name') params.set('sort', view.sort);
  if (view.descending) params.set('order', 'desc');
  return params.toString();
}

/** The field selector the API server filters by: phase and node, as `kubectl get pods --field-selector`. */
export function podFieldSelector(view: Pick<PodsView, 'phase' | 'node'>): string {
  const parts: string[] = [];
  if (view.phase) parts.push(`status.phase=${view.phase}`);
  if (view.node) parts.push(`spec.nodeName=${view.node}`);
  return parts.join(',');
}
