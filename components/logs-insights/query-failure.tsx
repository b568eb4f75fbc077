import { useTranslations } from 'next-intl';
import { toErrorObject } from '../api/client';
import { ErrorView } from '../ui/error-view';

/** A query's failure: the AWS error's name (MalformedQueryException, LimitExceededException, …) with the message unchanged, or the console's error as everywhere else. */
/** An AWS error as the service named it; `message`, when given, says it in the page's language instead of the service's words. */
export function QueryFailure({ error, message: said }: { error: unknown; message?: string }) {
  const t = useTranslations('Errors');
  const e = toErrorObject(error);
  if (e.kind !== 'AwsError') return <ErrorView error={error} compact />;
  const heading = e.aws?.name ?? t('awsError');
  const message = said ?? (e.aws ? e.message.replace(new RegExp(`^${e.aws.name}:\\s*`), '') : e.message);
  return (
    <div role="alert" data-error-kind={e.kind} className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      <p className="font-semibold">{heading}</p>
      <p className="mt-1 break-words font-mono text-[13px]" data-testid="error-message">
        {message}
      </p>
    </div>
  );
}
