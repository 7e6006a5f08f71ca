/**
 * The database as Kysely sees it: each concept declares its own tables next to its code and
 * this file composes them. Add a concept's tables with one more `extends`.
 */
import type { FoundationTables } from './foundation-tables.ts';

export interface DB extends FoundationTables {}
