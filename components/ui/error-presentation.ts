/** How each error kind reads on the page: a title, what it means, and what the user can do about it. Pure, so it is tested alone. */
import type { AuthMode, ErrorObject } from '../api/types';

export interface Presentation {
  title: string;
  /** What went wrong, in a sentence; the console's message is shown verbatim beside it. */
  hint?: string;
  /** What the user can do about it, one step a line. */
  advice?: string[];
  /** Signing in again may help (a console that signs users in). */
  signIn?: boolean;
}

export interface PresentationContext {
  /** How this console authenticates users: in token or oidc mode a 401 asks to sign in again; in kubeconfig or proxy mode it cannot. */
  mode?: AuthMode;
}

const PICK_ANOTHER_CONTEXT = 'Or pick another context in the cluster switcher.';

/** Credential plugins a kubeconfig's exec may name, and the command that renews what each uses. */
const PLUGIN_LOGINS: [RegExp, string][] = [
  [/\baws-iam-authenticator\b|\baws\b/, 'aws sso login'],
  [/\bgke-gcloud-auth-plugin\b|\bgcloud\b/, 'gcloud auth login'],
  [/\bkubelogin\b/, 'az login'],
];

/** The command that renews the credential plugin named in `message`, when the message names one. */
export function pluginLogin(message: string): string | undefined {
  return PLUGIN_LOGINS.find(([plugin]) => plugin.test(message))?.[1];
}

function seconds(value: number | undefined): string | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? `${Math.round(value)} s` : undefined;
}

function tlsPresentation(error: ErrorObject): Presentation {
  switch (error.tls) {
    case 'CertificateExpired':
      return {
        title: 'Certificate expired',
        hint: "The API server's certificate has expired (or this machine's clock is wrong).",
        advice: ["Ask the cluster's operators to renew the API server's certificate, or check the clock of the machine Watchdeck runs on.", PICK_ANOTHER_CONTEXT],
      };
    case 'UnknownAuthority':
      return {
        title: 'Unknown certificate authority',
        hint: "The API server's certificate is not signed by the kubeconfig's certificate authority.",
        advice: ["Update the kubeconfig's certificate-authority-data (for EKS: aws eks update-kubeconfig).", PICK_ANOTHER_CONTEXT],
      };
    case 'HostnameMismatch':
      return {
        title: 'Certificate hostname mismatch',
        hint: "The API server's certificate does not name the address in the kubeconfig.",
        advice: ["Check the kubeconfig's server address: it must be a name or IP address the certificate lists.", PICK_ANOTHER_CONTEXT],
      };
    default:
      return {
        title: 'TLS error',
        hint: "The API server's certificate could not be verified with the kubeconfig's CA.",
        advice: ["Check the kubeconfig's server address and certificate-authority-data.", PICK_ANOTHER_CONTEXT],
      };
  }
}

function statusPresentation(error: ErrorObject): Presentation {
  const status = error.status;
  const title = [status?.code, status?.reason].filter(Boolean).join(' ') || 'The API server refused the request';
  const code = status?.code ?? 0;
  if (code === 429) {
    const wait = seconds(error.retryAfterSeconds ?? status?.details?.retryAfterSeconds);
    return { title, hint: wait ? `The API server asked to wait ${wait}.` : 'The API server asked to slow down.' };
  }
  if (code >= 500) return { title, hint: "The API server's own error: it often passes (an etcd leader change, a webhook timing out)." };
  return { title };
}

function unauthorizedPresentation(context: PresentationContext): Presentation {
  if (context.mode === 'proxy') {
    return {
      title: 'Unauthorized',
      hint: 'The API server did not accept the identity Watchdeck acts for through its authenticating proxy.',
      advice: ["Ask the console's operators to check its credentials and the proxy's identity headers."],
    };
  }
  if (context.mode === 'kubeconfig') {
    return {
      title: 'Unauthorized',
      hint: "The API server did not accept the kubeconfig's credentials: they have expired or been revoked.",
      advice: ["Refresh the kubeconfig's credentials (for EKS with SSO: aws sso login), then try again.", PICK_ANOTHER_CONTEXT],
    };
  }
  return { title: 'Unauthorized', hint: 'The API server did not accept your credentials.', signIn: true };
}

export function presentError(error: ErrorObject, context: PresentationContext = {}): Presentation {
  switch (error.kind) {
    case 'Status':
      return statusPresentation(error);
    case 'ClusterUnreachable':
      // The console's message already says which API server could not be reached, and why.
      return {
        title: 'Cluster unreachable',
        advice: ['Check the VPN or the network between Watchdeck and the cluster.', PICK_ANOTHER_CONTEXT],
      };
    case 'ClusterTimeout': {
      const wait = seconds(error.timeoutSeconds);
      return {
        title: 'API server did not answer',
        hint: wait ? `No answer within ${wait}.` : 'The API server took longer than Watchdeck waits for this call.',
        advice: ['The API server may be overloaded or the network slow.', PICK_ANOTHER_CONTEXT],
      };
    }
    case 'CredentialsPluginFailed': {
      const login = pluginLogin(error.message);
      return {
        title: 'Credentials plugin failed',
        hint: "The kubeconfig's exec plugin could not get a credential.",
        advice: [
          login ? `Run ${login} on the machine Watchdeck runs on, then try again.` : "Run the kubeconfig's exec command in a terminal to see why it fails, then try again.",
          PICK_ANOTHER_CONTEXT,
        ],
      };
    }
    case 'Throttled': {
      const wait = seconds(error.retryAfterSeconds);
      const who = error.aws ? 'AWS' : 'The API server';
      return {
        title: 'Throttled',
        hint: wait ? `${who} asked to wait ${wait}.` : `${who} asked Watchdeck to slow down.`,
        advice: error.aws ? ['Calls to CloudWatch are limited per account and region: a shorter time range or fewer widgets make fewer calls.'] : undefined,
      };
    }
    case 'TLSError':
      return tlsPresentation(error);
    case 'Unauthorized':
      return unauthorizedPresentation(context);
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
      // With timeoutSeconds the console was reached but gave no answer in time: the cluster or AWS behind it is slow.
      if (error.timeoutSeconds) {
        return { title: 'No answer from Watchdeck', hint: 'The console did not answer in time; the cluster or AWS behind it may be slow or unreachable.' };
      }
      return { title: 'Watchdeck unreachable', hint: 'The console server did not answer.', advice: ['Check the network between this browser and Watchdeck.'] };
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
      return {
        title: 'AWS unreachable',
        hint: 'Watchdeck could not connect to the AWS endpoint.',
        advice: ['Check the network between Watchdeck and AWS (VPN, proxy, VPC endpoint); the rest of the page works without it.'],
      };
    case 'AwsCredentialsInvalid':
      return {
        title: 'AWS credentials refused',
        hint: "AWS did not accept Watchdeck's credentials: they have expired or are unknown.",
        advice: ["Refresh Watchdeck's AWS credentials (aws sso login for its profile, or new keys for its role), then try again."],
      };
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
