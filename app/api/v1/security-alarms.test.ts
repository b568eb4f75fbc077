/**
 * Alarms are read with Watchdeck's shared AWS identity: a user who may not see an alarm learns
 * nothing of it, not even that its name exists, from the alarm routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, params, startSandboxConsole, type SandboxConsole } from '@/server/testing/sandbox-console';
import { POST as ackRoute } from './alarms/[name]/acknowledgements/route';
import { GET as alarmRoute } from './alarms/[name]/route';

describe('alarm names through the shared AWS identity', () => {
  let t: SandboxConsole;
  beforeAll(async () => {
    t = await startSandboxConsole({ advanceMs: 8 * 60_000 });
  }, 60_000);
  afterAll(async () => t?.close());

  const detail = async (name: string) => {
    const response = await alarmRoute(t.request('dev', `/api/v1/alarms/${encodeURIComponent(name)}?cluster=${CLUSTER}`), params({ name }));
    return { status: response.status, body: (await response.text()).replaceAll(name, '<name>') };
  };
  const ack = async (name: string) => {
    const request = new Request(`http://console.test:3000/api/v1/alarms/${encodeURIComponent(name)}/acknowledgements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token('dev')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cluster: CLUSTER, note: 'looking' }),
    });
    const response = await ackRoute(request, params({ name }));
    return { status: response.status, body: (await response.text()).replaceAll(name, '<name>') };
  };

  // backend-app-error-count fires in the default scenario on eks-work's logs, which dev may not read;
  // the other name exists nowhere. Both answers must be the same but for the name itself.
  it('answers dev for an eks-work alarm exactly as for an alarm that does not exist', async () => {
    const hidden = await detail('backend-app-error-count');
    const missing = await detail('no-such-alarm-anywhere');
    expect(hidden).toEqual(missing);
    expect(hidden).toEqual({ status: 404, body: JSON.stringify({ error: { kind: 'NotFound', message: 'alarm "<name>" does not exist, or is not shown to you' } }) });
  });

  it('refuses dev an acknowledgement of an eks-work alarm exactly as one of an alarm that does not exist', async () => {
    const hidden = await ack('backend-app-error-count');
    const missing = await ack('no-such-alarm-anywhere');
    expect(hidden).toEqual(missing);
    expect(hidden.status).toBe(404);
  });
});
