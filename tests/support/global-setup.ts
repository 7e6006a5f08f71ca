/**
 * Once per test run: migrate a PGlite template directory and (when TEST_DATABASE_URL is set) a
 * PostgreSQL template database. Each test file then clones one in well under a second instead
 * of paying PGlite's ~4 s start-up and the migrations again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openPglite, openPostgres } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
    postgresTemplate: { adminUrl: string; template: string } | null;
  }
}

export const POSTGRES_TEMPLATE = `cashlens_tpl_${process.pid}`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-tpl-'));
  const pglite = await openPglite(templateDir);
  await migrate(pglite.db);
  await pglite.close();
  project.provide('pgliteTemplateDir', templateDir);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  if (adminUrl) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${POSTGRES_TEMPLATE}`);
    await admin.query(`create database ${POSTGRES_TEMPLATE}`);
    await admin.end();
    const postgres = await openPostgres(withDatabase(adminUrl, POSTGRES_TEMPLATE));
    await migrate(postgres.db);
    await postgres.close();
    template = POSTGRES_TEMPLATE;
  }
  project.provide('postgresTemplate', adminUrl && template ? { adminUrl, template } : null);

  return async () => {
    fs.rmSync(templateDir, { recursive: true, force: true });
    if (adminUrl && template) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
