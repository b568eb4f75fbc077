import 'server-only';
/** What the caller may see of the alarms: SelfSubjectAccessReviews with the caller's identity, asked once per scope. */
import type { KubeClient } from '../k8s/client';
import { canI } from '../k8s/access-reviews';
import type { AlarmScope } from '@/lib/alarms/scope';
import type { HiddenAlarms } from '@/lib/alarms/types';

interface Need {
  requires: string;
  verb: string;
  resource: string;
  subresource: string;
  namespace: string;
}

const ALL_LOGS = 'get pods/log in every namespace';
const NODES = 'list nodes';

function needsOf(scope: AlarmScope): Need[] {
  return [
    ...(scope.allNamespaces ? [{ requires: ALL_LOGS, verb: 'get', resource: 'pods', subresource: 'log', namespace: '' }] : []),
    ...(scope.nodes ? [{ requires: NODES, verb: 'list', resource: 'nodes', subresource: '', namespace: '' }] : []),
    ...scope.namespaces.map((ns) => ({ requires: `get pods in namespace ${ns}`, verb: 'get', resource: 'pods', subresource: '', namespace: ns })),
  ];
}

function explain(requires: string, count: number): string {
  const n = `${count} ${count === 1 ? 'alarm' : 'alarms'}`;
  if (requires === NODES) return `${n} about the cluster or its nodes: shown to those who may list nodes`;
  if (requires === ALL_LOGS) return `${n} on metrics of every namespace's logs: shown to those who may read pod logs in every namespace`;
  return `${n} about namespace ${requires.replace('get pods in namespace ', '')}: shown to those who may get pods there`;
}

export class AlarmAccess {
  private readonly reviews = new Map<string, Promise<boolean>>();
  private readonly hidden = new Map<string, number>();
  private readonly needs = new Map<string, Need>();

  constructor(private readonly client: KubeClient) {}

  private allowed(need: Need): Promise<boolean> {
    let review = this.reviews.get(need.requires);
    if (!review) {
      review = canI(this.client, { verb: need.verb, resource: need.resource, subresource: need.subresource, namespace: need.namespace });
      this.reviews.set(need.requires, review);
    }
    return review;
  }

  /** May the caller see an alarm of this scope? A refusal is counted under the first permission missing. */
  async mayView(scope: AlarmScope, count = true): Promise<boolean> {
    const requires = await this.missing(scope);
    if (requires && count) this.hidden.set(requires, (this.hidden.get(requires) ?? 0) + 1);
    return requires === undefined;
  }

  /** The first permission the caller lacks for this scope (e.g. `get pods in namespace eks-work`), or undefined. */
  async missing(scope: AlarmScope): Promise<string | undefined> {
    for (const need of needsOf(scope)) {
      if (await this.allowed(need)) continue;
      this.needs.set(need.requires, need);
      return need.requires;
    }
    return undefined;
  }

  hiddenSummary(): HiddenAlarms[] {
    return [...this.hidden.entries()].map(([requires, count]) => {
      const need = this.needs.get(requires)!;
      return { count, requires, reason: explain(requires, count), permission: { verb: need.verb, resource: need.resource, subresource: need.subresource, group: '', namespace: need.namespace } };
    });
  }
}
