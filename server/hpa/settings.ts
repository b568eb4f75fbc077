import 'server-only';
import { z } from 'zod';
import { parseVariables } from '../config';

/** The HPA history recorder's configuration (docs/configuration.md). */
export interface RecorderSettings {
  enabled: boolean;
  /** How often every HPA is sampled. */
  intervalMs: number;
  /** Samples older than this are deleted. */
  retentionMs: number;
  /** A bearer token file for the recording identity; re-read every minute and after a 401, so a rotated token is picked up. */
  tokenFile?: string;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15s", "5m", "36h", "7d". */
export function parseDurationText(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  return m ? Number(m[1]) * UNITS[m[2]] : undefined;
}

const duration = (min: number, example: string) =>
  z
    .string()
    .transform((v, ctx) => {
      const ms = parseDurationText(v);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number with s, m, h or d, e.g. ${example}` });
        return z.NEVER;
      }
      if (ms < min) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${min / 1000}s` });
        return z.NEVER;
      }
      return ms;
    })
    .optional();

const schema = z.object({
  WATCHDECK_HPA_RECORDER: z.enum(['on', 'off']).optional(),
  WATCHDECK_HPA_SAMPLE_INTERVAL: duration(5_000, '60s'),
  WATCHDECK_HPA_HISTORY_RETENTION: duration(3_600_000, '7d'),
  WATCHDECK_HPA_RECORDER_TOKEN_FILE: z.string().min(1).optional(),
});

/** Reads the recorder's variables; throws ConfigError naming the one at fault. */
export function recorderSettings(env: Record<string, string | undefined> = process.env): RecorderSettings {
  const v = parseVariables(schema, env);
  return {
    enabled: v.WATCHDECK_HPA_RECORDER !== 'off',
    intervalMs: v.WATCHDECK_HPA_SAMPLE_INTERVAL ?? 60_000,
    retentionMs: v.WATCHDECK_HPA_HISTORY_RETENTION ?? 7 * 86_400_000,
    ...(v.WATCHDECK_HPA_RECORDER_TOKEN_FILE ? { tokenFile: v.WATCHDECK_HPA_RECORDER_TOKEN_FILE } : {}),
  };
}
