import 'server-only';
import { z } from 'zod';

const replicas = z.coerce.number().int('must be a whole number').min(0).max(100_000).optional();

/** What-if values on GET …/hpas/{name}: the algorithm reruns with them, nothing is written. */
export const hpaWhatIfQuery = z
  .object({
    targetUtilization: z.coerce.number().int('must be a whole number').min(1).max(10_000).optional(),
    minReplicas: replicas,
    maxReplicas: replicas.pipe(z.number().min(1).optional()),
  })
  .refine((q) => q.minReplicas === undefined || q.maxReplicas === undefined || q.minReplicas <= q.maxReplicas, {
    message: 'minReplicas must not exceed maxReplicas',
  });

const instant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)) || /^\d+$/.test(v), 'must be an RFC 3339 time or epoch milliseconds')
  .transform((v) => new Date(/^\d+$/.test(v) ? Number(v) : Date.parse(v)));

/** `from` and `to` of …/history; `to` defaults to now and `from` to an hour before `to`. */
export const hpaHistoryQuery = z.object({ from: instant.optional(), to: instant.optional() });
