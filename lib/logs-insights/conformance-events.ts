import type { LogEvent } from './record';

/** The conformance suite's dataset: JSON and plain-text events over twelve minutes in two streams. */
export const CONFORMANCE_T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
export const CONFORMANCE_GROUP = '/conformance/app';

const event = (seconds: number, logStream: string, message: unknown): LogEvent => ({
  timestamp: CONFORMANCE_T0 + seconds * 1000,
  ingestionTime: CONFORMANCE_T0 + seconds * 1000 + 250,
  message: typeof message === 'string' ? message : JSON.stringify(message),
  logStream,
  logGroup: CONFORMANCE_GROUP,
  ptr: `p${seconds}`,
});

export const CONFORMANCE_EVENTS: LogEvent[] = [
  event(0, 'web-1', { level: 'INFO', status: 200, latency: 120, ip: '10.0.1.5', path: '/api/orders', user: { id: 'u1', roles: ['admin', 'dev'] } }),
  event(30, 'web-1', { level: 'WARN', status: 404, latency: 35, ip: '10.0.2.9', path: '/api/items', user: { id: 'u2', roles: ['dev'] } }),
  event(90, 'web-2', { level: 'ERROR', status: 500, latency: 900, ip: '192.168.1.20', path: '/api/orders', user: { id: 'u1', roles: [] } }),
  event(150, 'web-2', { level: 'INFO', status: 200, latency: 80, ip: '2001:db8::1', path: '/health' }),
  event(400, 'web-1', 'GET /api/orders 200 45ms from 10.0.1.5'),
  event(410, 'web-1', 'POST /api/items 201 130ms from 10.0.3.7'),
  event(700, 'web-2', { level: 'INFO', status: 200, latency: 60, ip: '10.0.1.6', path: '/api/items', note: '  padded  ' }),
];
