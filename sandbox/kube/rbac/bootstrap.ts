/**
 * What a fresh API server puts in the store before anyone calls it: the
 * default ClusterRoles and ClusterRoleBindings, and the controller that keeps
 * aggregated ClusterRoles (admin, edit, view) in step with the roles they
 * aggregate.
 */
import type { Store } from '../store';
import type { Controller } from '../../world/world';
import { syncAggregatedClusterRoles } from './aggregation';
import { DEFAULT_CLUSTER_ROLE_BINDINGS, DEFAULT_CLUSTER_ROLES } from './policy';
import { RBAC_GROUP, RBAC_RESOURCES } from './types';

const BOOTSTRAP_LABELS = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const BOOTSTRAP_ANNOTATIONS = { 'rbac.authorization.kubernetes.io/autoupdate': 'true' };

/** Creates the defaults that are missing (an existing object of the same name is left as it is). */
export function bootstrapPolicy(store: Store): void {
  for (const role of DEFAULT_CLUSTER_ROLES) {
    if (store.get(RBAC_RESOURCES.clusterRoles, undefined, role.name)) continue;
    store.create(RBAC_RESOURCES.clusterRoles, {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRole',
      metadata: { name: role.name, labels: { ...BOOTSTRAP_LABELS, ...role.labels }, annotations: { ...BOOTSTRAP_ANNOTATIONS } },
      rules: role.rules ?? null,
      ...(role.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [role.aggregateFrom]: 'true' } }] } } : {}),
    });
  }
  for (const binding of DEFAULT_CLUSTER_ROLE_BINDINGS) {
    if (store.get(RBAC_RESOURCES.clusterRoleBindings, undefined, binding.name)) continue;
    store.create(RBAC_RESOURCES.clusterRoleBindings, {
      apiVersion: `${RBAC_GROUP}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: binding.name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...BOOTSTRAP_ANNOTATIONS } },
      subjects: binding.subjects,
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: binding.name },
    });
  }
  // The aggregation controller fills these within moments of start; do it now so the store is never seen without.
  syncAggregatedClusterRoles(store);
}

export function createClusterRoleAggregation(): Controller {
  return {
    name: 'clusterrole-aggregation',
    start(world) {
      const { store } = world;
      let syncing = false;
      let pending = false;
      // Updates made while syncing come back through the listener; run them as another pass, not recursively.
      const sync = () => {
        if (syncing) {
          pending = true;
          return;
        }
        syncing = true;
        try {
          do {
            pending = false;
            syncAggregatedClusterRoles(store);
          } while (pending);
        } finally {
          syncing = false;
        }
      };
      store.subscribe((event) => {
        if (event.resource === RBAC_RESOURCES.clusterRoles) sync();
      });
      sync();
    },
  };
}
