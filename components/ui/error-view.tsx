import Link from 'next/link';
import { parseForbidden, type MissingPermission } from '@/server/k8s/rbac/forbidden';
import { toErrorObject } from '../api/client';
import type { ErrorObject } from '../api/types';
import { ForbiddenPanel } from './forbidden-panel';

interface Presentation {
  title: string;
  hint?: string;
  signIn?: boolean;
}

/** How each error kind reads on the page; the server's message is always shown unchanged below the title. */
export function presentError(error: ErrorObject): Presentation {
  switch (error.kind) {
    case 'Status': {
      const status = error.status;
      const title = [status?.code, status?.reason].filter(Boolean).join(' ') || 'The API server refused the request';
      return { title };
    }
    case 'ClusterUnreachable':
      return { title: 'Cluster unreachable', hint: 'Watchdeck could not connect to the API server.' };
    case 'ClusterTimeout':
      return { title: 'API server did not answer', hint: 'The API server took longer than Watchdeck waits for this call.' };
    case 'CredentialsPluginFailed':
      return { title: 'Credentials plugin failed', hint: "The kubeconfig's exec plugin could not get a credential." };
    case 'Throttled':
      return { title: 'Throttled', hint: 'The server asked Watchdeck to slow down.' };
    case 'TLSError':
      return { title: 'TLS error', hint: "The API server's certificate could not be verified with the kubeconfig's CA." };
    case 'Unauthorized':
      return { title: 'Unauthorized', hint: 'The API server did not accept your credentials.', signIn: true };
    case 'SignInRequired':
      return { title: 'Sign-in required', signIn: true };
    case 'SessionExpired':
      return { title: 'Session expired', hint: 'The OpenID provider would not renew your sign-in.', signIn: true };
    case 'IssuerUnreachable':
      return { title: 'OpenID provider unreachable', hint: 'Watchdeck could not connect to the OpenID provider; try again later.' };
    case 'DiscoveryInvalid':
      return { title: 'OpenID provider misconfigured', hint: "The provider's discovery document cannot be used; check WATCHDECK_OIDC_ISSUER." };
    case 'StateMismatch':
      return { title: 'Sign-in response not recognised', hint: 'The answer did not match a sign-in started in this browser; sign in again.' };
    case 'NonceMismatch':
      return { title: 'ID token not for this sign-in', hint: 'The ID token was issued for another sign-in; sign in again.' };
    case 'ClockSkew':
      return { title: 'Clocks disagree', hint: "The ID token's times are ahead of this server's clock; check the clocks of Watchdeck and the provider." };
    case 'ProviderError':
      return { title: 'The OpenID provider refused', hint: 'The provider did not sign you in.' };
    case 'KubeconfigInvalid':
      return { title: 'Kubeconfig invalid', hint: 'Fix the kubeconfig Watchdeck is configured with.' };
    case 'CsrfRejected':
      return { title: 'Request rejected', hint: 'The page was out of date; reload it and try again.' };
    case 'ProxyHeadersMissing':
      return { title: 'Identity headers missing', hint: 'Watchdeck expects to be reached through its authenticating proxy.' };
    case 'BadRequest':
      return { title: 'Bad request' };
    case 'PayloadTooLarge':
      return { title: 'Request too large', hint: 'The message says the most this request may carry.' };
    case 'URITooLong':
      return { title: 'Address too long', hint: 'Narrow the filters to shorten the query.' };
    case 'NotFound':
      return { title: 'Not found' };
    case 'ConsoleUnreachable':
      return { title: 'Watchdeck unreachable', hint: 'The console server did not answer.' };
    case 'Forbidden':
      return { title: 'Not allowed', hint: 'Watchdeck does not let you do this with your permissions in the cluster.' };
    case 'Conflict':
      return { title: 'Changed elsewhere', hint: 'Someone saved a newer version since you loaded this.' };
    case 'PreconditionRequired':
      return { title: 'Version required', hint: 'Reload the page and save again.' };
    case 'TooManyRequests':
      return { title: 'Too many at once' };
    case 'AwsNotConfigured':
      return { title: 'AWS not configured', hint: "Set AWS_REGION and credentials in Watchdeck's environment to use CloudWatch." };
    case 'AwsUnreachable':
      return { title: 'AWS unreachable', hint: 'Watchdeck could not connect to the AWS endpoint.' };
    case 'AwsCredentialsInvalid':
      return { title: 'AWS credentials refused', hint: "AWS did not accept Watchdeck's credentials." };
    case 'AwsError':
      return { title: error.aws?.name ?? 'AWS error' };
    case 'QueryTimeout':
      return { title: 'Query timed out', hint: 'Narrow the query: a shorter time range, fewer pods, or a simpler pattern.' };
    case 'Unavailable':
      return { title: 'Console restarting', hint: 'This Watchdeck server is shutting down; try again and another one answers.' };
    case 'Internal':
      return { title: 'Internal error' };
    default:
      return { title: `Error (${error.kind satisfies never})` };
  }
}

/** The permission an API server 403 says is missing, when the refusal is RBAC's. */
export function forbiddenPermission(error: ErrorObject): MissingPermission | undefined {
  if (error.kind !== 'Status' || error.status?.code !== 403) return undefined;
  return parseForbidden(error.status.message ?? error.message, error.status.details);
}

export function ErrorView({ error, compact = false }: { error: unknown; compact?: boolean; nextTryAt?: number; onRetry?: () => void }) {
  const errorObject = toErrorObject(error);
  const missing = forbiddenPermission(errorObject);
  if (missing) return <ForbiddenPanel message={errorObject.status?.message ?? errorObject.message} missing={missing} compact={compact} />;
  const { title, hint, signIn } = presentError(errorObject);
  const message = errorObject.kind === 'Status' ? (errorObject.status?.message ?? errorObject.message) : errorObject.message;
  return (
    <div
      role="alert"
      data-error-kind={errorObject.kind}
      className={`rounded border border-red-300 bg-red-50 text-red-900 ${compact ? 'p-3 text-sm' : 'p-4'}`}
    >
      <p className="font-semibold">{title}</p>
      {message && <p className="mt-1 break-words font-mono text-[13px]" data-testid="error-message">{message}</p>}
      {hint && <p className="mt-1 text-sm text-red-800">{hint}</p>}
      {signIn && (
        <p className="mt-2 text-sm">
          <Link href="/sign-in" className="font-medium underline underline-offset-2 hover:text-red-700">
            Sign in again
          </Link>
        </p>
      )}
    </div>
  );
}
