/** POSTs of access and subject reviews, answered by the RBAC authorizer. */
import { RbacAuthorizer } from '../rbac/authorizer';
import { createReview } from '../rbac/reviews';
import { statusErrors } from '../status';
import type { ApiContext } from './context';
import { readObject, writeJson } from './respond';

type ReviewKind = Parameters<typeof createReview>[0];

const REVIEW_KINDS: Record<string, ReviewKind> = {
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
  subjectaccessreviews: 'SubjectAccessReview',
  localsubjectaccessreviews: 'LocalSubjectAccessReview',
  selfsubjectreviews: 'SelfSubjectReview',
};

export async function reviewHandler(ctx: ApiContext): Promise<void> {
  const kind = REVIEW_KINDS[ctx.type.plural];
  if (!kind) throw statusErrors.notFoundResource();
  if (!(ctx.authorizer instanceof RbacAuthorizer)) {
    throw statusErrors.internal(`${kind} needs the RBAC authorizer`);
  }
  const body = await readObject(ctx.req, kind);
  const review = createReview(kind, body, {
    user: ctx.user,
    namespace: ctx.namespace,
    authorizer: ctx.authorizer,
    apiVersion: `${ctx.type.group}/${ctx.version}`,
  });
  writeJson(ctx.res, 201, review);
}
