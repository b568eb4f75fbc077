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
  /** jsonb DashboardBody (server/dashboards/model.ts): read as the object, written as its JSON text. */
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
