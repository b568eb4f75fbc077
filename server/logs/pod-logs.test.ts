import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors';
import type { StreamingKubeClient } from '../k8s/client';
import type { Pod } from '../k8s/pods';
import { QueryRun } from '@/lib/logs-insights';
import { runOverPodLogs } from './pod-logs';
import type { QueryState } from './queries';
import { CpuBudget } from './query-budget';

const pod = (name: string): Pod => ({ metadata: { name, namespace: 'rbac-test-ns', uid: `uid-${name}` }, spec: { nodeName: 'node-1', containers: [{ name: 'app' }] } }) as Pod;

/** An API server that lists two pods and then, for the log of one, answers as for a pod deleted in between. */
function client(): StreamingKubeClient {
  return {
    get: async () => ({ items: [pod('sample-app-1'), pod('sample-app-2')] }),
    stream: async (ref: { name?: string }) => {
      if (ref.name === 'sample-app-1') {
        // The API server's words for a pod that is gone (kube-apiserver's NotFound Status).
        throw new ConsoleError('Status', 404, 'pods "sample-app-1" not found', {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'pods "sample-app-1" not found',
          reason: 'NotFound',
          code: 404,
        });
      }
      return { body: Readable.from([Buffer.from('2026-01-01T00:00:01Z 로그 그룹 ready\n2026-01-01T00:00:02Z ERROR 백엔드 오류\n')]), contentType: 'text/plain', close: () => {} };
    },
  } as unknown as StreamingKubeClient;
}

describe('queries over live pod logs', () => {
  it('reads the other pods when one was deleted between the list and its log', async () => {
    const run = new QueryRun('fields kubernetes.pod_name, log | sort @timestamp asc');
    const state = { statistics: run.statistics, results: [] } as unknown as QueryState;
    const range = { startTime: Date.parse('2026-01-01T00:00:00Z'), endTime: Date.parse('2026-01-01T00:01:00Z') };
    await runOverPodLogs(client(), { namespace: 'rbac-test-ns', labelSelector: 'app' }, range, run, state, new AbortController().signal, new CpuBudget(30_000));
    const rows = state.results.map((row) => Object.fromEntries(row.filter((f) => f.field !== '@ptr').map((f) => [f.field, f.value])));
    expect(rows).toEqual([
      { 'kubernetes.pod_name': 'sample-app-2', log: '로그 그룹 ready' },
      { 'kubernetes.pod_name': 'sample-app-2', log: 'ERROR 백엔드 오류' },
    ]);
  });
});
