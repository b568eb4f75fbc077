import type en from '@/messages/en.json';

type NavLabel = Exclude<keyof (typeof en)['Nav'], 'label'>;

/** The shell's navigation: one entry per built page, in menu order. */
export interface NavItem {
  /** Its name's key in the Nav messages. */
  label: NavLabel;
  /** Path segment under /c/{cluster}; '' for the overview. */
  page: string;
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'overview', page: '' },
  { label: 'pods', page: 'pods' },
  { label: 'workloads', page: 'workloads' },
  { label: 'nodes', page: 'nodes' },
  { label: 'namespaces', page: 'namespaces' },
  { label: 'events', page: 'events' },
  { label: 'autoscaling', page: 'autoscaling' },
  { label: 'access', page: 'access' },
  { label: 'secrets', page: 'secrets' },
  { label: 'logs', page: 'logs' },
  { label: 'dashboards', page: 'dashboards' },
  { label: 'alarms', page: 'alarms' },
  { label: 'audit', page: 'audit' },
];
