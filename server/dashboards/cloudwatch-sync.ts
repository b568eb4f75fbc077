import 'server-only';
import { GetDashboardCommand, ListDashboardsCommand, PutDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { cloudWatchClient } from '../aws/clients';
import { ConsoleError } from '../errors';
import type { CloudWatchBody } from '@/lib/dashboards/cloudwatch-body';

export interface CloudWatchDashboardName {
  name: string;
  lastModified?: string;
  size?: number;
}

export interface ValidationMessage {
  dataPath?: string;
  message?: string;
}

const MAX_PAGES = 20;

/** A publish under a name CloudWatch already has, not confirmed for the dashboard as it is now: the 409 says what is there. */
export class CloudWatchNameTaken extends ConsoleError {
  constructor(readonly existing: CloudWatchDashboardName) {
    super(
      'Conflict',
      409,
      `CloudWatch dashboard "${existing.name}" already exists (last modified ${existing.lastModified ?? 'at an unknown time'}); publishing replaces it for everyone who uses it: send overwrite with its lastModified to confirm`,
    );
  }

  toJSON() {
    return { ...super.toJSON(), existing: this.existing };
  }
}

/** The account's CloudWatch dashboards in the configured region (ListDashboards, every page), or those whose name starts with `prefix`. */
export async function cloudWatchDashboardNames(prefix?: string): Promise<CloudWatchDashboardName[]> {
  const client = cloudWatchClient();
  const names: CloudWatchDashboardName[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await client.send(new ListDashboardsCommand({ NextToken: nextToken, ...(prefix ? { DashboardNamePrefix: prefix } : {}) }));
    for (const e of out.DashboardEntries ?? []) {
      if (!e.DashboardName) continue;
      names.push({ name: e.DashboardName, ...(e.LastModified ? { lastModified: e.LastModified.toISOString() } : {}), ...(e.Size !== undefined ? { size: e.Size } : {}) });
    }
    nextToken = out.NextToken;
    if (!nextToken) break;
  }
  return names;
}

/** The CloudWatch dashboard of exactly this name, if there is one; GetDashboard would not say when it was last modified. */
export async function cloudWatchDashboard(name: string): Promise<CloudWatchDashboardName | undefined> {
  return (await cloudWatchDashboardNames(name)).find((d) => d.name === name);
}

/** A CloudWatch dashboard's body text (GetDashboard). */
export async function cloudWatchDashboardBody(name: string): Promise<string> {
  const out = await cloudWatchClient().send(new GetDashboardCommand({ DashboardName: name }));
  return out.DashboardBody ?? '';
}

/** PutDashboard; CloudWatch's warnings about an accepted body come back, its refusal is thrown as the AWS error. */
export async function publishToCloudWatch(name: string, body: CloudWatchBody): Promise<ValidationMessage[]> {
  const out = await cloudWatchClient().send(new PutDashboardCommand({ DashboardName: name, DashboardBody: JSON.stringify(body) }));
  return (out.DashboardValidationMessages ?? []).map((m) => ({ ...(m.DataPath ? { dataPath: m.DataPath } : {}), ...(m.Message ? { message: m.Message } : {}) }));
}
