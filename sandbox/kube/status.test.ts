import { describe, expect, it } from 'vitest';
import { statusErrors } from './status';

describe('statusErrors.invalid', () => {
  it('names a repeated field error once in the message and keeps every cause, as errors.NewInvalid with ErrorList.ToAggregate does', () => {
    // ValidateEventUpdate checks reason twice: a changed reason is two identical errors.
    const reason = { reason: 'FieldValueInvalid', message: 'Invalid value: "Rechecked": field is immutable', field: 'reason' };
    const count = { reason: 'FieldValueInvalid', message: 'Invalid value: 2: field is immutable', field: 'count' };
    const single = statusErrors.invalid({ group: 'events.k8s.io', kind: 'Event' }, 'checked', [reason, reason]).status;
    expect([single.message, single.details?.causes?.length]).toEqual(['Event.events.k8s.io "checked" is invalid: reason: Invalid value: "Rechecked": field is immutable', 2]);
    const several = statusErrors.invalid({ group: 'events.k8s.io', kind: 'Event' }, 'checked', [reason, count, reason]).status;
    expect(several.message).toBe('Event.events.k8s.io "checked" is invalid: [reason: Invalid value: "Rechecked": field is immutable, count: Invalid value: 2: field is immutable]');
  });
});
