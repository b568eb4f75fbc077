import 'server-only';
import type { ColumnType, Generated } from 'kysely';

/** The tables of the console's store, as the migrations leave them. */
export interface Database {
  sessions: SessionsTable;
  oidc_sessions: OidcSessionsTable;
  dashboards: DashboardsTable;
  dashboard_versions: DashboardVersionsTable;
  recent_queries: RecentQueriesTable;
  hpa_samples: HpaSamplesTable;
  alarm_acks: AlarmAcksTable;
  log_queries: LogQueriesTable;
  log_query_rows: LogQueryRowsTable;
  log_query_lanes: LogQueryLanesTable;
  log_query_line: LogQueryLineTable;
  live_streams: LiveStreamsTable;
  audit_entries: AuditEntriesTable;
}

export interface SessionsTable {
  /** Random, base64url; also sealed in the session cookie. */
  id: string;
  username: string;
  /** jsonb array of group names: read as string[], written as its JSON text. */
  groups: ColumnType<string[], string, string>;
  /** Cluster (kubeconfig context) the token was validated against at sign-in. */
  cluster: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

/** The ID and refresh tokens of a session signed in with the OpenID provider, each encrypted (server/auth/oidc/tokens.ts). */
export interface OidcSessionsTable {
  session_id: string;
  id_token: string;
  refresh_token: string | null;
  id_token_expires_at: Date;
  /** When the ID token is renewed (lib/oidc-times.ts renewalTime). */
  renew_at: Date;
  /** One more at every renewal; a replica renews only the generation it read. */
  generation: ColumnType<number, number | undefined, number>;
  /** Set while one replica renews the tokens, so the others wait for its result instead of renewing too. */
  renewing_until: Date | null;
}

export interface DashboardsTable {
  id: string;
  /** The username of the creator, who alone may edit and delete it. */
  owner: string;
  title: string;
  shared: boolean;
  /** The current version's number; every save adds one and keeps the version in dashboard_versions. */
  version: number;
  /** jsonb DashboardBody (lib/dashboards/model.ts): read as the object, written as its JSON text. */
  body: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  /** Set while deleted; the row is purged 30 days later. */
  deleted_at: Date | null;
}

export interface DashboardVersionsTable {
  dashboard_id: string;
  version: number;
  title: string;
  /** Whether the dashboard was shared as this save left it; a version saved unshared stays its owner's. */
  shared: boolean;
  body: ColumnType<unknown, string, never>;
  saved_by: string;
  saved_at: ColumnType<Date, Date | undefined, never>;
  restored_from: number | null;
}

export interface RecentQueriesTable {
  id: Generated<string>;
  username: string;
  cluster: string;
  query_string: string;
  /** jsonb: where the query read from (log groups, or a namespace and selector). */
  source: ColumnType<import('../logs/recent').RecentSource, string, string>;
  created_at: Generated<Date>;
}

export interface HpaSamplesTable {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  sampled_at: Date;
  current_replicas: number;
  desired_replicas: number;
  min_replicas: number;
  max_replicas: number;
  recommendation: number | null;
  /** jsonb SampleMetric[] (server/hpa/samples.ts): read as the array, written as its JSON text. */
  metrics: ColumnType<unknown, string, string>;
  /** jsonb SamplePods. */
  pods: ColumnType<unknown, string, string>;
}

export interface AlarmAcksTable {
  id: Generated<string>;
  alarm_arn: string;
  /** The acknowledged firing: the alarm's StateTransitionedTimestamp. */
  state_transitioned_at: Date;
  state_value: string;
  acknowledged_by: string;
  note: string;
  created_at: Generated<Date>;
}

/** A Logs Insights query (server/logs/queries.ts); times are the registry clock's epoch milliseconds. */
export interface LogQueriesTable {
  id: string;
  cluster: string;
  username: string;
  owner_key: string;
  source: 'cloudwatch' | 'pods';
  status: string;
  /** jsonb LogAccess: the restriction its rows are checked against. */
  access: ColumnType<import('@/lib/logs/restrict').LogAccess, string, string>;
  /** jsonb: what StartQuery is sent, for a CloudWatch query. */
  start: ColumnType<unknown, string | null, string | null>;
  aws_query_id: string | null;
  line: 'waiting' | 'running' | null;
  /** bigint from log_query_line_seq: order within the owner's lane; only compared, never read. */
  line_seq: ColumnType<string | null, bigint | number | null, bigint | number | null>;
  statistics: ColumnType<unknown, string, string>;
  result_count: Generated<number>;
  /** The first rows while the query runs (all of them are in log_query_rows once it ends). */
  running_rows: ColumnType<unknown, string | undefined, string>;
  rows_withheld: Generated<number>;
  error: ColumnType<unknown, string | null | undefined, string | null>;
  created_ms: number;
  last_seen_ms: number;
  checked_ms: number | null;
  claimed_ms: number | null;
  finished_ms: number | null;
  /** The replica evaluating a pod-logs query, and when it last wrote its progress. */
  runner: string | null;
  heartbeat_ms: number | null;
}

export interface LogQueryRowsTable {
  query_id: string;
  chunk: number;
  /** A chunk written before rows were packed, or a running query's first rows kept at its end. */
  rows: ColumnType<unknown, string | null | undefined, string | null>;
  /** The chunk's rows as gzipped JSON. */
  packed: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
}

export interface LogQueryLanesTable {
  owner_key: string;
  turn: ColumnType<string, bigint | number, bigint | number>;
}

export interface LogQueryLineTable {
  id: number;
  blocked_until_ms: number;
}

/** A live stream held open by a replica, counted against its owner until it closes or its lease runs out. */
export interface LiveStreamsTable {
  id: string;
  owner: string;
  replica: string;
  expires_ms: number;
}

/** One write the console made to a cluster for a user (server/audit/trail.ts). */
export interface AuditEntriesTable {
  /** bigserial: read as a string, never written. */
  id: ColumnType<string, never, never>;
  at: ColumnType<Date, Date | undefined, never>;
  username: string;
  /** jsonb array of group names: read as string[], written as its JSON text. */
  groups: ColumnType<string[], string, never>;
  cluster: string;
  action: string;
  api_group: string;
  version: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** jsonb: a few values that say what was asked (e.g. replicas), never an object's body. */
  detail: ColumnType<Record<string, unknown>, string, never>;
  status: number;
  message: string;
}
