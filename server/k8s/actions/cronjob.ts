import 'server-only';
/** A CronJob's suspend and resume, and a Job run from it now as `kubectl create job --from=cronjob/NAME` makes it. */
import { randomBytes } from 'node:crypto';
import type { StreamingKubeClient } from '../client';
import { refOf, type ActionTarget, type KubeObjectMeta } from './target';

export const INSTANTIATE = 'cronjob.kubernetes.io/instantiate';

interface CronJob {
  metadata: KubeObjectMeta;
  spec: { suspend?: boolean; jobTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: unknown } };
}

export async function setSuspended(client: StreamingKubeClient, target: ActionTarget, suspend: boolean): Promise<void> {
  await client.patch(refOf(target), 'merge', { spec: { suspend } });
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters as the API server's generateName picks them (k8s.io/apimachinery utilrand.String). */
function suffix(): string {
  return Array.from(randomBytes(5), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** `<cronjob>-manual-<suffix>`, cut so that it stays a 63-character label value as a Job's name must. */
export function manualJobName(cronJob: string, tail = suffix()): string {
  const end = `-manual-${tail}`;
  return `${cronJob.slice(0, 63 - end.length).replace(/[-.]+$/, '')}${end}`;
}

/** Creates the Job: the CronJob's jobTemplate, the manual instantiate annotation and the CronJob as its controller. */
export async function runNow(client: StreamingKubeClient, target: ActionTarget, name = manualJobName(target.name)): Promise<{ job: string }> {
  const cronJob = await client.get<CronJob>(refOf(target));
  const template = cronJob.spec.jobTemplate;
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: target.namespace,
      annotations: { [INSTANTIATE]: 'manual', ...(template.metadata?.annotations ?? {}) },
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name, uid: cronJob.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: template.spec,
  };
  await client.create({ group: 'batch', version: 'v1', resource: 'jobs', namespace: target.namespace }, job);
  return { job: name };
}
