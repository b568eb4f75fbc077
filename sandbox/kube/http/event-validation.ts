/**
 * ValidateEventCreate for Events created through events.k8s.io/v1
 * (pkg/apis/core/validation/events.go): the strict checks, on the core Event
 * the request converts to, so field paths carry the core names as upstream's do.
 * Core v1 creates keep the legacy checks only, which the sandbox does not apply.
 */
import { isQualifiedName } from '@/lib/k8s/label-selector';
import type { KubeObject } from '../store';
import { fieldErrors, type FieldError } from './validation';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON
type Obj = Record<string, any>;

const tooLong = (field: string, limit: number) => fieldErrors.invalid(field, '', `can have at most ${limit} characters`);

/** legacyValidateEvent's checks for an Event with eventTime set. */
function newStyleErrors(e: Obj): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = e.metadata?.namespace ?? '';
  const involvedNamespace = e.involvedObject?.namespace ?? '';
  if (!involvedNamespace && namespace !== 'default' && namespace !== 'kube-system') {
    errors.push(fieldErrors.invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
  }
  const controller: string = e.reportingComponent ?? '';
  if (!controller) errors.push(fieldErrors.required('reportingController'));
  for (const msg of isQualifiedName(controller)) errors.push(fieldErrors.invalid('reportingController', controller, msg));
  const instance: string = e.reportingInstance ?? '';
  if (!instance) errors.push(fieldErrors.required('reportingInstance'));
  if (instance.length > REPORTING_INSTANCE_LIMIT) errors.push(tooLong('reportingInstance', REPORTING_INSTANCE_LIMIT));
  const action: string = e.action ?? '';
  if (!action) errors.push(fieldErrors.required('action'));
  if (action.length > ACTION_LIMIT) errors.push(tooLong('action', ACTION_LIMIT));
  const reason: string = e.reason ?? '';
  if (!reason) errors.push(fieldErrors.required('reason'));
  if (reason.length > REASON_LIMIT) errors.push(tooLong('reason', REASON_LIMIT));
  if ((e.message ?? '').length > NOTE_LIMIT) errors.push(tooLong('message', NOTE_LIMIT));
  return errors;
}

/** validateV1EventSeries. */
function seriesErrors(e: Obj): FieldError[] {
  if (!e.series) return [];
  const errors: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errors.push(fieldErrors.invalid('series.count', '', 'should be at least 2'));
  if (!e.series.lastObservedTime) errors.push(fieldErrors.required('series.lastObservedTime'));
  return errors;
}

/** The field errors of creating `event` (a core Event) through events.k8s.io/v1. */
export function eventsV1CreateErrors(event: KubeObject): FieldError[] {
  const e = event as Obj;
  const errors = [...(e.eventTime ? newStyleErrors(e) : []), ...seriesErrors(e)];
  if (!e.eventTime) errors.push(fieldErrors.required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') errors.push(fieldErrors.invalid('type', '', `has invalid value: ${e.type ?? ''}`));
  if (e.firstTimestamp) errors.push(fieldErrors.invalid('firstTimestamp', '', 'needs to be unset'));
  if (e.lastTimestamp) errors.push(fieldErrors.invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.count) errors.push(fieldErrors.invalid('count', '', 'needs to be unset'));
  if (e.source?.component || e.source?.host) errors.push(fieldErrors.invalid('source', '', 'needs to be unset'));
  return errors;
}

/** time.Time's String(): "2006-01-02 15:04:05.999999999 -0700 MST" in UTC; the zero time for an unset timestamp. */
function goTime(value: string | null | undefined): string {
  if (!value) return '0001-01-01 00:00:00 +0000 UTC';
  const [date, rest] = value.replace(/Z$/, '').split('T');
  const [clock, fraction = ''] = rest.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${date} ${clock}${trimmed ? `.${trimmed}` : ''} +0000 UTC`;
}

/** %#v of a core.ObjectReference, as field.Invalid prints a struct. */
function goObjectReference(ref: Obj | null | undefined): string {
  const r = ref ?? {};
  const fields = ['Kind', 'Namespace', 'Name', 'UID', 'APIVersion', 'ResourceVersion', 'FieldPath'].map(
    (f) => `${f}:${JSON.stringify(String(r[f === 'UID' ? 'uid' : f === 'APIVersion' ? 'apiVersion' : f[0].toLowerCase() + f.slice(1)] ?? ''))}`,
  );
  return `core.ObjectReference{${fields.join(', ')}}`;
}

const immutable = (field: string, shown: string): FieldError => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${shown}: field is immutable`, field });

/**
 * The field errors of updating `next` over `current` (core Events) through events.k8s.io/v1:
 * ValidateEventUpdate's legacy checks of the new Event, its series if changed, then each
 * immutable field by its core path, in upstream's order (reason twice, as upstream checks it twice).
 */
export function eventsV1UpdateErrors(next: KubeObject, current: KubeObject): FieldError[] {
  const n = next as Obj;
  const c = current as Obj;
  const errors = n.eventTime ? newStyleErrors(n) : [];
  if (JSON.stringify(n.series ?? null) !== JSON.stringify(c.series ?? null)) errors.push(...seriesErrors(n));
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const ref = (v: Obj | null | undefined) => goObjectReference(v);
  const source = (v: Obj | null | undefined) => `core.EventSource{Component:${JSON.stringify(text(v?.component))}, Host:${JSON.stringify(text(v?.host))}}`;
  const checks: [string, boolean, string][] = [
    ['involvedObject', ref(n.involvedObject) !== ref(c.involvedObject), ref(n.involvedObject)],
    ['reason', text(n.reason) !== text(c.reason), JSON.stringify(text(n.reason))],
    ['message', text(n.message) !== text(c.message), JSON.stringify(text(n.message))],
    ['source', source(n.source) !== source(c.source), source(n.source)],
    ['firstTimestamp', goTime(n.firstTimestamp) !== goTime(c.firstTimestamp), goTime(n.firstTimestamp)],
    ['lastTimestamp', goTime(n.lastTimestamp) !== goTime(c.lastTimestamp), goTime(n.lastTimestamp)],
    ['count', (n.count ?? 0) !== (c.count ?? 0), String(n.count ?? 0)],
    ['reason', text(n.reason) !== text(c.reason), JSON.stringify(text(n.reason))],
    ['type', text(n.type) !== text(c.type), JSON.stringify(text(n.type))],
    ['eventTime', goTime(n.eventTime) !== goTime(c.eventTime), goTime(n.eventTime)],
    ['action', text(n.action) !== text(c.action), JSON.stringify(text(n.action))],
    ['related', JSON.stringify(n.related ?? null) !== JSON.stringify(c.related ?? null), n.related ? ref(n.related) : 'null'],
    ['reportingController', text(n.reportingComponent) !== text(c.reportingComponent), JSON.stringify(text(n.reportingComponent))],
    ['reportingInstance', text(n.reportingInstance) !== text(c.reportingInstance), JSON.stringify(text(n.reportingInstance))],
  ];
  for (const [field, changed, shown] of checks) if (changed) errors.push(immutable(field, shown));
  return errors;
}
