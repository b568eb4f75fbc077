/**
 * /openapi/v3: the index of group versions and, for each, the operations
 * kubectl reads before apply/create/replace. Its field validation check looks
 * for a PATCH operation tagged with the kind's x-kubernetes-group-version-kind
 * that takes `fieldValidation`; finding one, it leaves validation to the
 * server instead of downloading schemas. Strategic merge patch is not listed,
 * so kubectl computes apply patches from its built-in types. Schemas
 * (what `kubectl explain` reads) are not served.
 */
import { createHash } from 'node:crypto';
import { RESOURCE_TYPES, type ResourceType } from '../resources';
import { SERVER_VERSION } from './discovery';

function groupVersions(): { path: string; group: string; version: string }[] {
  const seen = new Map<string, { path: string; group: string; version: string }>();
  for (const t of RESOURCE_TYPES) {
    for (const version of t.versions) {
      const path = t.group ? `apis/${t.group}/${version}` : `api/${version}`;
      if (!seen.has(path)) seen.set(path, { path, group: t.group, version });
    }
  }
  return [...seen.values()];
}

const HASH = createHash('sha512').update(SERVER_VERSION.gitVersion).digest('hex').slice(0, 128).toUpperCase();

export function openApiV3Index() {
  return {
    paths: Object.fromEntries(groupVersions().map((gv) => [gv.path, { serverRelativeURL: `/openapi/v3/${gv.path}?hash=${HASH}` }])),
  };
}

const queryParameter = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });

const PATCH_PARAMETERS = [
  queryParameter('dryRun', 'When present, indicates that modifications should not be persisted.'),
  queryParameter('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  queryParameter('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.'),
  { name: 'force', in: 'query', description: 'Force is going to "force" Apply requests.', schema: { type: 'boolean', uniqueItems: true } },
];

const PATCH_BODY = {
  content: Object.fromEntries(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'].map((c) => [c, { schema: { type: 'object' } }])),
  required: true,
};

function patchPath(t: ResourceType, group: string, version: string) {
  const prefix = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const path = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}/{name}` : `${prefix}/${t.plural}/{name}`;
  return [
    path,
    {
      patch: {
        description: `partially update the specified ${t.kind}`,
        operationId: `patch${t.namespaced ? 'Namespaced' : ''}${t.kind}`,
        parameters: PATCH_PARAMETERS,
        requestBody: PATCH_BODY,
        responses: { '200': { description: 'OK' }, '201': { description: 'Created' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
      },
    },
  ] as const;
}

/** The document of one group version ("api/v1", "apis/apps/v1"), or undefined. */
export function openApiV3Document(path: string) {
  const gv = groupVersions().find((g) => g.path === path);
  if (!gv) return undefined;
  const types = RESOURCE_TYPES.filter((t) => t.group === gv.group && t.versions.includes(gv.version) && t.verbs.includes('patch'));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: Object.fromEntries(types.map((t) => patchPath(t, gv.group, gv.version))),
    components: { schemas: {} },
  };
}
