import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { World } from '../world/world';
import { startClockControl, type ClockControl } from './control';

const BEHIND_MS = 60_000;

let dir: string;
let world: World;
let control: ClockControl;
let fired: number[];

/** A request with the headers given as they are, which fetch would not allow for Host. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${control.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const advance = (seconds: unknown) => send('POST', '/clock/advance', { 'content-type': 'application/json' }, JSON.stringify({ seconds }));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'clock-control-'));
  world = new World({ start: new Date(Date.now() - BEHIND_MS) });
  fired = [];
  world.after(20_000, () => fired.push(world.nowMs() - world.simStart));
  world.start();
  control = await startClockControl(world, { dir });
});

afterAll(async () => {
  world.stop();
  await control.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the sandbox clock control', () => {
  it('writes its loopback URL to clock.json, readable by its owner only', async () => {
    expect(JSON.parse(await readFile(join(dir, 'clock.json'), 'utf8'))).toEqual({ url: control.url });
    expect(control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await stat(join(dir, 'clock.json'))).mode & 0o777).toBe(0o600);
  });

  it('reports a clock started a minute behind the wall clock', async () => {
    const { status, json } = await send('GET', '/clock');
    expect(status).toBe(200);
    expect(json.startedAt).toBe(new Date(world.simStart).toISOString());
    // The test's own run time passes on both clocks alike, so the gap stays the minute it started with.
    expect(json.behindWallSeconds).toBeCloseTo(BEHIND_MS / 1000, 0);
  });

  it('moves the clock forward, running the timers due on the way, and the clock then keeps running from there', async () => {
    const before = world.nowMs();
    const { status, json } = await advance(30);
    expect(status).toBe(200);
    // The 20 s timer ran at its own time, not at the end of the jump.
    expect(fired).toEqual([20_000]);
    const after = Date.parse(json.now as string);
    expect(after - before).toBeGreaterThanOrEqual(30_000);
    expect(after - before).toBeLessThan(31_000);
    expect(json.behindWallSeconds).toBeCloseTo(30, 0);
    await expect.poll(() => world.nowMs() - after, { timeout: 5_000, interval: 20 }).toBeGreaterThanOrEqual(200);
  });

  it('refuses to move a realtime clock past the wall clock, and leaves it where it was', async () => {
    const before = world.nowMs();
    const { status, json } = await advance(45);
    expect(status).toBe(409);
    expect(json.message).toMatch(/^advancing 45 s would put the sandbox's clock 1[45]\.\d{3} s ahead of the wall clock$/);
    expect(world.nowMs() - before).toBeLessThan(1_000);
  });

  it('refuses a body that is not a positive number of seconds, and a body that is not JSON', async () => {
    expect(await advance(-5)).toEqual({ status: 400, json: { message: 'not {"seconds": N} with 0 < N <= 86400: seconds: Too small: expected number to be >0' } });
    expect((await advance('5')).status).toBe(400);
    const plain = await send('POST', '/clock/advance', { 'content-type': 'text/plain' }, '{"seconds":5}');
    expect(plain).toEqual({ status: 415, json: { message: 'POST /clock/advance takes application/json' } });
  });

  it('answers only requests naming its own address as Host, so a rebound name cannot reach it from a page', async () => {
    const rebound = await send('GET', '/clock', { host: 'attacker.example:80' });
    expect(rebound).toEqual({ status: 403, json: { message: `this control answers only requests to ${new URL(control.url).host}` } });
    expect((await send('GET', '/clock/advance')).status).toBe(405);
    expect((await send('GET', '/faults')).status).toBe(404);
  });
});
