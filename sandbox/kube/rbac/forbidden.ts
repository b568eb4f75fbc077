/**
 * The 403 the API server writes when authorization denies a request:
 * k8s.io/apiserver responsewriters.Forbidden wrapped in apimachinery's
 * errors.NewForbidden, with the same message and details.
 */
import type { Attributes } from '../auth/types';
import { StatusError, type Status } from '../status';
import { goQuote } from '@/lib/k8s/label-selector';
import { forbiddenMessage as rbacForbiddenMessage } from '@/lib/k8s/rbac/forbidden';

// The API server avoids messages that look like HTML; quotes stay as they are.
function sanitize(message: string): string {
  return message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"` */
export function forbiddenMessage(attributes: Attributes): string {
  return rbacForbiddenMessage(attributes.user.username, attributes);
}

export function forbiddenError(attributes: Attributes, reason: string): StatusError {
  const message = sanitize(forbiddenMessage(attributes));
  const cause = reason ? `${message}: ${reason}` : message;
  if (!attributes.resourceRequest) return newForbidden('', '', '', cause);
  return newForbidden(attributes.apiGroup, attributes.resource, attributes.name, cause);
}

/** apimachinery's errors.NewForbidden(groupResource, name, cause). */
export function newForbidden(group: string, resource: string, name: string, cause: string): StatusError {
  const qualified = group ? `${resource}.${group}` : resource;
  let message: string;
  if (!resource && !group) message = `forbidden: ${cause}`;
  else if (!name) message = `${qualified} is forbidden: ${cause}`;
  else message = `${qualified} ${goQuote(name)} is forbidden: ${cause}`;
  const details: NonNullable<Status['details']> = { ...(name ? { name } : {}), ...(group ? { group } : {}), ...(resource ? { kind: resource } : {}) };
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 });
}
