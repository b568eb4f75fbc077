import 'server-only';
/**
 * Edit and create as YAML: one object's YAML, checked against the resource the page names, applied
 * server-side as the field manager `watchdeck` (dry run first), each real apply kept in the audit trail.
 */
import { z } from 'zod';
import { parseManifest, splitApiVersion, type ManifestObject } from '@/lib/k8s/apply/manifest';
import { forbiddenMessage } from '@/lib/k8s/rbac/forbidden';
import { actorFor } from '../audit/actor';
import { audited } from '../audit/trail';
import { consoleErrors } from '../errors';
import { parseInput, readJsonBody } from '../http';
import { BODY_LIMITS } from '../request-body';
import { apply, dryRunApply, type ApplyResult, type DryRunResult } from '../k8s/actions/apply';
import { resourceAttributes, selfAccessReview } from '../k8s/access-reviews';
import type { KubeClient, ResourceRef } from '../k8s/client';
import { findResource, refGroup, type ResourceName, type ServedResource } from '../k8s/discovery';
import { anyObjectName } from './resources';

export const applyBody = z.object({
  yaml: z.string(),
  dryRun: z.boolean(),
  /** Take the fields another manager owns (a 409 names them). */
  force: z.boolean().optional(),
});

/** Where the object goes: the namespace the page names, and for an edit the object's name. */
export interface ApplyTarget {
  namespace?: string;
  name?: string;
}

/** The YAML's object, or a 400 that says what is wrong with it and where. */
function manifestOf(text: string): ManifestObject {
  const parsed = parseManifest(text);
  if ('object' in parsed) return parsed.object;
  const { message, line, column } = parsed.problem;
  throw consoleErrors.badRequest(line !== undefined ? `YAML line ${line}, column ${column}: ${message}` : `YAML: ${message}`);
}

/** The object's place as the API server would take it, or the 400 kube-apiserver and kubectl answer a mismatch with. */
function placeOf(served: ServedResource, object: ManifestObject, target: ApplyTarget): ResourceRef {
  if (served.group === 'core' && served.resource === 'secrets') {
    throw consoleErrors.badRequest('Secrets are not edited as YAML here: the editor would show their values; reveal a key on the Secrets page, change it with kubectl');
  }
  const { group, version } = splitApiVersion(object.apiVersion as string);
  if (group !== refGroup(served.group) || version !== served.version || object.kind !== served.kind) {
    const expected = `${served.group === 'core' ? '' : `${served.group}/`}${served.version} ${served.kind}`;
    throw consoleErrors.badRequest(`the YAML is a ${object.apiVersion as string} ${object.kind as string}, not a ${expected}`);
  }
  const metadata = object.metadata ?? {};
  if (typeof metadata.name !== 'string' || !metadata.name) throw consoleErrors.badRequest('metadata.name is required');
  const name = parseInput(anyObjectName, metadata.name, 'metadata.name');
  if (target.name !== undefined && name !== target.name) throw consoleErrors.badRequest(`the name of the object (${name}) does not match the name on the URL (${target.name})`);
  if (!served.namespaced) return { group: refGroup(served.group), version: served.version, resource: served.resource, name };
  const own = metadata.namespace;
  if (own !== undefined && typeof own !== 'string') throw consoleErrors.badRequest('metadata.namespace must be a string');
  if (own && target.namespace && own !== target.namespace) throw consoleErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const namespace = target.namespace ?? own;
  if (!namespace) throw consoleErrors.badRequest(`"${served.resource}" is namespaced: name the namespace`);
  return { group: refGroup(served.group), version: served.version, resource: served.resource, namespace, name };
}

/**
 * Server-side apply to a missing object creates it, which kube-apiserver authorizes as `create` on
 * that name (handlers/patch.go withAuthorization) and refuses without naming the permission. So a
 * create is asked of the API server first (SelfSubjectAccessReview) and refused as RBAC words it.
 */
async function mayCreate(client: KubeClient, username: string, ref: ResourceRef): Promise<void> {
  const attributes = resourceAttributes({ verb: 'create', group: ref.group, resource: ref.resource, namespace: ref.namespace, name: ref.name });
  if ((await selfAccessReview(client, attributes)).allowed) return;
  const qualified = ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
  const message = `${qualified} "${ref.name}" is forbidden: ${forbiddenMessage(username, attributes)}`;
  throw consoleErrors.reviewedForbidden(message, { name: ref.name, group: ref.group, kind: ref.resource });
}

/** Dry run: what would change; otherwise the apply itself, recorded in the audit trail with the API server's answer. */
export async function applyYaml(request: Request, cluster: string, resource: ResourceName, target: ApplyTarget): Promise<DryRunResult | ApplyResult> {
  const { caller, client, audit } = await actorFor(request, cluster);
  const body = await readJsonBody(request, applyBody, BODY_LIMITS.manifest);
  const served = await findResource(client, caller.identity, resource);
  if (!served.verbs.includes('patch')) throw consoleErrors.notFound(`"${served.resource}" cannot be applied`);
  const object = manifestOf(body.yaml);
  const ref = placeOf(served, object, target);
  // The object's namespace is the one it goes to; a cluster-scoped object has none.
  const { namespace: _own, ...metadata } = object.metadata ?? {};
  const configuration = { ...object, metadata: ref.namespace ? { ...metadata, namespace: ref.namespace } : metadata };
  const force = body.force === true;
  // Create from YAML (no name on the URL) needs create, the dry run too: the API server authorizes both alike.
  const create = target.name === undefined;
  if (body.dryRun) {
    if (create) await mayCreate(client, audit.user.username, ref);
    return dryRunApply(client, ref, configuration, force);
  }
  return audited(audit, { action: 'apply', group: ref.group, version: ref.version, resource: ref.resource, namespace: ref.namespace, name: ref.name, detail: { force } }, async () => {
    if (create) await mayCreate(client, audit.user.username, ref);
    return apply(client, ref, configuration, force);
  });
}
