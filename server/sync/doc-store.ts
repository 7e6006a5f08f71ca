/**
 * Where a session document lives in SQL: one snapshot row plus an append-only log of update rows.
 *
 * Invariants: the document is the Yjs merge of the snapshot and every remaining update row, in any
 * order (Yjs updates commute and re-applying one is a no-op). Compaction merges the snapshot with
 * the rows it read and deletes exactly those rows (by id) in the same transaction, holding the
 * snapshot row lock, so an update appended concurrently — by this or another instance — is never
 * dropped. Loading therefore reads all remaining rows, never "rows after the snapshot".
 */
import { sql, type Kysely } from 'kysely';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import * as Y from 'yjs';
import type { DB } from '../db/schema.ts';
import type { DocName } from '../../shared/doc/session-doc.ts';

export interface StoredDocument {
  /** The snapshot (if any) followed by the update rows, in append order. */
  readonly parts: readonly Uint8Array[];
  /** Update rows not yet compacted. */
  readonly rowCount: number;
}

/** A Yjs update of an empty document: what a snapshot starts as. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Snapshot and rows in ONE statement, so both come from one moment: read in two, a compaction
 * (on another instance) committing in between would leave the old snapshot without the rows it
 * had just folded into the new one.
 */
export async function loadDocument(db: Kysely<DB>, sessionId: string, doc: DocName): Promise<StoredDocument> {
  const result = await sql<{ data: Uint8Array; is_row: boolean }>`
    select data, false as is_row, 0::bigint as id from sync_snapshots where session_id = ${sessionId} and doc = ${doc}
    union all
    select data, true as is_row, id from sync_updates where session_id = ${sessionId} and doc = ${doc}
    order by is_row, id`.execute(db);
  return { parts: result.rows.map((row) => row.data), rowCount: result.rows.filter((row) => row.is_row).length };
}

/** Folds the update rows into the snapshot; returns how many rows it folded. */
export async function compactDocument(db: Kysely<DB>, sessionId: string, doc: DocName): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('sync_snapshots').values({ session_id: sessionId, doc, data: EMPTY_UPDATE }).onConflict((oc) => oc.columns(['session_id', 'doc']).doNothing()).execute();
    const snapshot = await trx.selectFrom('sync_snapshots').select('data').where('session_id', '=', sessionId).where('doc', '=', doc).forUpdate().executeTakeFirstOrThrow();
    const rows = await trx.selectFrom('sync_updates').select(['id', 'data']).where('session_id', '=', sessionId).where('doc', '=', doc).orderBy('id').execute();
    if (rows.length === 0) return 0;
    // Through a scratch document, so deleted content is garbage-collected; but the parts go in as
    // ONE merged update (one transaction, not one per row: several times faster), and the event
    // loop gets a turn between the steps, since this runs while the document is live.
    const merged = Y.mergeUpdates([snapshot.data, ...rows.map((row) => row.data)]);
    await yieldToLoop();
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, merged);
    await yieldToLoop();
    await trx.updateTable('sync_snapshots').set({ data: Y.encodeStateAsUpdate(scratch), updated_at: new Date() }).where('session_id', '=', sessionId).where('doc', '=', doc).execute();
    await trx.deleteFrom('sync_updates').where('id', 'in', rows.map((row) => row.id)).execute();
    scratch.destroy();
    return rows.length;
  });
}
