import 'server-only';
import { z } from 'zod';
import { parseVariables } from '../config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Metrics listener and logging (docs/configuration.md, docs/operations.md). */
export interface ObservabilitySettings {
  /** Undefined: no metrics listener. */
  metrics?: { port: number; host: string };
  logLevel: LogLevel;
  logFormat: 'json' | 'pretty';
  /** Take a sane X-Request-Id from the request: a proxy in front sets or overwrites it. */
  trustRequestId: boolean;
}

export const DEFAULT_METRICS_PORT = 9464;

const schema = z.object({
  WATCHDECK_METRICS_PORT: z
    .string()
    .regex(/^(\d{1,5}|off)$/, 'must be a port number, or 0 or "off" for no metrics listener')
    .transform((v) => (v === 'off' ? 0 : Number(v)))
    .pipe(z.number().max(65535, 'must be a port number, or 0 or "off" for no metrics listener'))
    .optional(),
  WATCHDECK_METRICS_HOST: z.string().min(1).optional(),
  WATCHDECK_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  WATCHDECK_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  WATCHDECK_TRUST_REQUEST_ID: z.enum(['true', 'false']).optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

/** Reads the variables; throws ConfigError naming the one at fault. */
export function observabilitySettings(env: Record<string, string | undefined> = process.env): ObservabilitySettings {
  const v = parseVariables(schema, env);
  const port = v.WATCHDECK_METRICS_PORT ?? DEFAULT_METRICS_PORT;
  // In a pod the scraper comes from another pod; elsewhere only this machine may read the figures.
  const host = v.WATCHDECK_METRICS_HOST ?? (v.KUBERNETES_SERVICE_HOST ? '0.0.0.0' : '127.0.0.1');
  return {
    ...(port > 0 ? { metrics: { port, host } } : {}),
    logLevel: v.WATCHDECK_LOG_LEVEL ?? 'info',
    logFormat: v.WATCHDECK_LOG_FORMAT ?? (v.NODE_ENV === 'development' ? 'pretty' : 'json'),
    trustRequestId: v.WATCHDECK_TRUST_REQUEST_ID === 'true',
  };
}
