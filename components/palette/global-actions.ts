/** The actions the palette offers on every page: the places an operator goes to act from. */
import { clusterHref } from '../shell/urls';
import type { PaletteAction, PaletteContext } from './registry';

const PLACES = [
  { page: 'audit', label: 'Open Audit', detail: 'Who changed what, and the API server’s answer', keywords: ['audit trail', 'history'] },
  { page: 'events', label: 'Open Events', detail: 'Events of the cluster or namespace', keywords: ['warnings'] },
  { page: 'namespaces', label: 'Open Namespaces', detail: 'Phases, quotas and what you may do in each', keywords: ['quotas', 'limit ranges'] },
];

/** Each opens its page in the palette's namespace, as the navigation's links do. */
export function globalActions(context: PaletteContext, navigate: (href: string) => void): PaletteAction[] {
  return PLACES.map(({ page, ...rest }) => ({ id: `open-${page}`, ...rest, run: () => navigate(clusterHref(context.cluster, page, context.namespace || undefined)) }));
}
