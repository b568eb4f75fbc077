import 'server-only';
/**
 * Who may use the AWS account's CloudWatch dashboards through Watchdeck's shared AWS identity.
 * A CloudWatch dashboard may show any log group or metric of the account, so reading them (list,
 * import) needs what a cluster-wide reader of logs has in Watchdeck, `get pods/log` in every
 * namespace, besides the configured read permission; writing one (publish) needs those and the
 * configured write permission. Each is a SelfSubjectAccessReview asked as the caller.
 */
import { callerClient } from '../api/cluster-client';
import { CLOUDWATCH_DASHBOARDS_DEFAULTS, config, parsePermission, permissionText, type KubePermission } from '../config';
import { consoleErrors } from '../errors';
import { resourceAttributes, selfAccessReview } from '../k8s/access-reviews';
import type { KubeClient } from '../k8s/client';
import { forbiddenMessage } from '@/lib/k8s/rbac/forbidden';
import type { RequestAttributes } from '@/lib/k8s/rbac/types';

export type CloudWatchDashboardUse = 'read' | 'publish';

/** Why a permission is asked for: every namespace's logs, or the configured read or write permission. */
export type CloudWatchNeed = 'allLogs' | 'read' | 'write';

/** Whether the caller may do it, and if not the first permission missing and why it is asked for (`reason` says `why` in English). */
export type CloudWatchDecision = { allowed: true } | { allowed: false; requires: string; why: CloudWatchNeed; reason: string };

interface Need {
  permission: KubePermission;
  why: CloudWatchNeed;
  reason: string;
}

const ALL_LOGS: KubePermission = { verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: '' };

function configured(): { read: KubePermission; write: KubePermission } {
  return config().cloudWatchDashboards ?? { read: parsePermission(CLOUDWATCH_DASHBOARDS_DEFAULTS.read)!, write: parsePermission(CLOUDWATCH_DASHBOARDS_DEFAULTS.write)! };
}

/** In the order they are reported; a configured permission equal to one before it is asked once. */
function needsOf(use: CloudWatchDashboardUse): Need[] {
  const { read, write } = configured();
  const needs: Need[] = [
    {
      permission: ALL_LOGS,
      why: 'allLogs',
      reason: 'a CloudWatch dashboard may show any log group or metric of the AWS account, so Watchdeck reads them only for those who may read pod logs in every namespace',
    },
    { permission: read, why: 'read', reason: 'Watchdeck reads CloudWatch dashboards for those WATCHDECK_CLOUDWATCH_DASHBOARDS_READ names' },
  ];
  if (use === 'publish') {
    needs.push({
      permission: write,
      why: 'write',
      reason: `CloudWatch dashboards are shared by everyone who uses the AWS account, so Watchdeck writes them only for those WATCHDECK_CLOUDWATCH_DASHBOARDS_WRITE names (${permissionText(write)})`,
    });
  }
  return needs.filter((n, i) => needs.findIndex((m) => permissionText(m.permission) === permissionText(n.permission)) === i);
}

function attributesOf(p: KubePermission): RequestAttributes {
  return resourceAttributes({ verb: p.verb, group: p.group, resource: p.resource, subresource: p.subresource, namespace: p.namespace });
}

/** The first need the API server refuses; `asked` keeps each review's answer, so a permission two uses share is asked once. */
async function firstMissing(client: KubeClient, use: CloudWatchDashboardUse, asked = new Map<string, Promise<boolean>>()): Promise<Need | undefined> {
  const needs = needsOf(use);
  const allowed = await Promise.all(
    needs.map((n) => {
      const key = permissionText(n.permission);
      if (!asked.has(key))
        asked.set(
          key,
          selfAccessReview(client, attributesOf(n.permission)).then((s) => s.allowed),
        );
      return asked.get(key)!;
    }),
  );
  return needs.find((_, i) => !allowed[i]);
}

/** What the caller may do with CloudWatch dashboards, for the page to offer only that. */
export async function cloudWatchDecisions(request: Request, cluster: string): Promise<Record<CloudWatchDashboardUse, CloudWatchDecision>> {
  const { client } = await callerClient(request, cluster);
  const asked = new Map<string, Promise<boolean>>();
  const decide = async (use: CloudWatchDashboardUse): Promise<CloudWatchDecision> => {
    const missing = await firstMissing(client, use, asked);
    return missing ? { allowed: false, requires: permissionText(missing.permission), why: missing.why, reason: missing.reason } : { allowed: true };
  };
  const [read, publish] = await Promise.all([decide('read'), decide('publish')]);
  return { read, publish };
}

/**
 * Throws unless the caller may `use` CloudWatch dashboards: a 403 worded as the API server words
 * RBAC's refusals (what the review refused), so the page shows the permission and who grants it.
 */
export async function requireCloudWatchAccess(request: Request, cluster: string, username: string, use: CloudWatchDashboardUse, action: string): Promise<void> {
  const { client } = await callerClient(request, cluster);
  const missing = await firstMissing(client, use);
  if (!missing) return;
  const message = `${action} is forbidden: ${forbiddenMessage(username, attributesOf(missing.permission))} (${missing.reason})`;
  throw consoleErrors.reviewedForbidden(message, { kind: missing.permission.resource, group: missing.permission.group });
}
