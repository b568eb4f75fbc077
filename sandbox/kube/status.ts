/** metav1.Status bodies worded as the API server words them. */
import type { ResourceType } from './resources';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  /** Omitted for an error the API server did not classify (StatusReasonUnknown is ""). */
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** Thrown by the store and the handlers; the HTTP layer writes `status` as the body. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
  }
  get code(): number {
    return this.status.code;
  }
}

function failure(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** "pods" or "deployments.apps": how messages name a resource. */
export function qualifiedResource(r: Pick<ResourceType, 'group' | 'plural'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

function target(r: Pick<ResourceType, 'group' | 'plural'>, name?: string) {
  return { name, ...(r.group ? { group: r.group } : {}), kind: r.plural };
}

export const statusErrors = {
  notFound(r: Pick<ResourceType, 'group' | 'plural'>, name: string) {
    return failure(404, 'NotFound', `${qualifiedResource(r)} "${name}" not found`, target(r, name));
  },
  alreadyExists(r: Pick<ResourceType, 'group' | 'plural'>, name: string) {
    return failure(409, 'AlreadyExists', `${qualifiedResource(r)} "${name}" already exists`, target(r, name));
  },
  conflict(r: Pick<ResourceType, 'group' | 'plural'>, name: string) {
    return failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      target(r, name),
    );
  },
  invalid(r: Pick<ResourceType, 'group' | 'kind'>, name: string, causes: Required<Pick<StatusCause, 'reason' | 'message' | 'field'>>[]) {
    // ErrorList.ToAggregate drops repeated messages from the summary; the causes keep every error.
    const list = [...new Set(causes.map((c) => `${c.field}: ${c.message}`))];
    const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    // errors.NewInvalid names the kind by GroupKind.String(): "Deployment.apps", "Pod".
    const qualifiedKind = r.group ? `${r.kind}.${r.group}` : r.kind;
    return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
      ...(name ? { name } : {}),
      ...(r.group ? { group: r.group } : {}),
      kind: r.kind,
      causes,
    });
  },
  /** A path that names no served resource. */
  notFoundResource() {
    return failure(404, 'NotFound', 'the server could not find the requested resource', {});
  },
  tooManyRequests(message: string, details?: Status['details']) {
    return failure(429, 'TooManyRequests', message, details);
  },
  badRequest(message: string) {
    return failure(400, 'BadRequest', message);
  },
  methodNotSupported(r: Pick<ResourceType, 'group' | 'plural'>, verb: string) {
    return failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualifiedResource(r)}"`, target(r));
  },
  /** A watch from a resourceVersion older than the retained history. */
  tooOldResourceVersion(requested: number, oldest: number) {
    return failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
  },
  expiredContinue() {
    return failure(
      410,
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
  },
  unauthorized() {
    return failure(401, 'Unauthorized', 'Unauthorized');
  },
  forbidden(message: string, r?: Pick<ResourceType, 'group' | 'plural'>, name?: string) {
    return failure(403, 'Forbidden', message, r ? target(r, name) : undefined);
  },
  internal(message: string) {
    return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
};
