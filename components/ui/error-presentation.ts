/** How each error kind reads on the page: a title, what it means, and what the user can do about it. Pure, so it is tested alone. */
import type { createTranslator } from 'next-intl';
import type en from '@/messages/en.json';
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

/** The `Errors` messages in the page's language (`useTranslations('Errors')` in a component). */
export type ErrorsT = ReturnType<typeof createTranslator<typeof en, 'Errors'>>;

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

function seconds(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
}

function tlsPresentation(error: ErrorObject, t: ErrorsT): Presentation {
  const pick = t('pickAnotherContext');
  switch (error.tls) {
    case 'CertificateExpired':
      return { title: t('certificateExpired'), hint: t('certificateExpiredHint'), advice: [t('certificateExpiredAdvice'), pick] };
    case 'UnknownAuthority':
      return { title: t('unknownAuthority'), hint: t('unknownAuthorityHint'), advice: [t('unknownAuthorityAdvice'), pick] };
    case 'HostnameMismatch':
      return { title: t('hostnameMismatch'), hint: t('hostnameMismatchHint'), advice: [t('hostnameMismatchAdvice'), pick] };
    default:
      return { title: t('tlsError'), hint: t('tlsErrorHint'), advice: [t('tlsErrorAdvice'), pick] };
  }
}

function statusPresentation(error: ErrorObject, t: ErrorsT): Presentation {
  const status = error.status;
  const title = [status?.code, status?.reason].filter(Boolean).join(' ') || t('statusRefused');
  const code = status?.code ?? 0;
  if (code === 429) {
    const wait = seconds(error.retryAfterSeconds ?? status?.details?.retryAfterSeconds);
    return { title, hint: wait ? t('waitHint', { who: 'apiServer', seconds: wait }) : t('statusSlowDown') };
  }
  if (code >= 500) return { title, hint: t('statusServerError') };
  return { title };
}

function unauthorizedPresentation(context: PresentationContext, t: ErrorsT): Presentation {
  if (context.mode === 'proxy') return { title: t('unauthorized'), hint: t('unauthorizedProxyHint'), advice: [t('unauthorizedProxyAdvice')] };
  if (context.mode === 'kubeconfig') {
    return { title: t('unauthorized'), hint: t('unauthorizedKubeconfigHint'), advice: [t('unauthorizedKubeconfigAdvice'), t('pickAnotherContext')] };
  }
  return { title: t('unauthorized'), hint: t('unauthorizedHint'), signIn: true };
}

export function presentError(error: ErrorObject, context: PresentationContext, t: ErrorsT): Presentation {
  switch (error.kind) {
    case 'Status':
      return statusPresentation(error, t);
    case 'ClusterUnreachable':
      // The console's message already says which API server could not be reached, and why.
      return { title: t('clusterUnreachable'), advice: [t('clusterUnreachableAdvice'), t('pickAnotherContext')] };
    case 'ClusterTimeout': {
      const wait = seconds(error.timeoutSeconds);
      return {
        title: t('clusterTimeout'),
        hint: wait ? t('clusterTimeoutWithin', { seconds: wait }) : t('clusterTimeoutHint'),
        advice: [t('clusterTimeoutAdvice'), t('pickAnotherContext')],
      };
    }
    case 'CredentialsPluginFailed': {
      const login = pluginLogin(error.message);
      return {
        title: t('pluginFailed'),
        hint: t('pluginFailedHint'),
        advice: [login ? t('pluginLogin', { login }) : t('pluginRunExec'), t('pickAnotherContext')],
      };
    }
    case 'Throttled': {
      const wait = seconds(error.retryAfterSeconds);
      const who = error.aws ? 'aws' : 'apiServer';
      return {
        title: t('throttled'),
        hint: wait ? t('waitHint', { who, seconds: wait }) : t('slowDownHint', { who }),
        advice: error.aws ? [t('throttledAwsAdvice')] : undefined,
      };
    }
    case 'TLSError':
      return tlsPresentation(error, t);
    case 'Unauthorized':
      return unauthorizedPresentation(context, t);
    case 'SignInRequired':
      return { title: t('signInRequired'), signIn: true };
    case 'SessionExpired':
      return { title: t('sessionExpired'), hint: t('sessionExpiredHint'), signIn: true };
    case 'IssuerUnreachable':
      return { title: t('issuerUnreachable'), hint: t('issuerUnreachableHint') };
    case 'DiscoveryInvalid':
      return { title: t('discoveryInvalid'), hint: t('discoveryInvalidHint') };
    case 'StateMismatch':
      return { title: t('stateMismatch'), hint: t('stateMismatchHint') };
    case 'NonceMismatch':
      return { title: t('nonceMismatch'), hint: t('nonceMismatchHint') };
    case 'ClockSkew':
      return { title: t('clockSkew'), hint: t('clockSkewHint') };
    case 'ProviderError':
      return { title: t('providerError'), hint: t('providerErrorHint') };
    case 'KubeconfigInvalid':
      return { title: t('kubeconfigInvalid'), hint: t('kubeconfigInvalidHint') };
    case 'CsrfRejected':
      return { title: t('csrfRejected'), hint: t('csrfRejectedHint') };
    case 'ProxyHeadersMissing':
      return { title: t('proxyHeadersMissing'), hint: t('proxyHeadersMissingHint') };
    case 'BadRequest':
      return { title: t('badRequest') };
    case 'PayloadTooLarge':
      return { title: t('payloadTooLarge'), hint: t('payloadTooLargeHint') };
    case 'URITooLong':
      return { title: t('uriTooLong'), hint: t('uriTooLongHint') };
    case 'NotFound':
      return { title: t('notFound') };
    case 'ConsoleUnreachable':
      // With timeoutSeconds the console was reached but gave no answer in time: the cluster or AWS behind it is slow.
      if (error.timeoutSeconds) {
        return { title: t('consoleNoAnswer'), hint: t('consoleNoAnswerHint') };
      }
      return { title: t('consoleUnreachable'), hint: t('consoleUnreachableHint'), advice: [t('consoleUnreachableAdvice')] };
    case 'Forbidden':
      return { title: t('forbidden'), hint: t('forbiddenHint') };
    case 'Conflict':
      return { title: t('conflict'), hint: t('conflictHint') };
    case 'PreconditionRequired':
      return { title: t('preconditionRequired'), hint: t('preconditionRequiredHint') };
    case 'TooManyRequests':
      return { title: t('tooManyRequests') };
    case 'AwsNotConfigured':
      return { title: t('awsNotConfigured'), hint: t('awsNotConfiguredHint') };
    case 'AwsUnreachable':
      return { title: t('awsUnreachable'), hint: t('awsUnreachableHint'), advice: [t('awsUnreachableAdvice')] };
    case 'AwsCredentialsInvalid':
      return { title: t('awsCredentialsInvalid'), hint: t('awsCredentialsInvalidHint'), advice: [t('awsCredentialsInvalidAdvice')] };
    case 'AwsError':
      return { title: error.aws?.name ?? t('awsError') };
    case 'QueryTimeout':
      return { title: t('queryTimeout'), hint: t('queryTimeoutHint') };
    case 'Unavailable':
      return { title: t('unavailable'), hint: t('unavailableHint') };
    case 'Internal':
      return { title: t('internal') };
    default:
      return { title: t('unknown', { kind: error.kind satisfies never }) };
  }
}
