/**
 * The 403 the API server writes when authorization denies a request:
 * k8s.io/apiserver responsewriters.Forbidden wrapped in apimachinery's
 * errors.NewForbidden, with the same message and details.
 */
import type { Attributes } from '../auth/types';
import { StatusError, type Status } from '../status';
import { goQuote } from '../../../server/k8s/label-selector';

// The API server avoids messages that look like HTML; quotes stay as they are.
function sanitize(message: string): string {
  return message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `User "dev" cannot list resource "pods" in API group "" in the namespace "eks-work"` */
export function forbiddenMessage(attributes: Attributes): string {
  const user = goQuote(attributes.user.username);
  if (!attributes.resourceRequest) {
    return `User ${user} cannot ${attributes.verb} path ${goQuote(attributes.path)}`;
  }
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const scope = attributes.namespace ? `in the namespace ${goQuote(attributes.namespace)}` : 'at the cluster scope';
  return `User ${user} cannot ${attributes.verb} resource ${goQuote(resource)} in API group ${goQuote(attributes.apiGroup)} ${scope}`;
}

export function forbiddenError(attributes: Attributes, reason: string): StatusError {
  const message = sanitize(forbiddenMessage(attributes));
  const cause = reason ? `${message}: ${reason}` : message;
  // Non-resource requests carry no resource, so the qualified resource is empty.
  const group = attributes.resourceRequest ? attributes.apiGroup : '';
  const resource = attributes.resourceRequest ? attributes.resource : '';
  const name = attributes.resourceRequest ? attributes.name : '';
  const qualified = group ? `${resource}.${group}` : resource;
  let text: string;
  if (!resource && !group) text = `forbidden: ${cause}`;
  else if (!name) text = `${qualified} is forbidden: ${cause}`;
  else text = `${qualified} ${goQuote(name)} is forbidden: ${cause}`;
  const details: NonNullable<Status['details']> = {
    ...(name ? { name } : {}),
    ...(group ? { group } : {}),
    ...(resource ? { kind: resource } : {}),
  };
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: text, reason: 'Forbidden', details, code: 403 });
}
