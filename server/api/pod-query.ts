import 'server-only';
import { z } from 'zod';
import { namespaceName } from './names';

/** `namespace`: a name, or empty, absent or "(all)" for every namespace. */
export const namespaceOrAll = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' || v === '(all)' ? undefined : v))
  .pipe(namespaceName.optional());

const selector = z.string().max(4096).optional();

export const podListQuery = z.object({
  namespace: namespaceOrAll,
  labelSelector: selector,
  fieldSelector: selector,
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  continue: z
    .string()
    .max(8192)
    .optional()
    .transform((v) => v || undefined),
});

export const podStreamQuery = z.object({
  namespace: namespaceOrAll,
  labelSelector: selector,
  fieldSelector: selector,
  /** Rows per line after the first (which holds at most 500). */
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const podWatchQuery = z.object({
  namespace: namespaceOrAll,
  labelSelector: selector,
  fieldSelector: selector,
  resourceVersion: z
    .string()
    .regex(/^\d*$/, 'a resourceVersion from a list or a watch event')
    .optional()
    .transform((v) => v || undefined),
});

/** An object name: a DNS-1123 subdomain (pods, workloads, nodes). */
export const objectName = z
  .string()
  .max(253, 'a name has at most 253 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'a name is a DNS-1123 subdomain: lower-case letters, digits, "-" and "."');

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');
const count = (max: number) => z.coerce.number().int().min(0).max(max).optional();

export const podLogQuery = z.object({
  container: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a container name is a DNS-1123 label')
    .optional(),
  tailLines: count(1_000_000),
  sinceSeconds: z.coerce.number().int().min(1).optional(),
  /** RFC3339 (fractions allowed, as a timestamps=true line writes it): where a cut follow resumes. */
  sinceTime: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/, 'an RFC3339 time')
    .optional(),
  previous: flag,
  timestamps: flag,
  follow: flag,
});

export const selectorLogQuery = z.object({
  labelSelector: z.string().min(1, 'a label selector is required').max(4096),
  tailLines: count(100_000),
  sinceSeconds: z.coerce.number().int().min(1).optional(),
  timestamps: flag,
  follow: flag,
});
