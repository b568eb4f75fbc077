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

/** The API's word for every namespace (`namespace=(all)`), typed into the address: read as the page's own switch. */
const EVERY_NAMESPACE = '(all)';

export function readPodsView(params: URLSearchParams): PodsView {
  const view = podsView.read(params);
  return view.namespace === EVERY_NAMESPACE ? { ...view, namespace: '', allNamespaces: true } : view;
}

/** Only what differs from the defaults goes into the query, in a fixed order. */
export const podsViewQuery = podsView.write;

/** The field selector the API server filters by: phase and node, as `kubectl get pods --field-selector`. */
export function podFieldSelector(view: Pick<PodsView, 'phase' | 'node'>): string {
  const parts: string[] = [];
  if (view.phase) parts.push(`status.phase=${view.phase}`);
  if (view.node) parts.push(`spec.nodeName=${view.node}`);
  return parts.join(',');
}
