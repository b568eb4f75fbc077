import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

/**
 * PGlite is one connection; this hands it out as a pg Pool of size one for Kysely's
 * PostgresDialect, so a transaction holds it until it commits or rolls back.
 */
export function pglitePool(db: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();
  return {
    async connect() {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = previous.then(() => held);
      await previous;
      let released = false;
      const query = async (sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<unknown>> => {
        const result = await db.query(sql, [...parameters]);
        const command = (/^\s*(insert|update|delete|merge)\b/i.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT') as Command;
        return { command, rowCount: result.affectedRows ?? 0, rows: result.rows };
      };
      return {
        query: query as PostgresPoolClient['query'],
        release() {
          if (released) return;
          released = true;
          release();
        },
      };
    },
    async end() {
      await queue;
      await db.close();
    },
  };
}
