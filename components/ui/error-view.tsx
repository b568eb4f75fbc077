'use client';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { createContext, use, useCallback } from 'react';
import { parseForbidden, type MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { toErrorObject } from '../api/client';
import { useNextTry } from '../api/retry-context';
import type { AuthMode, ErrorObject } from '../api/types';
import { presentError, type Presentation, type PresentationContext } from './error-presentation';
import { ForbiddenPanel } from './forbidden-panel';
import { NextTryCountdown } from './next-try';

/** How this console authenticates users (token, oidc, kubeconfig, proxy), known inside the shell: what a 401 asks the user to do depends on it. */
export const AuthModeContext = createContext<AuthMode | undefined>(undefined);

/** The permission an API server 403 says is missing, when the refusal is RBAC's. */
export function forbiddenPermission(error: ErrorObject): MissingPermission | undefined {
  if (error.kind !== 'Status' || error.status?.code !== 403) return undefined;
  const missing = parseForbidden(error.status.message ?? error.message, error.status.details);
  return missing && error.needed?.length ? { ...missing, needed: error.needed } : missing;
}

/** `presentError` in the page's language. */
export function usePresentError(): (error: ErrorObject, context?: PresentationContext) => Presentation {
  const t = useTranslations('Errors');
  return useCallback((error, context = {}) => presentError(error, context, t), [t]);
}

/**
 * The console's error in place of what could not load: what is wrong, its message verbatim, what to do, and when the
 * next try is: the query's scheduled retry, or the one a live stream gives (`nextTryAt`, `onRetry`).
 */
export function ErrorView({ error, compact = false, nextTryAt, onRetry }: { error: unknown; compact?: boolean; nextTryAt?: number; onRetry?: () => void }) {
  const t = useTranslations('Errors');
  const present = usePresentError();
  const errorObject = toErrorObject(error);
  const mode = use(AuthModeContext);
  const scheduled = useNextTry(error);
  const nextTry = nextTryAt !== undefined ? { at: nextTryAt, tryNow: onRetry ?? (() => {}) } : scheduled;
  const missing = forbiddenPermission(errorObject);
  if (missing) return <ForbiddenPanel message={errorObject.status?.message ?? errorObject.message} missing={missing} compact={compact} nextTry={nextTry} />;
  const { title, hint, advice, signIn } = present(errorObject, { mode });
  const message = errorObject.kind === 'Status' ? (errorObject.status?.message ?? errorObject.message) : errorObject.message;
  return (
    <div role="alert" data-error-kind={errorObject.kind} className={`rounded border border-red-300 bg-red-50 text-red-900 ${compact ? 'p-3 text-sm' : 'p-4'}`}>
      <p className="font-semibold">{title}</p>
      {message && (
        <p className="mt-1 break-words font-mono text-[13px]" data-testid="error-message">
          {message}
        </p>
      )}
      {hint && <p className="mt-1 text-sm text-red-800">{hint}</p>}
      {advice && (
        <ul className="mt-1 list-disc pl-5 text-sm text-red-800" aria-label={t('whatYouCanDo')}>
          {advice.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ul>
      )}
      {signIn && (
        <p className="mt-2 text-sm">
          <Link href="/sign-in" className="font-medium underline underline-offset-2 hover:text-red-700">
            {t('signInAgain')}
          </Link>
        </p>
      )}
      {nextTry && <NextTryCountdown nextTry={nextTry} className="mt-2 text-red-800" />}
    </div>
  );
}
