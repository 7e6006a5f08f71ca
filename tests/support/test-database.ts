/**
 * A fresh, migrated database per test file, on each engine under test: PGlite always, and
 * PostgreSQL when TEST_DATABASE_URL is set (.ci/run sets it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database, type DatabaseKind } from '../../server/db/database.ts';

export function databaseKinds(): DatabaseKind[] {
  return inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends Database {
  /** Where PGlite keeps its files, or the PostgreSQL URL: enough to reopen it (restart tests). */
  readonly location: { readonly dataDir?: string; readonly databaseUrl?: string };
  /** Closes and deletes the database. */
  destroy(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates an empty database cloned from the template, without opening it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<{ dataDir?: string; databaseUrl?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-test-'));
    fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, 'cashlens.lock'), { force: true });
    return { dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const template = inject('postgresTemplate');
  if (!template) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
  const name = `cashlens_test_${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(template.adminUrl, `create database ${name} template ${template.template}`);
      break;
    } catch (error) {
      // Two files cloning the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  return { databaseUrl: withDatabase(template.adminUrl, name), drop: () => adminQuery(template.adminUrl, `drop database if exists ${name} with (force)`) };
}

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const created = await createTestDatabase(kind);
  const database = created.dataDir ? await openPglite(created.dataDir) : await openPostgres(created.databaseUrl!);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await database.close();
  };
  return {
    ...database,
    location: created,
    close,
    destroy: async () => {
      await close();
      await created.drop();
    },
  };
}
