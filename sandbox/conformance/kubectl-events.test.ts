/**
 * events.k8s.io/v1 Events through kubectl and client-node against the default scenario: the
 * same stored Events as core v1, renamed as pkg/apis/events/v1/conversion.go renames them,
 * printed with the same columns, selected with regarding.* and authorized per API group.
 */
import { Watch } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { SANDBOX_START_TIMEOUT_MS, startTestSandbox, type TestSandbox } from './harness';
import type { KubeObject } from '../kube/store';

let t: TestSandbox;

/** Five minutes on the scenario's manual clock: the scenario's pods have been scheduled, pulled and started, each with its Events. */
const SETTLED_MS = 5 * 60_000;

beforeAll(async () => {
  t = await startTestSandbox({ scenario: 'default' });
  t.sandbox.world.advance(SETTLED_MS);
}, SANDBOX_START_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
});

/** The core Event the kubelet recorded first in eks-work: it carries every field the conversion renames, reportingInstance included. */
function kubeletEvent(): KubeObject {
  const events = t.sandbox.world.store.list('events', 'eks-work').filter((e) => e.source?.component === 'kubelet' && e.source?.host);
  expect(events.length).toBeGreaterThan(0);
  return events[0];
}

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl against events.k8s.io/v1 Events'), () => {
  it('kubectl get events.v1.events.k8s.io prints the same rows as kubectl get events, plain and wide', async () => {
    const core = await t.kubectl('admin', ['get', 'events', '-n', 'eks-work']);
    const events = await t.kubectl('admin', ['get', 'events.v1.events.k8s.io', '-n', 'eks-work']);
    expect(core.stderr).toBe('');
    expect(events.stderr).toBe('');
    // Upstream prints both groups with printEvent (pkg/printers/internalversion): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.
    expect(events.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(events.stdout.split('\n').length).toBe(t.sandbox.world.store.count('events', 'eks-work') + 2);
    expect(events.stdout).toBe(core.stdout);

    const coreWide = await t.kubectl('admin', ['get', 'events', '-n', 'eks-work', '-o', 'wide']);
    const eventsWide = await t.kubectl('admin', ['get', 'events.v1.events.k8s.io', '-n', 'eks-work', '-o', 'wide']);
    expect(eventsWide.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME$/);
    expect(eventsWide.stdout).toBe(coreWide.stdout);
  });

  it('kubectl get -o json shows a stored core Event with upstream events.k8s.io/v1 field names', async () => {
    const core = kubeletEvent();
    const r = await t.kubectl('admin', ['get', 'events.v1.events.k8s.io', '-n', 'eks-work', core.metadata.name, '-o', 'json']);
    expect(r.stderr).toBe('');
    // Convert_core_Event_To_v1_Event: involvedObject→regarding, message→note, source→deprecatedSource, the timestamps and count deprecated*;
    // eventTime, a struct in Go, prints null when unset.
    expect(JSON.parse(r.stdout)).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: core.metadata,
      eventTime: null,
      reportingController: 'kubelet',
      reportingInstance: core.source.host,
      reason: core.reason,
      regarding: core.involvedObject,
      note: core.message,
      type: core.type,
      deprecatedSource: { component: 'kubelet', host: core.source.host },
      deprecatedFirstTimestamp: core.firstTimestamp,
      deprecatedLastTimestamp: core.lastTimestamp,
      deprecatedCount: core.count,
    });
  });

  it('a field selector on regarding.name selects the Events about one pod; involvedObject.name is refused in events.k8s.io', async () => {
    const pod = kubeletEvent().involvedObject.name as string;
    const expected = t.sandbox.world.store
      .list('events', 'eks-work')
      .filter((e) => e.involvedObject.name === pod)
      .map((e) => `event.events.k8s.io/${e.metadata.name}`);
    const r = await t.kubectl('admin', ['get', 'events.v1.events.k8s.io', '-n', 'eks-work', '--field-selector', `regarding.name=${pod},regarding.kind=Pod`, '-o', 'name']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual(expected.sort());

    // The core label is not among AddFieldLabelConversionsForEvent's labels, so the API server answers 400.
    const refused = await t.kubectl('admin', ['get', 'events.v1.events.k8s.io', '-n', 'eks-work', '--field-selector', `involvedObject.name=${pod}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `Error from server (BadRequest): Unable to find "events.k8s.io/v1, Resource=events" that match label selector "", field selector "involvedObject.name=${pod}": field label not supported: involvedObject.name\n`,
    );
  });

  it('a watch in events.k8s.io/v1 sees an Event the sandbox records in core v1', async () => {
    const { world } = t.sandbox;
    const pod = world.store.list('pods', 'eks-work')[0];
    const from = String(world.store.resourceVersion);
    const seen = new Promise<{ phase: string; object: KubeObject }>((resolve, reject) => {
      void new Watch(t.config('admin'))
        .watch(
          '/apis/events.k8s.io/v1/namespaces/eks-work/events',
          { resourceVersion: from, fieldSelector: 'reason=ConformanceCheck' },
          (phase, object) => resolve({ phase, object }),
          (err) => err && reject(err),
        )
        .then((req) => seen.finally(() => req.abort()))
        .catch(reject);
    });
    const recorded = world.events.record({ component: 'kubelet', host: pod.spec.nodeName }, pod, 'Warning', 'ConformanceCheck', 'recorded through the core API');
    const { phase, object } = await seen;
    expect(phase).toBe('ADDED');
    expect(object.apiVersion).toBe('events.k8s.io/v1');
    expect(object.metadata.name).toBe(recorded.metadata.name);
    expect(object.note).toBe('recorded through the core API');
    expect(object.regarding).toEqual(recorded.involvedObject);
    expect(object.reportingController).toBe('kubelet');
  });

  it('an Event created in events.k8s.io/v1 is read back in core v1 with the core names', async () => {
    const pod = t.sandbox.world.store.list('pods', 'eks-work')[0];
    const manifest = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'written-in-events-v1', namespace: 'eks-work' },
      eventTime: '2026-01-01T00:05:00.000000Z',
      reportingController: 'example.com/checker',
      reportingInstance: 'checker-0',
      action: 'Check',
      reason: 'Checked',
      regarding: { kind: 'Pod', namespace: 'eks-work', name: pod.metadata.name, uid: pod.metadata.uid, apiVersion: 'v1' },
      note: 'written through events.k8s.io',
      type: 'Normal',
    };
    const created = await t.kubectl('admin', ['create', '-f', '-'], { input: JSON.stringify(manifest) });
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('event.events.k8s.io/written-in-events-v1 created\n');

    // ValidateEventCreate's strict checks apply to events.k8s.io/v1 creates: eventTime is required.
    const { eventTime: _, ...withoutTime } = manifest;
    const refused = await t.kubectl('admin', ['create', '-f', '-'], { input: JSON.stringify({ ...withoutTime, metadata: { name: 'no-event-time', namespace: 'eks-work' } }) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('The Event "no-event-time" is invalid: eventTime: Required value\n');

    const r = await t.kubectl('admin', ['get', 'events', '-n', 'eks-work', 'written-in-events-v1', '-o', 'json']);
    const core = JSON.parse(r.stdout);
    // Convert_v1_Event_To_core_Event: regarding→involvedObject, note→message, reportingController→reportingComponent; unset deprecated fields stay empty.
    expect({ ...core, metadata: undefined }).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: undefined,
      involvedObject: manifest.regarding,
      reason: 'Checked',
      message: 'written through events.k8s.io',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Normal',
      eventTime: '2026-01-01T00:05:00.000000Z',
      action: 'Check',
      reportingComponent: 'example.com/checker',
      reportingInstance: 'checker-0',
    });
  });

  it('dev may read core Events in rbac-test-ns but not events.k8s.io Events, as the view ClusterRole grants only the core group', async () => {
    const core = await t.kubectl('dev', ['get', 'events', '-n', 'rbac-test-ns', '-o', 'name']);
    expect(core.stderr).toBe('');
    expect(core.stdout.trimEnd().split('\n').length).toBe(t.sandbox.world.store.count('events', 'rbac-test-ns'));

    const events = await t.kubectl('dev', ['get', 'events.v1.events.k8s.io', '-n', 'rbac-test-ns']);
    expect(events.code).toBe(1);
    expect(events.stderr).toBe(
      'Error from server (Forbidden): events.events.k8s.io is forbidden: User "dev" cannot list resource "events" in API group "events.k8s.io" in the namespace "rbac-test-ns"\n',
    );
    const canI = await t.kubectl('dev', ['auth', 'can-i', 'list', 'events.events.k8s.io', '-n', 'rbac-test-ns']);
    expect(canI.stdout).toBe('no\n');
  });

  it('discovery lists events.k8s.io/v1 events with its verbs and no short name, and kubectl explain reads its schema', async () => {
    const r = await t.kubectl('admin', ['api-resources', '--api-group=events.k8s.io', '-o', 'wide']);
    expect(r.stderr).toBe('');
    const [header, row] = r.stdout.split('\n').map((l) => l.trim().split(/\s+/));
    expect(header).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', 'VERBS', 'CATEGORIES']);
    // Empty SHORTNAMES and CATEGORIES cells: upstream's events.k8s.io events has neither.
    expect(row).toEqual(['events', 'events.k8s.io/v1', 'true', 'Event', 'create,delete,deletecollection,get,list,patch,update,watch']);

    const explain = await t.kubectl('admin', ['explain', 'events.regarding', '--api-version=events.k8s.io/v1']);
    expect(explain.stderr).toBe('');
    expect(explain.stdout).toMatch(/^GROUP:\s+events\.k8s\.io\nKIND:\s+Event\nVERSION:\s+v1\n\nFIELD: regarding <ObjectReference>\n/);
  });
});
