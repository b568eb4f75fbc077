'use client';
import { fieldConflicts, type StatusCause } from '@/lib/k8s/apply/conflicts';
import { toErrorObject } from '../api/client';
import { ErrorView } from '../ui/error-view';

/** The API server's causes of a refusal, if it gave any. */
function causesOf(error: unknown): { code: number | undefined; causes: StatusCause[] } {
  const status = toErrorObject(error).status;
  return { code: status?.code, causes: (status?.details?.causes ?? []) as StatusCause[] };
}

/**
 * Why the API server refused the YAML: a 409's conflicting fields with their managers and the
 * explicit way to take them over, a 422's field messages verbatim, or the error as everywhere else.
 */
export function ApplyRefusal({ error, onTakeOwnership, busy }: { error: unknown; onTakeOwnership: () => void; busy: boolean }) {
  const { code, causes } = causesOf(error);
  const conflicts = code === 409 ? fieldConflicts(causes) : [];
  if (conflicts.length > 0) {
    return (
      <div role="alert" className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm">
        <p className="font-semibold">Another field manager owns {conflicts.length === 1 ? 'a field' : 'fields'} this YAML changes</p>
        <table className="w-full text-left text-xs" aria-label="Conflicting fields">
          <thead>
            <tr className="text-slate-600">
              <th className="py-1 pr-3 font-medium">Field</th>
              <th className="py-1 pr-3 font-medium">Manager</th>
              <th className="py-1 font-medium">API server</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((c) => (
              <tr key={`${c.field}/${c.manager}`} className="border-t border-amber-200">
                <td className="py-1 pr-3 font-mono">{c.field}</td>
                <td className="py-1 pr-3 font-mono">{c.manager}</td>
                <td className="py-1">{c.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-slate-700">Taking ownership moves these fields to watchdeck; the other manager may set them back on its next apply.</p>
        <button type="button" disabled={busy} onClick={onTakeOwnership} className="rounded border border-amber-400 bg-white px-2.5 py-1 text-amber-900 hover:bg-amber-100 disabled:opacity-50">
          Apply and take ownership
        </button>
      </div>
    );
  }
  if (code === 422 && causes.length > 0) {
    return (
      <div role="alert" className="space-y-1 rounded border border-red-300 bg-red-50 p-3 text-sm">
        <p className="font-semibold">{toErrorObject(error).message}</p>
        <ul className="space-y-0.5 text-xs" aria-label="Invalid fields">
          {causes.map((c, i) => (
            <li key={i}>
              <span className="font-mono">{c.field}</span>: {c.message}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <ErrorView error={error} compact />;
}
