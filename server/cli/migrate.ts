/** `npm run migrate`: apply pending migrations to the configured database (DATABASE_URL or DATA_DIR) and exit. */
import { configFromEnv } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

const config = configFromEnv();
try {
  const database = await openDatabase(config);
  try {
    const applied = await migrate(database.db);
    console.log(applied.length === 0 ? `Database (${database.kind}) is up to date.` : `Applied ${applied.length} migration(s) on ${database.kind}: ${applied.join(', ')}`);
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
