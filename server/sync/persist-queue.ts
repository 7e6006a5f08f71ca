/**
 * Write-behind of document updates to SQL for every document of this instance: updates queue
 * here and are written at most PERSIST_DELAY_MS later as ONE multi-row INSERT (updates of the same
 * document in a batch merged into one row), instead of one statement per document per update.
 *
 * Invariants: a `push` resolves only once its update is in SQL; a failed write keeps the updates
 * and retries them with the next batch (nothing is dropped, order does not matter to Yjs);
 * `flush` writes everything queued so far.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import type { DB } from '../db/schema.ts';
import type { DocName } from '../../shared/doc/session-doc.ts';

/** Updates are appended to SQL at most this long after they arrive (DESIGN: ≤ 100 ms). */
export const PERSIST_DELAY_MS = 50;
const RETRY_MS = 1000;
const ROWS_PER_INSERT = 500;

interface Item {
  readonly sessionId: string;
  readonly doc: DocName;
  readonly update: Uint8Array;
}

interface Batch {
  readonly items: Item[];
  readonly done: Promise<void>;
  resolve(): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { items: [], done, resolve };
}

export class PersistQueue {
  private current: Batch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Queues an update; resolves when it is stored. */
  push(sessionId: string, doc: DocName, update: Uint8Array): Promise<void> {
    const batch = (this.current ??= newBatch());
    batch.items.push({ sessionId, doc, update });
    this.timer ??= setTimeout(() => void this.flush(), PERSIST_DELAY_MS);
    return batch.done;
  }

  /** Writes everything queued so far; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.current;
    this.current = undefined;
    if (!batch) return this.writing;
    this.writing = this.writing.then(() => this.write(batch));
    return batch.done;
  }

  private async write(batch: Batch): Promise<void> {
    const byDoc = new Map<string, Item[]>();
    for (const item of batch.items) {
      const key = `${item.sessionId}/${item.doc}`;
      const list = byDoc.get(key);
      if (list) list.push(item);
      else byDoc.set(key, [item]);
    }
    const rows = [...byDoc.values()].map((items) => ({
      session_id: items[0]!.sessionId,
      doc: items[0]!.doc,
      data: items.length === 1 ? items[0]!.update : Y.mergeUpdates(items.map((item) => item.update)),
    }));
    try {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await this.db.insertInto('sync_updates').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
      batch.resolve();
    } catch (error) {
      this.log.error({ err: error, updates: batch.items.length }, 'sync: could not persist updates; will retry');
      const next = (this.current ??= newBatch());
      next.items.unshift(...batch.items);
      void next.done.then(() => batch.resolve());
      this.timer ??= setTimeout(() => void this.flush(), RETRY_MS);
    }
  }
}
