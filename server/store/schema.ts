import 'server-only';
import type { ColumnType, Generated } from 'kysely';

/** The tables of the console's store, as the migrations leave them. */
export interface Database {
  sessions: SessionsTable;
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
