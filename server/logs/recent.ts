import 'server-only';
import { store } from '../store';

/** Recent queries kept per user and cluster. */
export const RECENT_QUERIES = 30;

/** Where a recent query read from, as the page fills its pickers back in. */
export type RecentSource = { kind: 'cloudwatch'; logGroupNames: string[] } | { kind: 'pods'; namespace: string; labelSelector: string };

export interface RecentQuery {
  queryString: string;
  source: RecentSource;
  ranAt: string;
}

/** Remembers a query the user ran; the same text and source again only moves it to the top. */
export async function rememberQuery(username: string, cluster: string, queryString: string, source: RecentSource): Promise<void> {
  const { db } = await store();
  const sourceJson = JSON.stringify(source);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('recent_queries').where('username', '=', username).where('cluster', '=', cluster).where('query_string', '=', queryString).execute();
    await tx.insertInto('recent_queries').values({ username, cluster, query_string: queryString, source: sourceJson }).execute();
    const keep = await tx.selectFrom('recent_queries').select('id').where('username', '=', username).where('cluster', '=', cluster).orderBy('id', 'desc').limit(RECENT_QUERIES).execute();
    if (keep.length === RECENT_QUERIES) {
      await tx
        .deleteFrom('recent_queries')
        .where('username', '=', username)
        .where('cluster', '=', cluster)
        .where('id', '<', keep[keep.length - 1].id)
        .execute();
    }
  });
}

/** The user's recent queries on the cluster, newest first. */
export async function recentQueries(username: string, cluster: string): Promise<RecentQuery[]> {
  const { db } = await store();
  const rows = await db
    .selectFrom('recent_queries')
    .select(['query_string', 'source', 'created_at'])
    .where('username', '=', username)
    .where('cluster', '=', cluster)
    .orderBy('id', 'desc')
    .limit(RECENT_QUERIES)
    .execute();
  return rows.map((r) => ({ queryString: r.query_string, source: r.source, ranAt: new Date(r.created_at).toISOString() }));
}
