import { rankMatches } from './rank';

/**
 * Actions the command palette offers beside pages, kinds and objects. A feature that adds an action
 * (scale, restart, cordon…) registers a provider here; the palette asks every provider each time it
 * opens, with where the user is, and shows what they return.
 */

/** Where the palette was opened. */
export interface PaletteContext {
  cluster: string;
  /** The namespace in the address, '' for none. */
  namespace: string;
  pathname: string;
}

export interface PaletteAction {
  /** Unique among every provider's actions. */
  id: string;
  label: string;
  /** What the action does, shown beside the label. */
  detail?: string;
  /** Extra words it is found by. */
  keywords?: string[];
  /** Shown disabled, with this as the reason (the permission the API server would refuse). */
  disabledReason?: string;
  /** Runs the action; the palette closes first. */
  run: () => void;
}

export type PaletteActionProvider = (context: PaletteContext) => PaletteAction[];

const providers = new Set<PaletteActionProvider>();
const listeners = new Set<() => void>();
let version = 0;

/** Tells an open palette to ask the providers again: an action came, went, or its permission was answered. */
export function paletteActionsChanged(): void {
  version += 1;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore: the palette re-reads the actions when this changes. */
export function subscribePaletteActions(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export const paletteActionsVersion = () => version;

/** Adds a provider; returns the function that removes it again. */
export function registerPaletteActions(provider: PaletteActionProvider): () => void {
  providers.add(provider);
  paletteActionsChanged();
  return () => {
    providers.delete(provider);
    paletteActionsChanged();
  };
}

/** Every registered provider's actions for this context, in registration order. */
export function paletteActions(context: PaletteContext): PaletteAction[] {
  return [...providers].flatMap((provider) => provider(context));
}

/**
 * The actions `text` finds in their label, detail or keywords, ranked as the palette ranks everything
 * (rankMatches): "scale" puts Scale before an action that merely mentions it; registration order within a rank.
 */
export function filterActions(actions: PaletteAction[], text: string): PaletteAction[] {
  return rankMatches(actions, text, (a) => [a.label, a.detail, ...(a.keywords ?? [])]);
}
