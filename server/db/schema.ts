/**
 * The database as Kysely sees it: each concept declares its own tables next to its code and
 * this file composes them. Add a concept's tables with one more `extends`.
 */
import type { FoundationTables } from './foundation-tables.ts';
import type { LedgerTables } from '../ledger/ledger-tables.ts';
import type { ImportTables } from '../imports/import-tables.ts';
import type { SessionTables } from '../sessions/session-tables.ts';
import type { IntegrationTables } from '../api-keys/integration-tables.ts';
import type { CollectionsTables } from '../collections/collections-tables.ts';

export interface DB extends FoundationTables, LedgerTables, ImportTables, SessionTables, IntegrationTables, CollectionsTables {}
