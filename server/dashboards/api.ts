import 'server-only';
/** The console API's dashboards: authenticate the viewer, validate, then one store or CloudWatch call. */
import { z } from 'zod';
import { awsConfigured, awsConfig } from '../aws/clients';
import { ConsoleError, consoleErrors } from '../errors';
import { parseInput, readJsonBody, searchParams } from '../http';
import { BODY_LIMITS, checkJsonDepth } from '../request-body';
import { store } from '../store';
import { fromCloudWatchBody, toCloudWatchBody } from '@/lib/dashboards/cloudwatch-body';
import { CLOUDWATCH_NAME, CLOUDWATCH_NAME_RULE } from '@/lib/dashboards/cloudwatch-name';
import { cloudWatchDecisions, requireCloudWatchAccess } from './cloudwatch-access';
import { cloudWatchDashboard, cloudWatchDashboardBody, cloudWatchDashboardNames, CloudWatchNameTaken, publishToCloudWatch } from './cloudwatch-sync';
import type { DashboardReply } from './http';
import { ifMatchVersion } from './http';
import { dashboardBody, dashboardTitle, emptyBody } from '@/lib/dashboards/model';
import { createDashboard, deleteDashboard, duplicateDashboard, getDashboard, getVersion, listDashboards, listVersions, restoreVersion, saveDashboard, undeleteDashboard } from './repository';
import { dashboardViewer } from './viewer';

const dashboardId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a dashboard id is letters, digits, "-" and "_"');
const versionNumber = z.coerce.number().int().min(1).max(1_000_000_000);
const clusterName = z.string().min(1).max(253);

const listQuery = z.object({ list: z.enum(['mine', 'shared', 'deleted']).default('mine') });
const createInput = z.object({ title: dashboardTitle, shared: z.boolean().default(false), body: dashboardBody.default(emptyBody) });
const saveInput = z.object({ title: dashboardTitle, shared: z.boolean(), body: dashboardBody });
const duplicateInput = z.object({ title: dashboardTitle.optional() });
/** The cluster whose API server decides, as for Logs, what the caller may do with the account's CloudWatch. */
const clusterQuery = z.object({ cluster: clusterName });
const importInput = z.union([
  z.object({ title: dashboardTitle, body: z.union([z.string().max(1_000_000), z.record(z.string(), z.unknown())]) }),
  z.object({ title: dashboardTitle.optional(), cloudWatchName: z.string().min(1).max(255), cluster: clusterName }),
]);
const cloudWatchName = z.string().regex(CLOUDWATCH_NAME, CLOUDWATCH_NAME_RULE);
const publishInput = z.object({
  name: cloudWatchName,
  cluster: clusterName,
  /** Confirms replacing the CloudWatch dashboard of that name as the 409 described it. */
  overwrite: z.object({ lastModified: z.string().max(64) }).optional(),
});

async function db() {
  return (await store()).db;
}

function id(params: { id: string }): string {
  return parseInput(dashboardId, params.id, 'dashboard id');
}

/** The console's own address as the browser reached it, for the links Kubernetes widgets export as. */
function consoleUrl(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || url.host;
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(':', '');
  return `${proto}://${host}`;
}

function exportOptions(request: Request, cluster: string) {
  return { consoleUrl: consoleUrl(request), cluster, ...(awsConfigured() ? { region: awsConfig().region } : {}) };
}

export async function listRoute(request: Request): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const { list } = parseInput(listQuery, searchParams(request), 'query');
  return { body: { list, items: await listDashboards(await db(), viewer, list) } };
}

export async function createRoute(request: Request): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const input = await readJsonBody(request, createInput, BODY_LIMITS.dashboard);
  const d = await createDashboard(await db(), viewer, input);
  return { body: d, status: 201, version: d.version };
}

export async function getRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const d = await getDashboard(await db(), id(params), viewer);
  return { body: d, version: d.version };
}

export async function saveRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const base = ifMatchVersion(request, true)!;
  const input = await readJsonBody(request, saveInput, BODY_LIMITS.dashboard);
  const d = await saveDashboard(await db(), id(params), viewer, base, input);
  return { body: d, version: d.version };
}

export async function deleteRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const d = await deleteDashboard(await db(), id(params), viewer, ifMatchVersion(request, false));
  return { body: d };
}

export async function undeleteRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const d = await undeleteDashboard(await db(), id(params), viewer);
  return { body: d, version: d.version };
}

