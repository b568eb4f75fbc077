/** Column definitions and cell helpers shared by the per-kind printers (pkg/printers/internalversion). */
import { formatLabelSelector, type LabelSelector } from '@/lib/k8s/label-selector';
import { timestampSince } from '@/lib/k8s/human-duration';
import type { KubeObject } from '../store';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export type Cell = string | number | boolean;

export interface RowCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export interface Printer {
  columns: ColumnDefinition[];
  /** The row's cells (all of them, wide ones included, as the API server prints) and any row conditions. */
  row(obj: KubeObject, now: Date): { cells: Cell[]; conditions?: RowCondition[] };
}

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const CREATION_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export function column(name: string, type: string, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const nameColumn = (): ColumnDefinition => column('Name', 'string', NAME_DOC, 0, 'name');
export const ageColumn = (): ColumnDefinition => column('Age', 'string', CREATION_DOC);
export const containersColumn = (priority = 1) => column('Containers', 'string', 'Names of each container in the template.', priority);
export const imagesColumn = (priority = 1) => column('Images', 'string', 'Images referenced by each container in the template.', priority);
export const creationDoc = CREATION_DOC;

export function age(obj: KubeObject, now: Date): string {
  return timestampSince(obj.metadata.creationTimestamp, now);
}

/** layoutContainerCells: names and images, comma-joined. */
export function containerCells(containers: { name: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** labels.FormatLabels: sorted k=v pairs, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

export function selectorText(selector: LabelSelector | undefined | null): string {
  return formatLabelSelector(selector);
}

/** intstr.IntOrString.String() */
export function intOrString(value: number | string): string {
  return typeof value === 'number' ? String(value) : value;
}

export function int(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
