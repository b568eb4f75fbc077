import 'server-only';
import type { Migration, MigrationProvider } from 'kysely';
import * as sessions from './0001-sessions';
import * as hpaSamples from './0002-hpa-samples';
import * as dashboards from './0003-dashboards';
import * as alarmAcks from './0004-alarm-acks';
import * as recentQueries from './0005-recent-queries';
import * as oidcSessions from './0006-oidc-sessions';
import * as logQueries from './0007-log-queries';
import * as audit from './0008-audit';
import * as packedQueryRows from './0009-packed-query-rows';

/** Every migration, in order; a name's number is its version. Add new ones at the end, never edit applied ones. */
export const migrations: Record<string, Migration> = {
  '0001-sessions': sessions,
  '0002-hpa-samples': hpaSamples,
  '0003-dashboards': dashboards,
  '0004-alarm-acks': alarmAcks,
  '0005-recent-queries': recentQueries,
  '0006-oidc-sessions': oidcSessions,
  '0007-log-queries': logQueries,
  '0008-audit': audit,
  '0009-packed-query-rows': packedQueryRows,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
