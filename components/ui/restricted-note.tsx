'use client';
import { useFormatter, useTranslations } from 'next-intl';
import type { MissingPermission } from '@/lib/k8s/rbac/forbidden';
import { resourceLabel } from '@/lib/k8s/rbac/catalog';
import { grantedPermission } from '@/lib/k8s/rbac/grant-yaml';
import { toErrorObject } from '../api/client';
import { ErrorView, forbiddenPermission } from './error-view';
import { HowToGetAccessDetails } from './forbidden-panel';

/**
 * A section of a page the user's role does not reach, which a role is expected to have: one muted line naming
 * the permission, with the API server's words and the grant folded under it.
 */
export function RestrictedNote({ what, message, missing }: { what: string; message: string; missing: MissingPermission }) {
  const t = useTranslations('Restricted');
  const format = useFormatter();
  const needs = format.list(grantedPermission(missing).verbs, { type: 'conjunction' });
  // As kubectl names it: `nodes.metrics.k8s.io` is not `nodes`, which the user may well list.
  const resource = resourceLabel(missing);
  const line =
    missing.path !== undefined
      ? t('hiddenPath', { what, verb: missing.verb, path: missing.path, needs })
      : missing.namespace
        ? t('hiddenNamespace', { what, verb: missing.verb, resource, needs, namespace: missing.namespace })
        : t('hiddenCluster', { what, verb: missing.verb, resource, needs });
  return (
    <div role="note" data-restricted="" className="space-y-1 text-sm text-slate-600">
      <p>{line}</p>
      <HowToGetAccessDetails missing={missing} summary={t('whatToAsk')}>
        <p className="break-words font-mono text-[12px] text-slate-700" data-testid="error-message">
          {message}
        </p>
      </HowToGetAccessDetails>
    </div>
  );
}

/**
 * A section's own failure: a refusal by RBAC reads as a restriction (RestrictedNote); anything else is the error it is,
 * after `lead` when the section is a line on its page ("Usage unavailable:").
 */
export function SectionError({ what, error, lead }: { what: string; error: unknown; lead?: string }) {
  const errorObject = toErrorObject(error);
  const missing = forbiddenPermission(errorObject);
  if (!missing && lead !== undefined)
    return (
      <div className="text-xs text-amber-900">
        {lead} <ErrorView error={error} compact />
      </div>
    );
  if (!missing) return <ErrorView error={error} compact />;
  return <RestrictedNote what={what} message={errorObject.status?.message ?? errorObject.message} missing={missing} />;
}
