/**
 * A server-side apply conflict as the API server reports it: a 409 Status whose details.causes each
 * have reason FieldManagerConflict, the field path, and "conflict with "<manager>"[ using <apiVersion>]".
 */

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface FieldConflict {
  field: string;
  manager: string;
  /** The API server's words for this cause, verbatim. */
  message: string;
}

/** The manager is quoted with Go's %q: a JSON string. */
const MANAGER = /^conflict with ("(?:[^"\\]|\\.)*")/;

export function fieldConflicts(causes: StatusCause[] | undefined): FieldConflict[] {
  return (causes ?? [])
    .filter((c) => c.reason === 'FieldManagerConflict')
    .map((c) => {
      const message = c.message ?? '';
      const quoted = MANAGER.exec(message)?.[1];
      let manager = '';
      try {
        manager = quoted ? (JSON.parse(quoted) as string) : '';
      } catch {
        manager = quoted ?? '';
      }
      return { field: c.field ?? '', manager, message };
    });
}
