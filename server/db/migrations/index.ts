/**
 * Versioned migrations, applied in this order, each once, each in its own transaction. The same
 * SQL runs on PGlite and PostgreSQL. Never edit a landed migration: add the next one.
 */
import type { Kysely } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as ledger from './0002-ledger.ts';
import * as sessions from './0003-sessions.ts';
import * as imports from './0004-imports.ts';
import * as collections from './0005-collections.ts';
import * as integrations from './0006-integrations.ts';
import * as collectionsSelfService from './0007_collections_self_service.ts';

export interface Migration {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
  up(db: Kysely<any>): Promise<void>;
}

export const migrations: readonly Migration[] = [{ name: '0001-foundation', ...foundation }, { name: '0002-ledger', ...ledger }, { name: '0003-sessions', ...sessions }, { name: '0004-imports', ...imports }, { name: '0005-collections', ...collections }, { name: '0006-integrations', ...integrations }, { name: '0007_collections_self_service', ...collectionsSelfService }];
