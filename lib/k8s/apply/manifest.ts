/**
 * A manifest as the YAML editor sends it: one object, parsed with the `yaml` package. Aliases are
 * counted so a "billion laughs" document fails instead of expanding, and a syntax error names its
 * line and column.
 */
import { isScalar, parseAllDocuments } from 'yaml';

/** An object of any kind, as YAML or JSON gives it. */
export type ManifestObject = Record<string, unknown> & { apiVersion?: unknown; kind?: unknown; metadata?: Record<string, unknown> };

/** Watchdeck's own findings about a manifest, so a page can say them in its language; a YAML syntax error has none and its message is the parser's. */
export type ManifestProblemReason = 'noDocument' | 'noObject' | 'manyDocuments' | 'tooLarge' | 'notObject' | 'apiVersionRequired' | 'kindRequired' | 'metadataNotObject';

export interface ManifestProblem {
  /** In English, as the console API returns it. */
  message: string;
  reason?: ManifestProblemReason;
  /** How many documents the text holds, for `manyDocuments`. */
  documents?: number;
  /** From 1; absent when the problem is not at one place in the text. */
  line?: number;
  column?: number;
}

export type ParsedManifest = { object: ManifestObject } | { problem: ManifestProblem };

/** The most alias expansions one document may make; kubectl's manifests seldom use any. */
export const MAX_ALIAS_COUNT = 100;

/** The API server's limit on a request body (3 MiB): an object whose aliases expand past it could never be sent. */
export const MAX_EXPANDED_BYTES = 3 * 1024 * 1024;

/** Whether the value, aliases expanded, is larger than `limit` (string lengths plus a byte a node); stops as soon as it is. */
function expandsPast(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    size += typeof item === 'string' ? item.length + 1 : 1;
    if (size > limit) return true;
    if (Array.isArray(item)) stack.push(...item);
    else if (item !== null && typeof item === 'object') for (const [key, child] of Object.entries(item)) stack.push(key, child);
  }
  return false;
}

export function parseManifest(text: string): ParsedManifest {
  const documents = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  if (!Array.isArray(documents)) return { problem: { message: 'the YAML holds no document', reason: 'noDocument' } };
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const at = error.linePos?.[0];
      // The pretty message repeats the place and quotes the text after its first line.
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { problem: { message, ...(at ? { line: at.line, column: at.col } : {}) } };
    }
  }
  const present = documents.filter((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
  if (present.length === 0) return { problem: { message: 'the YAML holds no object', reason: 'noObject' } };
  if (present.length > 1) return { problem: { message: `the YAML holds ${present.length} documents; apply one object at a time`, reason: 'manyDocuments', documents: present.length } };
  let value: unknown;
  try {
    value = present[0].toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { problem: { message: (err as Error).message } };
  }
  if (expandsPast(value, MAX_EXPANDED_BYTES)) return { problem: { message: 'the YAML expands past 3 MiB through its aliases', reason: 'tooLarge' } };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: { message: 'the YAML is not an object (a mapping of apiVersion, kind, metadata…)', reason: 'notObject' } };
  const object = value as ManifestObject;
  if (typeof object.apiVersion !== 'string' || !object.apiVersion) return { problem: { message: 'apiVersion is required', reason: 'apiVersionRequired' } };
  if (typeof object.kind !== 'string' || !object.kind) return { problem: { message: 'kind is required', reason: 'kindRequired' } };
  if (object.metadata !== undefined && (object.metadata === null || typeof object.metadata !== 'object' || Array.isArray(object.metadata))) {
    return { problem: { message: 'metadata must be an object', reason: 'metadataNotObject' } };
  }
  return { object };
}

/** `group/version` of an apiVersion; the core group is "". */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
