import { describe, expect, it } from 'vitest';
import { compileSelector } from '../list';
import { findResourceType, storageKey } from '../resources';
import type { KubeObject } from '../store';
import { fromVersion, needsConversion, toVersion } from './conversion';

const eventsV1 = findResourceType('events.k8s.io', 'events')!;
const coreEvents = findResourceType('', 'events')!;

describe('events.k8s.io/v1 Events', () => {
  it('are stored under the core Events key', () => {
    expect(storageKey(eventsV1)).toBe('events');
    expect(storageKey(coreEvents)).toBe('events');
    expect(needsConversion(eventsV1, 'v1')).toBe(true);
    expect(needsConversion(coreEvents, 'v1')).toBe(false);
  });

  // Both cases from upstream pkg/apis/events/v1/conversion_test.go, in their JSON form.
  it('Test_convert_core_Event_To_v1_Event: involvedObject to regarding, source to deprecatedSource, message to note', () => {
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'foo', namespace: 'default' },
      involvedObject: { namespace: 'default', name: 'foo', kind: 'Pod' },
      source: { component: 'controller-manager', host: 'master1' },
      message: 'convert core event to v1 event',
    } as unknown as KubeObject;
    expect(toVersion(eventsV1, core, 'v1')).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'foo', namespace: 'default' },
      eventTime: null,
      regarding: { kind: 'Pod', namespace: 'default', name: 'foo' },
      deprecatedSource: { component: 'controller-manager', host: 'master1' },
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
      note: 'convert core event to v1 event',
    });
  });

  it('Test_convert_v1_Event_To_core_Event: regarding to involvedObject, deprecatedSource to source, note to message', () => {
    const v1 = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'foo', namespace: 'default' },
      regarding: { kind: 'Pod', namespace: 'default', name: 'foo' },
      deprecatedSource: { component: 'controller-manager', host: 'master1' },
      note: 'convert v1 event to core event',
    } as unknown as KubeObject;
    // core v1 prints reportingComponent and reportingInstance without omitempty, and the empty timestamps as null.
    expect(fromVersion(eventsV1, v1, 'v1')).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'foo', namespace: 'default' },
      involvedObject: { namespace: 'default', name: 'foo', kind: 'Pod' },
      source: { component: 'controller-manager', host: 'master1' },
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      message: 'convert v1 event to core event',
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('carries series, action, related, reporting fields and the deprecated count and timestamps both ways', () => {
    const core = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'eks-work', resourceVersion: '42' },
      involvedObject: { kind: 'Pod', namespace: 'eks-work', name: 'web', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      source: { component: 'kubelet', host: 'ip-10-0-1-5' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:04:00Z',
      count: 7,
      type: 'Warning',
      eventTime: '2026-01-01T00:00:00.000000Z',
      series: { count: 6, lastObservedTime: '2026-01-01T00:04:00.000000Z' },
      action: 'Restart',
      related: { kind: 'Node', name: 'ip-10-0-1-5', apiVersion: 'v1' },
      reportingComponent: 'kubelet',
      reportingInstance: 'ip-10-0-1-5',
    } as unknown as KubeObject;
    const v1 = toVersion(eventsV1, core, 'v1');
    expect(v1).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: core.metadata,
      eventTime: '2026-01-01T00:00:00.000000Z',
      series: { count: 6, lastObservedTime: '2026-01-01T00:04:00.000000Z' },
      reportingController: 'kubelet',
      reportingInstance: 'ip-10-0-1-5',
      action: 'Restart',
      reason: 'BackOff',
      regarding: core.involvedObject,
      related: { kind: 'Node', name: 'ip-10-0-1-5', apiVersion: 'v1' },
      note: 'Back-off restarting failed container',
      type: 'Warning',
      deprecatedSource: { component: 'kubelet', host: 'ip-10-0-1-5' },
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:04:00Z',
      deprecatedCount: 7,
    });
    expect(fromVersion(eventsV1, v1, 'v1')).toEqual(core);
  });

  describe('field selectors (AddFieldLabelConversionsForEvent)', () => {
    const stored = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'eks-work' },
      involvedObject: { kind: 'Pod', namespace: 'eks-work', name: 'web', uid: 'u1' },
      reason: 'BackOff',
      source: { component: 'kubelet' },
      reportingComponent: 'kubelet',
      type: 'Warning',
    } as unknown as KubeObject;

    it('match regarding.*, reportingController, source, reason and type against the stored core Event', () => {
      expect(
        compileSelector(eventsV1, undefined, 'regarding.kind=Pod,regarding.name=web,regarding.uid=u1,reportingController=kubelet,source=kubelet,reason=BackOff,type=Warning').matches(stored),
      ).toBe(true);
      expect(compileSelector(eventsV1, undefined, 'regarding.name=api').matches(stored)).toBe(false);
      expect(compileSelector(eventsV1, undefined, 'metadata.name=web.1,metadata.namespace=eks-work').matches(stored)).toBe(true);
    });

    it('refuse the core labels with the API server message, which core v1 still takes', () => {
      for (const label of ['involvedObject.name', 'reportingComponent', 'message']) {
        expect(() => compileSelector(eventsV1, undefined, `${label}=x`)).toThrow(`field label not supported: ${label}`);
      }
      expect(compileSelector(coreEvents, undefined, 'involvedObject.name=web').matches(stored)).toBe(true);
      expect(() => compileSelector(coreEvents, undefined, 'regarding.name=web')).toThrow('field label not supported: regarding.name');
    });
  });
});
