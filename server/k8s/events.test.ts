import { describe, expect, it } from 'vitest';
import { clusterEventRow, eventFieldSelector, fromCore } from './events';

describe('Events for the Events page', () => {
  it('converts a core v1 Event to events.k8s.io/v1 as the API server does: involvedObject to regarding, message to note, count and timestamps deprecated*', () => {
    // pkg/apis/events/v1/conversion.go Convert_core_Event_To_v1_Event.
    expect(
      fromCore({
        metadata: { name: 'web.1', namespace: 'shop', uid: 'u1' },
        involvedObject: { kind: 'Pod', name: 'web', namespace: 'shop', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
        type: 'Warning',
        reason: 'BackOff',
        message: 'Back-off restarting failed container',
        count: 3,
        firstTimestamp: '2026-01-01T00:00:00Z',
        lastTimestamp: '2026-01-01T00:05:00Z',
        source: { component: 'kubelet', host: 'node-1' },
        reportingComponent: 'kubelet',
      }),
    ).toEqual({
      metadata: { name: 'web.1', namespace: 'shop', uid: 'u1' },
      regarding: { kind: 'Pod', name: 'web', namespace: 'shop', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
      type: 'Warning',
      reason: 'BackOff',
      note: 'Back-off restarting failed container',
      deprecatedCount: 3,
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:05:00Z',
      eventTime: null,
      reportingController: 'kubelet',
      deprecatedSource: { component: 'kubelet' },
    });
  });

  it('takes last seen and count from the series when there is one, as kubectl events does, and the source from reportingController', () => {
    const row = clusterEventRow({
      metadata: { name: 'e', namespace: 'shop', uid: 'u2', creationTimestamp: '2026-01-01T00:00:00Z' },
      regarding: { kind: 'Deployment', name: 'web', namespace: 'shop', apiVersion: 'apps/v1' },
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      note: ' Scaled up replica set web-1 to 2 ',
      eventTime: '2026-01-01T00:00:01.000000Z',
      series: { count: 7, lastObservedTime: '2026-01-01T00:09:00.000000Z' },
      reportingController: 'deployment-controller',
      deprecatedSource: { component: 'other' },
    });
    expect(row).toEqual({
      uid: 'u2',
      namespace: 'shop',
      name: 'e',
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-1 to 2',
      count: 7,
      firstSeen: '2026-01-01T00:00:01.000000Z',
      lastSeen: '2026-01-01T00:09:00.000000Z',
      source: 'deployment-controller',
      object: { kind: 'Deployment', name: 'web', namespace: 'shop', apiVersion: 'apps/v1' },
    });
  });

  it('names the object with the field labels each API converts: involvedObject.* for core v1, regarding.* for events.k8s.io/v1', () => {
    const filter = { type: 'Warning', reason: 'BackOff', kind: 'Pod', name: 'web' };
    expect(eventFieldSelector('v1', filter)).toBe('type=Warning,reason=BackOff,involvedObject.kind=Pod,involvedObject.name=web');
    expect(eventFieldSelector('events.k8s.io/v1', filter)).toBe('type=Warning,reason=BackOff,regarding.kind=Pod,regarding.name=web');
    expect(eventFieldSelector('v1', {})).toBeUndefined();
  });

  it('escapes a value as fields.EscapeValue does, so it cannot add a term of its own', () => {
    expect(eventFieldSelector('v1', { name: 'a,metadata.namespace=eks-work' })).toBe('involvedObject.name=a\\,metadata.namespace\\=eks-work');
  });
});
