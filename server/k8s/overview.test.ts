import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../errors';
import type { KubeClient, ResourceRef } from './client';
import { overview } from './overview';

const now = new Date('2026-11-23T12:00:00Z');
/** The API server's 403 for a list the caller may not make. */
function forbidden(resource: string, message: string): ConsoleError {
  return new ConsoleError('Status', 403, message, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: { kind: resource }, code: 403 });
}

const forbiddenNodes = forbidden('nodes', 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope');
const forbiddenEvents = forbidden('events', 'events is forbidden: User "dev" cannot list resource "events" in API group "" in the namespace "eks-work"');

const pods = {
  items: [
    {
      metadata: { name: 'backend-app-7c9d-abcde', creationTimestamp: '2026-11-23T09:00:00Z' },
      spec: { containers: [{ name: 'app' }] },
      status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: '2026-11-23T09:00:05Z' } } }] },
    },
    {
      metadata: { name: 'backend-app-crash-1', creationTimestamp: '2026-11-22T12:00:00Z' },
      spec: { containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 7,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-23T11:45:00Z' } },
          },
        ],
      },
    },
    {
      metadata: { name: 'api-badimage', creationTimestamp: '2026-11-23T11:30:00Z' },
      spec: { containers: [{ name: 'api' }] },
      status: { phase: 'Pending', containerStatuses: [{ name: 'api', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] },
    },
    {
      metadata: { name: 'report-job-xyz', creationTimestamp: '2026-11-23T10:00:00Z' },
      spec: { containers: [{ name: 'job' }] },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'job', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] },
    },
  ],
};

/** Twelve Warning events, one a minute from 11:00, the 11:05 one counted through a series. */
const warnings = {
  items: Array.from({ length: 12 }, (_, i) => ({
    metadata: { creationTimestamp: `2026-11-23T11:${String(i).padStart(2, '0')}:00Z` },
    involvedObject: { kind: 'Pod', name: `backend-app-crash-${i}`, namespace: 'eks-work', apiVersion: 'v1' },
    reason: 'BackOff',
    message: ' Back-off restarting failed container app ',
    count: 3,
    lastTimestamp: i === 5 ? '2026-11-23T11:05:00Z' : `2026-11-23T11:${String(i).padStart(2, '0')}:30Z`,
    ...(i === 5 ? { series: { count: 40, lastObservedTime: '2026-11-23T11:59:00Z' } } : {}),
  })),
};

/** Answers like an API server that lets the caller list pods but not nodes. */
function fakeClient(nodes: unknown | ConsoleError, events: unknown | ConsoleError = warnings): KubeClient {
  return {
    cluster: 'eks-work-cluster',
    server: 'https://example.invalid',
    async get<T>(ref: ResourceRef, query?: { fieldSelector?: string }): Promise<T> {
      if (ref.resource === 'pods' && ref.namespace === 'eks-work') return pods as T;
      if (ref.resource === 'events' && ref.namespace === 'eks-work' && query?.fieldSelector === 'type=Warning') {
        if (events instanceof ConsoleError) throw events;
        return events as T;
      }
      if (ref.resource === 'nodes') {
        if (nodes instanceof ConsoleError) throw nodes;
        return nodes as T;
      }
      throw new Error(`unexpected request for ${ref.resource}`);
    },
    async create<T>(): Promise<T> {
      throw new Error('unexpected create');
    },
    async version() {
      return { major: '1', minor: '32', gitVersion: 'v1.32.9-eks-113cf36', platform: 'linux/amd64' };
    },
  };
}

describe('overview', () => {
  it('counts pods by kubectl STATUS and lists the troubled ones with READY, RESTARTS and AGE', async () => {
    const result = await overview(fakeClient(forbiddenNodes), 'eks-work', now);
    expect(result.pods).toEqual({
      data: {
        total: 4,
        byStatus: { Running: 1, CrashLoopBackOff: 1, ImagePullBackOff: 1, Completed: 1 },
        problems: [
          { name: 'api-badimage', status: 'ImagePullBackOff', ready: '0/1', restarts: '0', age: '30m' },
          { name: 'backend-app-crash-1', status: 'CrashLoopBackOff', ready: '0/1', restarts: '7 (15m ago)', age: '24h' },
        ],
      },
    });
  });

  it('shows a forbidden section as its error while the others keep their data', async () => {
    const result = await overview(fakeClient(forbiddenNodes), 'eks-work', now);
    expect(result.nodes).toEqual({ error: forbiddenNodes.toJSON() });
    expect(result.version).toEqual({ data: { gitVersion: 'v1.32.9-eks-113cf36', platform: 'linux/amd64' } });
    expect(result.namespace).toBe('eks-work');
  });

  it('counts nodes whose Ready condition is not True as not ready', async () => {
    const nodes = {
      items: [
        { metadata: { name: 'ip-10-0-1-10' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
        { metadata: { name: 'ip-10-0-2-20' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
        { metadata: { name: 'ip-10-0-3-30' }, status: { conditions: [{ type: 'MemoryPressure', status: 'False' }] } },
      ],
    };
    expect((await overview(fakeClient(nodes), 'eks-work', now)).nodes).toEqual({ data: { total: 3, ready: 1, notReady: ['ip-10-0-2-20', 'ip-10-0-3-30'] } });
  });

  it('lists the ten latest Warning events newest first, a series counted by its last observation', async () => {
    const result = await overview(fakeClient(forbiddenNodes), 'eks-work', now);
    if (!('data' in result.warnings)) throw new Error('warnings section failed');
    expect(result.warnings.data.map((e) => [e.lastSeen, e.name, e.count])).toEqual([
      ['2026-11-23T11:59:00Z', 'backend-app-crash-5', 40],
      ['2026-11-23T11:11:30Z', 'backend-app-crash-11', 3],
      ['2026-11-23T11:10:30Z', 'backend-app-crash-10', 3],
      ['2026-11-23T11:09:30Z', 'backend-app-crash-9', 3],
      ['2026-11-23T11:08:30Z', 'backend-app-crash-8', 3],
      ['2026-11-23T11:07:30Z', 'backend-app-crash-7', 3],
      ['2026-11-23T11:06:30Z', 'backend-app-crash-6', 3],
      ['2026-11-23T11:04:30Z', 'backend-app-crash-4', 3],
      ['2026-11-23T11:03:30Z', 'backend-app-crash-3', 3],
      ['2026-11-23T11:02:30Z', 'backend-app-crash-2', 3],
    ]);
    expect(result.warnings.data[1]).toEqual({
      lastSeen: '2026-11-23T11:11:30Z',
      reason: 'BackOff',
      kind: 'Pod',
      name: 'backend-app-crash-11',
      apiVersion: 'v1',
      namespace: 'eks-work',
      message: 'Back-off restarting failed container app',
      count: 3,
    });
  });

  it("shows a 403 on events as the warnings section's error only", async () => {
    const result = await overview(fakeClient({ items: [] }, forbiddenEvents), 'eks-work', now);
    expect(result.warnings).toEqual({ error: forbiddenEvents.toJSON() });
    expect(result.nodes).toEqual({ data: { total: 0, ready: 0, notReady: [] } });
    expect('data' in result.pods).toBe(true);
  });

  it('fails as a whole when the API server rejects the token', async () => {
    const unauthorized = new ConsoleError('Unauthorized', 401, 'the token was rejected or has expired; sign in again');
    await expect(overview(fakeClient(unauthorized), 'eks-work', now)).rejects.toBe(unauthorized);
  });
});
