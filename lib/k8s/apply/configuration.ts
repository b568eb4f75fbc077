/**
 * The YAML a person edits: the live object as server-side apply intent, without status and the
 * metadata the API server sets (kubectl edit shows them; an apply configuration needs none), and
 * the comparable form both sides of a dry-run diff take.
 */
import { stringify } from 'yaml';

type KubeObject = { metadata?: object; status?: unknown; [key: string]: unknown };

/** Set by the API server, never by an apply configuration. */
const SERVER_SET = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function withoutMetadata(object: KubeObject, keys: string[]): KubeObject {
  const metadata = Object.fromEntries(Object.entries(object.metadata ?? {}).filter(([key]) => !keys.includes(key)));
  return { ...object, metadata };
}

/** The object as an apply configuration: what the editor opens with. */
export function applyConfiguration(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = withoutMetadata(object, SERVER_SET);
  return rest;
}

export function applyConfigurationYaml(object: KubeObject): string {
  return stringify(applyConfiguration(object));
}

/** What changes on every write and says nothing of the change: left out of both sides of a diff. */
const NOISE = ['managedFields', 'resourceVersion', 'generation'];

/** The object as a diff shows it; "" for none (a create). */
export function diffableYaml(object: KubeObject | undefined): string {
  return object ? stringify(withoutMetadata(object, NOISE)) : '';
}

/** The minimal template a Create starts from. */
export function manifestTemplate(apiVersion: string, kind: string, namespace: string | undefined): string {
  return stringify({ apiVersion, kind, metadata: { name: '', ...(namespace ? { namespace } : {}) } });
}
