/**
 * One interface over two engines: embedded PGlite (default, files in DATA_DIR) and PostgreSQL
 * (DATABASE_URL). Both speak the same SQL and return the same JS types: int8 → bigint (money),
 * date → 'YYYY-MM-DD' string, timestamptz → Date.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type pgTypes from 'pg';
import type { DB } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { deferBeginOn } from './deferred-begin.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;
const parseBigint = (value: string) => BigInt(value);
const keepDate = (value: string) => value;

/**
 * Connections per PostgreSQL pool (DATABASE_POOL_SIZE). Each ledger command holds one for its
 * transaction's few round trips; with more of them in flight the server commits them together
 * (one WAL flush for several commits), which is where payments/s comes from under load.
 */
export const DEFAULT_POOL_SIZE = 20;
/** How long an unused pooled connection stays open. */
const IDLE_CONNECTION_MS = 5 * 60_000;

export async function openPostgres(url: string, options: { readonly poolSize?: number } = {}): Promise<Database> {
  // Loaded on demand: the embedded default should not pay for the PostgreSQL driver at start-up.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? poolSizeFromEnvironment() ?? DEFAULT_POOL_SIZE,
    // pg's default (10 s) closes the connections a burst opened and the next burst opens them again:
    // each a backend fork and cold caches on PostgreSQL, and a close on our event loop mid-traffic.
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return parseBigint;
        if (oid === DATE) return keepDate;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pgTypes.types.getTypeParser,
    },
  });
  // `begin` travels with the transaction's first statement (deferred-begin.ts): a round trip fewer per command.
  // @ts-expect-error pg ships no types for its lib/utils (the text form it gives each bind parameter)
  const { prepareValue } = (await import('pg/lib/utils')) as { prepareValue: (value: unknown) => unknown };
  pool.on('connect', (client) => deferBeginOn(client, prepareValue));
  // An idle pooled connection that the server ends (restart, failover, DROP DATABASE … WITH FORCE)
  // emits 'error' on the pool; unhandled, that would crash the process. The pool replaces it.
  pool.on('error', (error) => {
    if ((error as { code?: string }).code !== '57P01') console.warn(`PostgreSQL idle connection error: ${error.message}`);
  });
  // Fail fast with the server's own message (wrong host, missing database) rather than on first query.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/**
 * PGlite's start-up time grows with its buffer pool (the WASM memory it sets up: 128 MB, the
 * default, is ~900 ms of a warm start; 32 MB ~650 ms). The embedded database serves a demo or a
 * small company (the demo's tables and indexes are a few MB); the file pages stay in the OS cache.
 */
const PGLITE_SHARED_BUFFERS = '32MB';

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  const release = dataDir === undefined ? () => {} : lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir: path.join(dataDir, 'pglite') }),
      parsers: { [INT8]: parseBigint, [DATE]: keepDate },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${process.env.PGLITE_SHARED_BUFFERS ?? PGLITE_SHARED_BUFFERS}`],
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export function openDatabase(options: { databaseUrl: string | undefined; dataDir: string; databasePoolSize?: number }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.databasePoolSize === undefined ? {} : { poolSize: options.databasePoolSize }) : openPglite(options.dataDir);
}

/** DATABASE_POOL_SIZE, read here rather than in config.ts so every entry point (server, CLIs, benches) honours it. */
function poolSizeFromEnvironment(): number | undefined {
  const raw = process.env.DATABASE_POOL_SIZE;
  if (raw === undefined || raw === '') return undefined;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw new Error(`DATABASE_POOL_SIZE must be an integer from 1 to 1000, not ${raw}`);
  return size;
}
