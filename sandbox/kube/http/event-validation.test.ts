import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store';
import { eventsV1CreateErrors, eventsV1UpdateErrors } from './event-validation';

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

// pkg/apis/core/validation/events.go ValidateEventUpdate: ValidateImmutableField's field.Invalid(path, new value, "field is immutable") on the core Event, so the paths are core names.
describe('ValidateEventUpdate through events.k8s.io/v1', () => {
  const lines = (next: object) => eventsV1UpdateErrors({ ...valid, ...next } as unknown as KubeObject, valid).map((e) => `${e.field}: ${e.message}`);

  it('lets metadata change and leaves an unchanged Event alone', () => {
    expect(lines({ metadata: { ...valid.metadata, labels: { checked: 'yes' } } })).toEqual([]);
  });

  it('refuses a changed note by its core path, message, quoting the new value', () => {
    expect(lines({ message: 'changed' })).toEqual(['message: Invalid value: "changed": field is immutable']);
  });

  it('names each changed field in upstream order, reason twice as upstream checks it twice, structs as %#v and times as time.Time prints them', () => {
    expect(
      lines({
        involvedObject: { kind: 'Pod', namespace: 'eks-work', name: 'other' },
        reason: 'Rechecked',
        count: 2,
        eventTime: '2026-01-01T00:00:01.500000Z',
        reportingComponent: 'example.com/other',
        related: { kind: 'Node', name: 'node-1' },
      }),
    ).toEqual([
      'involvedObject: Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"eks-work", Name:"other", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:""}: field is immutable',
      'reason: Invalid value: "Rechecked": field is immutable',
      'count: Invalid value: 2: field is immutable',
      'reason: Invalid value: "Rechecked": field is immutable',
      'eventTime: Invalid value: 2026-01-01 00:00:01.5 +0000 UTC: field is immutable',
      'related: Invalid value: core.ObjectReference{Kind:"Node", Namespace:"", Name:"node-1", UID:"", APIVersion:"", ResourceVersion:"", FieldPath:""}: field is immutable',
      'reportingController: Invalid value: "example.com/other": field is immutable',
    ]);
  });

  it('checks the new series only when it changed', () => {
    expect(lines({ series: { count: 1, lastObservedTime: '2026-01-01T00:00:02.000000Z' } })).toEqual(['series.count: Invalid value: "": should be at least 2']);
  });
});
