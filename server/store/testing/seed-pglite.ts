import 'server-only';
/**
 * `node --conditions=react-server --import tsx server/store/testing/seed-pglite.ts DATA_DIR…`: gives each
 * browser-test console's WATCHDECK_DATA_DIR the migrated PGlite database the unit tests copy, so it opens without initdb.
 */
import path from 'node:path';
import { seedPgliteDataDir } from './pglite-template';

// The console keeps its PGlite database in WATCHDECK_DATA_DIR/pglite (storeOptionsFromConfig).
for (const dataDir of process.argv.slice(2)) await seedPgliteDataDir(path.join(dataDir, 'pglite'));
