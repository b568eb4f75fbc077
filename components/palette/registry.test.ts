import { describe, expect, it } from 'vitest';
import { globalActions } from './global-actions';
import { filterActions, paletteActions, paletteActionsChanged, paletteActionsVersion, registerPaletteActions, subscribePaletteActions, type PaletteAction } from './registry';

const action = (id: string, label: string, extra: Partial<PaletteAction> = {}): PaletteAction => ({ id, label, run: () => {}, ...extra });
const ids = (found: PaletteAction[]) => found.map((a) => a.id);

describe('the palette finds actions by what is typed', () => {
  const actions = [
    action('object-restart', 'Restart Deployment backend-app', { keywords: ['restart'] }),
    action('object-scale', 'Scale Deployment backend-app', { keywords: ['scale'] }),
    action('node-drain', 'Drain node ip-10-0-1-23', { keywords: ['evict'] }),
    action('open-audit', 'Open Audit', { detail: 'Who changed what' }),
  ];

  it('offers every action, in registration order, before anything is typed', () => {
    expect(ids(filterActions(actions, '  '))).toEqual(['object-restart', 'object-scale', 'node-drain', 'open-audit']);
  });

  it('matches the label, detail and keywords case-insensitively, and leaves out the rest', () => {
    expect(ids(filterActions(actions, 'SCALE'))).toEqual(['object-scale']);
    expect(ids(filterActions(actions, 'evict'))).toEqual(['node-drain']);
    expect(ids(filterActions(actions, 'changed'))).toEqual(['open-audit']);
    expect(ids(filterActions(actions, 'rollback'))).toEqual([]);
  });

  it('puts the actions whose label starts with the text before those that only contain it', () => {
    // Registered in the other order, so only the ranking puts "Scale…" first.
    const more = [action('a', 'Describe scale of backend-app'), action('b', 'Scale backend-app')];
    expect(ids(filterActions(more, 'scale'))).toEqual(['b', 'a']);
  });
});

describe('the palette registry', () => {
  it("gives each provider the palette's context and drops a provider once it is removed", () => {
    const seen: string[] = [];
    const remove = registerPaletteActions((context) => {
      seen.push(`${context.cluster}/${context.namespace}`);
      return [action('x', 'X')];
    });
    expect(ids(paletteActions({ cluster: 'prod', namespace: 'eks-work', pathname: '/c/prod' }))).toEqual(['x']);
    expect(seen).toEqual(['prod/eks-work']);
    remove();
    expect(paletteActions({ cluster: 'prod', namespace: '', pathname: '/c/prod' })).toEqual([]);
  });
});

describe('an open palette hears of changed actions', () => {
  it('notifies its subscriber when a provider comes or goes, or says its actions changed, until it unsubscribes', () => {
    const heard: number[] = [];
    const unsubscribe = subscribePaletteActions(() => heard.push(paletteActionsVersion()));
    const start = paletteActionsVersion();
    const remove = registerPaletteActions(() => []);
    paletteActionsChanged();
    remove();
    unsubscribe();
    paletteActionsChanged();
    expect(heard).toEqual([start + 1, start + 2, start + 3]);
  });
});

describe('the global actions', () => {
  it('open Audit, Events and Namespaces in the namespace the palette was opened in', () => {
    const went: string[] = [];
    const actions = globalActions({ cluster: 'eks work', namespace: 'rbac-test-ns', pathname: '/' }, (href) => went.push(href));
    expect(actions.map((a) => a.label)).toEqual(['Open Audit', 'Open Events', 'Open Namespaces']);
    for (const a of actions) a.run();
    expect(went).toEqual(['/c/eks%20work/audit?namespace=rbac-test-ns', '/c/eks%20work/events?namespace=rbac-test-ns', '/c/eks%20work/namespaces?namespace=rbac-test-ns']);
    globalActions({ cluster: 'prod', namespace: '', pathname: '/' }, (href) => went.push(href))[1].run();
    expect(went.at(-1)).toBe('/c/prod/events');
  });
});
