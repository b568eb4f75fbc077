import { flagParam, textParam, urlViewCodec } from '../table/url-view';

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

const podsView = urlViewCodec<PodsView>({
  namespace: textParam('namespace', ''),
  allNamespaces: flagParam('allNamespaces'),
  labelSelector: textParam('labelSelector', ''),
  phase: textParam('phase', ''),
  node: textParam('node', ''),
  name: textParam('name', ''),
  problemsOnly: flagParam('problems'),
  showLabels: flagParam('labels'),
  sort: textParam<PodColumn>('sort', 'name', POD_COLUMNS),
  descending: flagParam('order', 'desc'),
});

export const readPodsView = podsView.read;

/** Only what differs from the defaults goes into the query, in a fixed order. */
export const podsViewQuery = podsView.write;

/** The field selector the API server filters by: phase and node, as `kubectl get pods --field-selector`. */
export function podFieldSelector(view: Pick<PodsView, 'phase' | 'node'>): string {
  const parts: string[] = [];
  if (view.phase) parts.push(`status.phase=${view.phase}`);
  if (view.node) parts.push(`spec.nodeName=${view.node}`);
  return parts.join(',');
}
