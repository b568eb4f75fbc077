import { toErrorObject } from '../api/client';
import { ErrorView } from '../ui/error-view';

/** Titles for the failures only the Logs page meets; the rest as everywhere else. */
function title(kind: string, awsName?: string): string | null {
  if (kind === 'AwsError') return awsName ?? 'AWS error';
  if (kind === 'Forbidden') return 'Not allowed';
  if (kind === 'AwsNotConfigured') return 'AWS is not configured';
  if (kind === 'AwsUnreachable') return 'AWS unreachable';
  return null;
}

/** A query's failure: the AWS error's name (MalformedQueryException, LimitExceededException, …) or Watchdeck's refusal, with the message unchanged. */
export function QueryFailure({ error }: { error: unknown }) {
  const e = toErrorObject(error);
  const heading = title(e.kind, e.aws?.name);
  if (!heading) return <ErrorView error={e} compact />;
  const message = e.aws ? e.message.replace(new RegExp(`^${e.aws.name}:\\s*`), '') : e.message;
  return (
    <div role="alert" data-error-kind={e.kind} className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-semibold">{heading}</p>
      <p className="mt-1 break-words font-mono text-[13px]" data-testid="error-message">{message}</p>
    </div>
  );
}
