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

/** The field errors of creating `event` (a core Event) through events.k8s.io/v1. */
export function eventsV1CreateErrors(event: KubeObject): FieldError[] {
  const e = event as Obj;
  const errors = e.eventTime ? newStyleErrors(e) : [];
  if (e.series) {
    if ((e.series.count ?? 0) < 2) errors.push(fieldErrors.invalid('series.count', '', 'should be at least 2'));
    if (!e.series.lastObservedTime) errors.push(fieldErrors.required('series.lastObservedTime'));
  }
  if (!e.eventTime) errors.push(fieldErrors.required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning') errors.push(fieldErrors.invalid('type', '', `has invalid value: ${e.type ?? ''}`));
  if (e.firstTimestamp) errors.push(fieldErrors.invalid('firstTimestamp', '', 'needs to be unset'));
  if (e.lastTimestamp) errors.push(fieldErrors.invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.count) errors.push(fieldErrors.invalid('count', '', 'needs to be unset'));
  if (e.source?.component || e.source?.host) errors.push(fieldErrors.invalid('source', '', 'needs to be unset'));
  return errors;
}
