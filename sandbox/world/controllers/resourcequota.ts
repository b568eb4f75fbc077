/**
 * The resource quota controller: each ResourceQuota's status.hard follows
 * spec.hard and status.used is recalculated whenever something it counts
 * changes in its namespace.
 */
import { quotaUsed } from '../../kube/admission/quota';
import type { Controller, World } from '../world';
import { WorkQueue, keyOf, splitKey, updateStatus } from './common';

const QUOTAS = 'resourcequotas';

export function createResourceQuotaController(): Controller {
  return {
    name: 'resourcequota-controller',
    start(world: World) {
      const store = world.store;
      const queue = new WorkQueue(world, (key) => {
        const [namespace, name] = splitKey(key);
        const quota = store.get(QUOTAS, namespace, name);
        if (quota) updateStatus(store, QUOTAS, quota, { hard: { ...(quota.spec?.hard ?? {}) }, used: quotaUsed(store, quota) });
      });
      store.subscribe((e) => {
        const namespace = e.object.metadata.namespace;
        if (!namespace) return;
        if (e.resource === QUOTAS) {
          if (e.type !== 'DELETED') queue.add(keyOf(e.object));
          return;
        }
        for (const quota of store.each(QUOTAS, namespace)) queue.add(keyOf(quota));
      });
      for (const quota of store.each(QUOTAS)) queue.add(keyOf(quota));
    },
  };
}
