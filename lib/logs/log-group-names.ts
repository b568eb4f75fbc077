import type { LogAccess } from './restrict';

/** The EKS cluster name of a kubeconfig context: an EKS ARN's last segment, else the context name. */
export function eksClusterName(context: string): string {
  const m = /^arn:aws[a-z-]*:eks:[^:]*:\d*:cluster\/(.+)$/.exec(context);
  return m ? m[1] : context;
}

/** Container Insights' log groups of a cluster, the container logs first. */
export function containerInsightsGroups(context: string): { application: string; prefix: string; all: string[] } {
  const prefix = `/aws/containerinsights/${eksClusterName(context)}/`;
  return { application: `${prefix}application`, prefix, all: ['application', 'dataplane', 'host', 'performance'].map((g) => prefix + g) };
}

/**
 * The reason a caller may not query these log groups, or null. A restricted reader may query
 * only the cluster's container log group, the one whose records carry their namespace.
 */
export function logGroupRefusal(groups: string[], access: LogAccess, context: string): string | null {
  if (access.clusterWide) return null;
  const { application } = containerInsightsGroups(context);
  const other = groups.filter((g) => g !== application);
  if (other.length === 0) return null;
  return `you may query only ${application}, restricted to your namespaces (${access.namespaces.join(', ') || 'none'}); not ${other.join(', ')}`;
}

/** The retention periods PutRetentionPolicy accepts, in days. */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
