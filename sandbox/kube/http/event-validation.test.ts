import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store';
import { eventsV1CreateErrors } from './event-validation';

const valid = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'eks-work' },
  involvedObject: { kind: 'Pod', namespace: 'eks-work', name: 'web' },
  eventTime: '2026-01-01T00:00:00.000000Z',
  reportingComponent: 'example.com/checker',
  reportingInstance: 'checker-0',
  action: 'Check',
  reason: 'Checked',
  type: 'Normal',
  source: {},
  firstTimestamp: null,
  lastTimestamp: null,
} as unknown as KubeObject;

// Messages and field paths from pkg/apis/core/validation/events.go (ValidateEventCreate, legacyValidateEvent, validateV1EventSeries).
describe('ValidateEventCreate through events.k8s.io/v1', () => {
  it('accepts a new-style Event with eventTime, reporting controller and instance, action, reason and type', () => {
    expect(eventsV1CreateErrors(valid)).toEqual([]);
  });

  it('requires eventTime and refuses the deprecated core fields, named by their core paths', () => {
    const old = {
      ...valid,
      eventTime: null,
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 3,
      source: { component: 'kubelet' },
      type: 'Info',
    } as unknown as KubeObject;
    expect(eventsV1CreateErrors(old).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'eventTime: Required value',
      'type: Invalid value: "": has invalid value: Info',
      'firstTimestamp: Invalid value: "": needs to be unset',
      'lastTimestamp: Invalid value: "": needs to be unset',
      'count: Invalid value: "": needs to be unset',
      'source: Invalid value: "": needs to be unset',
    ]);
  });

  it('requires the reporting fields, action and reason of an Event with eventTime, and a series of at least 2 with its last observation', () => {
    const bare = { ...valid, reportingComponent: '', reportingInstance: '', action: '', reason: '', series: { count: 1 } } as unknown as KubeObject;
    expect(eventsV1CreateErrors(bare).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'reportingController: Required value',
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
      'series.count: Invalid value: "": should be at least 2',
      'series.lastObservedTime: Required value',
    ]);
  });

  it('refuses a reason past 128 characters and a note past 1024', () => {
    const long = { ...valid, reason: 'R'.repeat(129), message: 'n'.repeat(1025) } as unknown as KubeObject;
    expect(eventsV1CreateErrors(long).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'reason: Invalid value: "": can have at most 128 characters',
      'message: Invalid value: "": can have at most 1024 characters',
    ]);
  });
});
