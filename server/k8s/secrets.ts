import 'server-only';
/**
 * Secrets as the console shows them: keys and sizes only; one key's value only when the user
 * asks for it and the API server lets them get that secret.
 */
import { consoleErrors } from '../errors';
import type { KubeClient } from './client';
import { listAll } from './list-all';

interface SecretObject {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  type?: string;
  immutable?: boolean;
  data?: Record<string, string> | null;
}

export interface SecretKey {
  key: string;
  /** Decoded size in bytes. */
  size: number;
}

export interface SecretRow {
  name: string;
  type: string;
  immutable: boolean;
  keys: SecretKey[];
  created?: string;
}

function decodedSize(base64: string): number {
  return Buffer.from(base64, 'base64').length;
}

function secretRow(secret: SecretObject): SecretRow {
  return {
    name: secret.metadata.name,
    type: secret.type ?? 'Opaque',
    immutable: secret.immutable === true,
    keys: Object.entries(secret.data ?? {})
      .map(([key, value]) => ({ key, size: decodedSize(value) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    ...(secret.metadata.creationTimestamp ? { created: secret.metadata.creationTimestamp } : {}),
  };
}

/** The namespace's Secrets, their values dropped here on the server. */
export async function listSecrets(client: KubeClient, namespace: string): Promise<{ namespace: string; items: SecretRow[] }> {
  const items = await listAll<SecretObject>(client, { group: '', version: 'v1', resource: 'secrets', namespace });
  return { namespace, items: items.map(secretRow).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

export interface RevealedKey {
  name: string;
  namespace: string;
  key: string;
  /** UTF-8 text when the bytes are valid UTF-8, else base64. */
  encoding: 'utf-8' | 'base64';
  value: string;
  size: number;
}

/** One key of one Secret, read with the user's own get on it. */
export async function revealSecretKey(client: KubeClient, namespace: string, name: string, key: string): Promise<RevealedKey> {
  const secret = await client.get<SecretObject>({ group: '', version: 'v1', resource: 'secrets', namespace, name });
  const encoded = secret.data?.[key];
  if (encoded === undefined) throw consoleErrors.notFound(`secret "${name}" has no key "${key}"`);
  const bytes = Buffer.from(encoded, 'base64');
  const text = new TextDecoder('utf-8', { fatal: true });
  let value: string;
  let encoding: RevealedKey['encoding'] = 'utf-8';
  try {
    value = text.decode(bytes);
  } catch {
    value = encoded;
    encoding = 'base64';
  }
  return { name, namespace, key, encoding, value, size: bytes.length };
}
