/** serviceaccounts/token: TokenRequests answered with a bearer token the server accepts for the service account. */
import { rfc3339 } from '../store';
import { statusErrors } from '../status';
import type { ApiContext } from './context';
import { isRecord, readObject, writeJson } from './respond';

const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc';
const MIN_SECONDS = 600;
const MAX_SECONDS = 2 ** 32;

export async function tokenHandler(ctx: ApiContext): Promise<void> {
  if (ctx.type.kind !== 'ServiceAccount') throw statusErrors.notFoundResource();
  const body = await readObject(ctx.req, 'TokenRequest');
  const spec = (isRecord(body) && isRecord(body.spec) ? body.spec : {}) as { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: unknown };
  const sa = ctx.store.mustGet('serviceaccounts', ctx.namespace, ctx.info.name);
  const seconds = spec.expirationSeconds ?? 3600;
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    const detail = seconds < MIN_SECONDS ? 'may not specify a duration less than 10 minutes' : 'may not specify a duration larger than 2^32 seconds';
    throw statusErrors.invalid({ group: 'authentication.k8s.io', kind: 'TokenRequest' }, '', [
      { reason: 'FieldValueInvalid', message: `Invalid value: ${seconds}: ${detail}`, field: 'spec.expirationSeconds' },
    ]);
  }
  const { token, expires } = ctx.tokens.issueServiceAccountToken(sa.metadata.namespace!, sa.metadata.name, sa.metadata.uid, seconds);
  writeJson(ctx.res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: sa.metadata.name, namespace: sa.metadata.namespace, creationTimestamp: rfc3339(ctx.world.now()) },
    spec: { audiences: spec.audiences?.length ? spec.audiences : [DEFAULT_AUDIENCE], expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
    status: { token, expirationTimestamp: rfc3339(expires) },
  });
}
