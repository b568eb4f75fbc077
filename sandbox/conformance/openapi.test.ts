/**
 * The sandbox's /openapi/v2 and /openapi/v3 through kubectl explain (v3 by
 * default, v2 with --output=plaintext-openapiv2, which reads only protobuf)
 * and over HTTP. Descriptions and types are upstream's (swagger.json v1.34).
 */
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, needing } from '../../test/clients';
import { RESOURCE_TYPES } from '../kube/resources';
import { SANDBOX_START_TIMEOUT_MS, startTestSandbox, type TestSandbox } from './harness';

let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox();
}, SANDBOX_START_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
});

function raw(path: string, headers: Record<string, string> = {}): Promise<{ code: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const admin = t.sandbox.users.find((u) => u.username === 'admin')!;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, t.sandbox.url), { ca: t.sandbox.caData, headers: { Authorization: `Bearer ${admin.token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const REPLICAS = 'Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.';

describe.skipIf(!clients.kubectl().command)(needing(clients.kubectl(), 'kubectl explain'), () => {
  it('prints a field of a deployment with its type and upstream description from openapi v3', async () => {
    const r = await t.kubectl('oncall', ['explain', 'deployment.spec.replicas']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    ${REPLICAS}\n    \n\n`);
  });

  it("prints the fields of a container's resources, typed as upstream types them", async () => {
    const r = await t.kubectl('oncall', ['explain', 'pods.spec.containers.resources']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KIND:       Pod\nVERSION:    v1\n\nFIELD: resources <ResourceRequirements>\n');
    // The field's own description, then its type's, as kubectl prints a field whose schema is a $ref.
    expect(r.stdout).toContain(
      'DESCRIPTION:\n    Compute Resources required by this container. Cannot be updated. More info:\n    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n    ResourceRequirements describes the compute resource requirements.\n',
    );
    expect(r.stdout).toContain('  claims\t<[]ResourceClaim>\n    Claims lists the names of resources, defined in spec.resourceClaims, that\n');
    expect(r.stdout).toContain(
      '  limits\t<map[string]string>\n    Limits describes the maximum amount of compute resources allowed. More info:\n    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n',
    );
    expect(r.stdout).toContain('  requests\t<map[string]string>\n    Requests describes the minimum amount of compute resources required. If\n');
  });

  it("marks required fields and follows $refs across groups (an HPA's metric target)", async () => {
    const r = await t.kubectl('oncall', ['explain', 'hpa.spec.metrics.resource.target']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v2\n\nFIELD: target <MetricTarget>\n');
    expect(r.stdout).toContain('  type\t<string> -required-\n    type represents whether the metric type is Utilization, Value, or\n    AverageValue\n');
  });

  it('prints the same field from openapi v2, which kubectl reads as protobuf', async () => {
    const r = await t.kubectl('oncall', ['explain', 'deployment.spec.replicas', '--output=plaintext-openapiv2']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'KIND:     Deployment\nVERSION:  apps/v1\n\nFIELD:    replicas <integer>\n\nDESCRIPTION:\n     Number of desired pods. This is a pointer to distinguish between explicit\n     zero and not specified. Defaults to 1.\n',
    );
  });

  it("lists a container's resources from openapi v2", async () => {
    const r = await t.kubectl('oncall', ['explain', 'pods.spec.containers.resources', '--output=plaintext-openapiv2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'KIND:     Pod\nVERSION:  v1\n\nRESOURCE: resources <Object>\n\nDESCRIPTION:\n     Compute Resources required by this container. Cannot be updated. More info:\n     https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/\n\n     ResourceRequirements describes the compute resource requirements.\n',
    );
    expect(r.stdout).toContain('   limits\t<map[string]string>\n     Limits describes the maximum amount of compute resources allowed. More\n');
  });

  it('explains a create-only kind, found by its create operation', async () => {
    const r = await t.kubectl('oncall', ['explain', 'selfsubjectreviews.status']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('GROUP:      authentication.k8s.io\nKIND:       SelfSubjectReview\nVERSION:    v1\n\nFIELD: status <SelfSubjectReviewStatus>\n');
    expect(r.stdout).toContain('  userInfo\t<UserInfo>\n');
  });
  it('explains the metrics API, whose schemas come from k8s.io/metrics', async () => {
    const r = await t.kubectl('oncall', ['explain', 'pods.containers', '--api-version=metrics.k8s.io/v1beta1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('GROUP:      metrics.k8s.io\nKIND:       PodMetrics\nVERSION:    v1beta1\n\nFIELD: containers <[]ContainerMetrics>\n');
    expect(r.stdout).toContain('    Metrics for all containers are collected within the same time window.\n    ContainerMetrics sets resource usage metrics of a container.\n');
    expect(r.stdout).toContain('  name\t<string> -required-\n    Container name corresponding to the one from pod.spec.containers.\n');
    expect(r.stdout).toContain('  usage\t<map[string]string> -required-\n    The memory usage is the memory working set.\n');
  });
});

describe('/openapi over HTTP', () => {
  it('serves v2 as JSON when asked for JSON, with upstream definition names and group-version-kinds', async () => {
    const r = await raw('/openapi/v2', { Accept: 'application/json' });
    expect(r.code).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    const doc = JSON.parse(r.body.toString());
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'ConfigMap', version: 'v1' }]);
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment'].properties.spec).toEqual({
      description: 'Specification of the desired behavior of the Deployment.',
      $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentSpec',
    });
  });

  it("serves v2 as protobuf to client-go's Accept, and 406 to a type it cannot produce", async () => {
    const pb = await raw('/openapi/v2', { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(pb.code).toBe(200);
    expect(pb.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    // Document.swagger is field 1, length-delimited: 0x0a, length 3, "2.0".
    expect([...pb.body.subarray(0, 5)]).toEqual([0x0a, 0x03, 0x32, 0x2e, 0x30]);
    expect((await raw('/openapi/v2', { Accept: 'application/yaml' })).code).toBe(406);
  });

  it('indexes v3 by group version with a hash that names each document, and caches a hashed document for good', async () => {
    const index = JSON.parse((await raw('/openapi/v3')).body.toString());
    const url: string = index.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const hash = url.split('hash=')[1];
    const doc = await raw(url);
    expect(doc.code).toBe(200);
    expect(doc.headers.etag).toBe(`"${hash}"`);
    expect(doc.headers['cache-control']).toBe('public, immutable');
    const schemas = JSON.parse(doc.body.toString()).components.schemas;
    expect(schemas['io.k8s.api.apps.v1.Deployment'].properties.spec).toEqual({
      description: 'Specification of the desired behavior of the Deployment.',
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
    });
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', kind: 'Scale', version: 'v1' }]);
    expect((await raw(url, { 'If-None-Match': `"${hash}"` })).code).toBe(304);
    const stale = await raw('/openapi/v3/apis/apps/v1?hash=0123');
    expect({ code: stale.code, location: stale.headers.location }).toEqual({ code: 301, location: url });
  });

  it("gives every kind served a schema tagged with its kind in its group version's document", async () => {
    const index = JSON.parse((await raw('/openapi/v3')).body.toString());
    const missing: string[] = [];
    for (const type of RESOURCE_TYPES) {
      for (const version of type.versions) {
        const gv = type.group ? `apis/${type.group}/${version}` : `api/${version}`;
        const schemas: Record<string, { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] }> = JSON.parse(
          (await raw(index.paths[gv].serverRelativeURL)).body.toString(),
        ).components.schemas;
        const tagged = Object.values(schemas).some((s) => s['x-kubernetes-group-version-kind']?.some((g) => g.group === type.group && g.version === version && g.kind === type.kind));
        if (!tagged) missing.push(`${gv} ${type.kind}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
