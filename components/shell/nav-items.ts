/** The shell's navigation: one entry per built page, in menu order. */
export interface NavItem {
  label: string;
  /** Path segment under /c/{cluster}; '' for the overview. */
  page: string;
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Overview', page: '' },
  { label: 'Pods', page: 'pods' },
  { label: 'Workloads', page: 'workloads' },
  { label: 'Nodes', page: 'nodes' },
  { label: 'Autoscaling', page: 'autoscaling' },
  { label: 'Access', page: 'access' },
  { label: 'Secrets', page: 'secrets' },
  { label: 'Logs', page: 'logs' },
  { label: 'Dashboards', page: 'dashboards' },
  { label: 'Alarms', page: 'alarms' },
  { label: 'Audit', page: 'audit' },
];