export async function versionsRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  return { body: await listVersions(await db(), id(params), viewer) };
}

export async function versionRoute(request: Request, params: { id: string; version: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  return { body: await getVersion(await db(), id(params), viewer, parseInput(versionNumber, params.version, 'version')) };
}

export async function restoreRoute(request: Request, params: { id: string; version: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const base = ifMatchVersion(request, true)!;
  const d = await restoreVersion(await db(), id(params), viewer, base, parseInput(versionNumber, params.version, 'version'));
  return { body: d, version: d.version };
}

export async function duplicateRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const { title } = await readJsonBody(request, duplicateInput, BODY_LIMITS.form);
  const d = await duplicateDashboard(await db(), id(params), viewer, title);
  return { body: d, status: 201, version: d.version };
}

export async function exportRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const { cluster } = parseInput(clusterQuery, searchParams(request), 'query');
  const d = await getDashboard(await db(), id(params), viewer);
  return { body: toCloudWatchBody(d.body, exportOptions(request, cluster)) };
}

/** A new dashboard from a CloudWatch body (pasted or uploaded, or read from CloudWatch by name). */
export async function importRoute(request: Request): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const input = await readJsonBody(request, importInput, BODY_LIMITS.dashboard);
  let raw;
  if ('cloudWatchName' in input) {
    await requireCloudWatchAccess(request, input.cluster, viewer, 'read', `importing CloudWatch dashboard "${input.cloudWatchName}"`);
    raw = await cloudWatchDashboardBody(input.cloudWatchName);
  } else {
    raw = input.body;
  }
  // The body's own JSON text is parsed here, not with the request's, so it gets the same depth limit.
  if (typeof raw === 'string') checkJsonDepth(raw, 'the dashboard body');
  let imported;
  try {
    imported = fromCloudWatchBody(raw);
  } catch (err) {
    throw consoleErrors.badRequest((err as Error).message);
  }
  const title = input.title ?? ('cloudWatchName' in input ? input.cloudWatchName : '');
  const d = await createDashboard(await db(), viewer, { title, shared: false, body: imported.body });
  return { body: { dashboard: d, skipped: imported.skipped, skippedSays: imported.skippedSays }, status: 201, version: d.version };
}

export async function cloudWatchListRoute(request: Request): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const { cluster } = parseInput(clusterQuery, searchParams(request), 'query');
  await requireCloudWatchAccess(request, cluster, viewer, 'read', 'listing CloudWatch dashboards');
  return { body: { items: await cloudWatchDashboardNames() } };
}

/** What the caller may do with CloudWatch dashboards (`read`: list and import; `publish`), each with what it needs when refused. */
export async function cloudWatchAccessRoute(request: Request): Promise<DashboardReply> {
  await dashboardViewer(request);
  const { cluster } = parseInput(clusterQuery, searchParams(request), 'query');
  return { body: await cloudWatchDecisions(request, cluster) };
}

/**
 * Writes the dashboard to CloudWatch under a name (PutDashboard); CloudWatch's validation messages
 * come back as they are. A name CloudWatch already has is replaced only when the request confirms
 * it as the 409 showed it: PutDashboard has no precondition of its own.
 */
export async function publishRoute(request: Request, params: { id: string }): Promise<DashboardReply> {
  const viewer = await dashboardViewer(request);
  const { name, cluster, overwrite } = await readJsonBody(request, publishInput, BODY_LIMITS.form);
  const d = await getDashboard(await db(), id(params), viewer);
  // CloudWatch is written with the console's shared AWS identity: only the owner may do that with their dashboard.
  if (!d.mine) throw new ConsoleError('Forbidden', 403, `only its owner ${d.owner} may publish dashboard "${d.title}"`);
  await requireCloudWatchAccess(request, cluster, viewer, 'publish', `publishing CloudWatch dashboard "${name}"`);
  const existing = await cloudWatchDashboard(name);
  if (existing && (!overwrite || overwrite.lastModified !== (existing.lastModified ?? ''))) throw new CloudWatchNameTaken(existing);
  const { body, omitted, omittedSays } = toCloudWatchBody(d.body, exportOptions(request, cluster));
  const validationMessages = await publishToCloudWatch(name, body);
  return { body: { name, validationMessages, omitted, omittedSays, ...(existing ? { replaced: existing } : {}) } };
}
