/**
 * What a backup needs to know about the live schema, read from pg_catalog so that a table added
 * by a later migration is backed up without touching this folder: every table of the current
 * schema with its stored columns, its primary key (for keyset paging), its foreign keys (for the
 * insert order) and its identity sequences. Same SQL on PGlite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';

/** Bookkeeping of the migrator: recorded in the backup header, never restored as data. */
export const MIGRATIONS_TABLE = 'schema_migrations';

export interface CatalogTable {
  readonly name: string;
  /** Stored columns in table order (generated columns are left out: the database recomputes them). */
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
  /** A single-column foreign key to the table itself (journal reversals, webhook replays), if any. */
  readonly selfReference?: { readonly column: string; readonly referencedColumn: string };
  readonly identityColumns: readonly string[];
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  identity: string;
}
interface KeyRow {
  table_name: string;
  column_name: string;
}
interface ForeignKeyRow {
  table_name: string;
  referenced_table: string;
  constraint_name: string;
  column_name: string;
  referenced_column: string;
}

function groupBy<T extends { table_name: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.table_name, [...(groups.get(row.table_name) ?? []), row]);
  return groups;
}

/**
 * The data tables (all but the migrator's), parents before children: restoring in this order
 * never inserts a row before the row its foreign key points at (self references aside, which the
 * restore orders row by row).
 */
export async function readCatalog(db: Kysely<any>): Promise<CatalogTable[]> {
  const columns = await sql<ColumnRow>`
    select c.relname as table_name, a.attname as column_name, a.attidentity::text as identity
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where n.nspname = current_schema() and c.relkind = 'r' and a.attgenerated = '' and c.relname <> ${MIGRATIONS_TABLE}
    order by c.relname, a.attnum`.execute(db);
  const keys = await sql<KeyRow>`
    select cl.relname as table_name, a.attname as column_name
    from pg_constraint co
    join pg_class cl on cl.oid = co.conrelid
    join pg_namespace n on n.oid = cl.relnamespace
    cross join lateral unnest(co.conkey) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = co.conrelid and a.attnum = k.attnum
    where n.nspname = current_schema() and co.contype = 'p'
    order by cl.relname, k.position`.execute(db);
  const foreignKeys = await sql<ForeignKeyRow>`
    select cl.relname as table_name, rf.relname as referenced_table, co.conname as constraint_name,
           a.attname as column_name, ra.attname as referenced_column
    from pg_constraint co
    join pg_class cl on cl.oid = co.conrelid
    join pg_class rf on rf.oid = co.confrelid
    join pg_namespace n on n.oid = cl.relnamespace
    cross join lateral unnest(co.conkey, co.confkey) with ordinality as k(attnum, refattnum, position)
    join pg_attribute a on a.attrelid = co.conrelid and a.attnum = k.attnum
    join pg_attribute ra on ra.attrelid = co.confrelid and ra.attnum = k.refattnum
    where n.nspname = current_schema() and co.contype = 'f'
    order by cl.relname, co.conname, k.position`.execute(db);

  const keysByTable = groupBy(keys.rows);
  const foreignKeysByTable = groupBy(foreignKeys.rows);
  const tables = [...groupBy(columns.rows)].map(([name, rows]): CatalogTable & { parents: Set<string> } => {
    const ownKeys = foreignKeysByTable.get(name) ?? [];
    const selfKeys = ownKeys.filter((key) => key.referenced_table === name);
    if (selfKeys.length > 1) {
      throw new Error(`Backup supports at most one single-column self reference per table; ${name} has ${selfKeys.map((key) => key.constraint_name).join(', ')}`);
    }
    return {
      name,
      columns: rows.map((row) => row.column_name),
      primaryKey: (keysByTable.get(name) ?? []).map((row) => row.column_name),
      ...(selfKeys[0] ? { selfReference: { column: selfKeys[0].column_name, referencedColumn: selfKeys[0].referenced_column } } : {}),
      identityColumns: rows.filter((row) => row.identity !== '').map((row) => row.column_name),
      parents: new Set(ownKeys.map((key) => key.referenced_table).filter((parent) => parent !== name)),
    };
  });
  return parentsFirst(tables);
}

/** Topological order by foreign keys; ties by name so that the same schema always gives the same file. */
function parentsFirst(tables: (CatalogTable & { parents: Set<string> })[]): CatalogTable[] {
  const pending = new Map(tables.map((table) => [table.name, table]));
  const ordered: CatalogTable[] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((table) => [...table.parents].every((parent) => !pending.has(parent))).sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) throw new Error(`Foreign keys form a cycle between ${[...pending.keys()].join(', ')}`);
    for (const { parents: _parents, ...table } of ready) {
      ordered.push(table);
      pending.delete(table.name);
    }
  }
  return ordered;
}

/** Names of the applied migrations in order, or [] when the database has never been migrated. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const exists = await sql<{ present: boolean }>`select to_regclass(${MIGRATIONS_TABLE}) is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.id(MIGRATIONS_TABLE)} order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}
