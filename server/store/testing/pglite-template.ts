import 'server-only';
/**
 * Test scaffolding: a PGlite data directory made (initdb) and migrated once per machine and schema,
 * copied for each test console. Making one takes tens of seconds on a busy machine; a copy, one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '..';

const storeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(storeDir, '..', '..');

/** The schema's inputs: the store's code, every migration and the PGlite release; a change to any makes a new template. */
function templateKey(): string {
  const hash = createHash('sha256');
  const migrations = path.join(storeDir, 'migrations');
  const files = [
    path.join(storeDir, 'index.ts'),
    ...fs
      .readdirSync(migrations)
      .sort()
      .map((name) => path.join(migrations, name)),
    path.join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'),
  ];
  for (const file of files) hash.update(file).update('\0').update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function makeTemplate(): Promise<string> {
  const dir = path.join(os.tmpdir(), `watchdeck-pglite-template-${templateKey()}`);
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  const building = fs.mkdtempSync(`${dir}.building-`);
  await (await openStore({ kind: 'pglite', dataDir: building })).close();
  try {
    fs.renameSync(building, dir);
  } catch {
    // Another test process made it first: its copy is the same.
    fs.rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

let template: Promise<string> | undefined;

/** Fills `dataDir` with a migrated PGlite database, so the store opens without initdb or migrations. */
export async function seedPgliteDataDir(dataDir: string): Promise<void> {
  template ??= makeTemplate().catch((err) => {
    template = undefined;
    throw err;
  });
  fs.cpSync(await template, dataDir, { recursive: true });
}
