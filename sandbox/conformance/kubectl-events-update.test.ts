/**
 * Updates of Events through kubectl: events.k8s.io/v1 replaces get ValidateEventUpdate's strict
 * checks (pkg/apis/core/validation/events.go), every field but metadata and series immutable and
 * named by its core path; core v1 replaces keep the legacy checks only.
 */
import { describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { useTestSandbox } from './harness';

const t = useTestSandbox();

const manifest = (name: string) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name, namespace: 'default' },
  eventTime: '2026-01-01T00:05:00.000000Z',
  reportingController: 'example.com/checker',
  reportingInstance: 'checker-0',
  action: 'Check',
  reason: 'Checked',
  regarding: { kind: 'Node', name: 'node-1', apiVersion: 'v1' },
  note: 'written through events.k8s.io',
  type: 'Normal',
});

/** The stored Event read as `resource` ("events.v1.events.k8s.io" or "events"), as kubectl reads it for an edit. */
async function read(resource: string, name: string): Promise<Record<string, unknown>> {
  return JSON.parse((await t().kubectl('admin', ['get', resource, name, '-n', 'default', '-o', 'json'])).stdout);
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl replace of Events'), () => {
  it('kubectl replace of an events.k8s.io Event with a new note is refused 422: message is immutable, by its core path', async () => {
    expect((await t().kubectl('admin', ['create', '-f', '-'], { input: JSON.stringify(manifest('checked')) })).stdout).toBe('event.events.k8s.io/checked created\n');
    const live = await read('events.v1.events.k8s.io', 'checked');
    const r = await t().kubectl('admin', ['replace', '-f', '-'], { input: JSON.stringify({ ...live, note: 'rewritten' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('The Event "checked" is invalid: message: Invalid value: "rewritten": field is immutable\n');
  });

  it('names every changed field; a changed reason once in the message though upstream checks it twice', async () => {
    const live = await read('events.v1.events.k8s.io', 'checked');
    const r = await t().kubectl('admin', ['replace', '-f', '-'], { input: JSON.stringify({ ...live, reason: 'Rechecked', action: 'Recheck', reportingInstance: 'checker-1' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Event "checked" is invalid: \n* reason: Invalid value: "Rechecked": field is immutable\n* action: Invalid value: "Recheck": field is immutable\n* reportingInstance: Invalid value: "checker-1": field is immutable\n',
    );
  });

  it('lets an events.k8s.io replace change labels, and a core v1 replace change the message', async () => {
    const live = await read('events.v1.events.k8s.io', 'checked');
    const labelled = { ...live, metadata: { ...(live.metadata as object), labels: { checked: 'yes' } } };
    expect((await t().kubectl('admin', ['replace', '-f', '-'], { input: JSON.stringify(labelled) })).stdout).toBe('event.events.k8s.io/checked replaced\n');
    // ValidateEventUpdate: a core v1 request gets legacyValidateEvent only.
    const core = await read('events', 'checked');
    expect((await t().kubectl('admin', ['replace', '-f', '-'], { input: JSON.stringify({ ...core, message: 'rewritten in core v1' }) })).stdout).toBe('event/checked replaced\n');
    expect((await read('events.v1.events.k8s.io', 'checked')).note).toBe('rewritten in core v1');
  });
});
