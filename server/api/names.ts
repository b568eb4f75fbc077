import 'server-only';
import { z } from 'zod';

/** A namespace name: a DNS-1123 label. */
export const namespaceName = z
  .string()
  .max(63, 'a namespace name has at most 63 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace name is a DNS-1123 label: lower-case letters, digits and "-"');

/** A cluster (kubeconfig context) name as it appears in a console API path. */
export const clusterName = z.string().min(1).max(253);
