/**
 * One loaded session document on this instance: the Y.Doc, its awareness, the connected peers,
 * and the write-behind queue to SQL.
 *
 * Invariants:
 * - A client frame is applied, judged (record-guard) and, when needed, partly reverted before
 *   anyone else sees it: updates made while handling it are captured and broadcast as one merge.
 * - Every change that originates here (a local client or the server itself) is appended to SQL
 *   within PERSIST_DELAY_MS (persist-queue.ts) and published to other instances; changes relayed from other
 *   instances are applied and broadcast but neither persisted nor re-published (exactly-once).
 * - A peer may only set awareness states for clientIDs it owns: the first peer to claim an id
 *   (with a clock newer than any seen) owns it until it leaves; a new connection of the same
 *   participant takes it over (the old socket is likely dead); anyone else sending a newer state
 *   for it is refused. Stale echoes of others' states (providers re-send what they hear) are ignored.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DB } from '../db/schema.ts';
import type { SessionRecord } from '../sessions/session-repository.ts';
import { SyncCloseCode } from '../../shared/doc/close-codes.ts';
import { currentSchemaVersions, type DocName } from '../../shared/doc/session-doc.ts';
import { MAX_PRESENCE_BYTES, presenceRecord } from '../../shared/records/presence.ts';
import { compactDocument, loadDocument } from './doc-store.ts';
import { Limiter } from './limiter.ts';
import { encodeAwareness, encodeAwarenessEntries, encodeUpdate, type AwarenessEntry } from './protocol.ts';
import { RecordGuard, revertViolations, type GuardFindings } from './record-guard.ts';

/** Past this many stored updates the document is folded into its snapshot. */
export const COMPACT_AFTER_ROWS = 200;
/** Compactions running at once in this process (each holds a database connection and loop time). */
const compactions = new Limiter(2);
/** Awareness clientIDs one connection may hold (a provider has one; reconnects reuse it). */
const MAX_CLIENT_IDS_PER_PEER = 4;

/** Transaction origins that are not a client connection. */
export const Origin = { load: 'sync:load', server: 'sync:server', remote: 'sync:remote' } as const;

/** A connected client as the document sees it (implemented by server/sync/connection.ts). */
export interface Peer {
  readonly id: string;
  /** Who is behind it (`user:<id>` or `link:<id>`), for awareness take-over on reconnect. */
  readonly identity: string;
  readonly clientIds: Set<number>;
  send(frame: Uint8Array): void;
}

/** The id a participant writes as `authorId`: the user id of staff, the link id of a link holder. */
export function authorIdOf(peer: Peer): string {
  return peer.identity.slice(peer.identity.indexOf(':') + 1);
}

export interface SyncDocContext {
  readonly db: Kysely<DB>;
  readonly log: FastifyBaseLogger;
  /** The instance's write-behind queue to SQL (server/sync/persist-queue.ts). */
  persist(doc: SyncDoc, update: Uint8Array): Promise<void>;
  /** Set when other instances share documents through Redis. */
  publish?(doc: SyncDoc, kind: 'update' | 'awareness', payload: Uint8Array): void;
  /** Valid `requested` dispute flags and promises that a client just wrote. */
  onRequests(doc: SyncDoc, peer: Peer, findings: GuardFindings): void;
}

export type Refusal = { readonly code: SyncCloseCode; readonly reason: string };

export class SyncDoc {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly peers = new Set<Peer>();
  private readonly owners = new Map<number, Peer>();
  private readonly remoteClientIds = new Set<number>();
  private readonly guard: RecordGuard;
  private capture: Uint8Array[] | null = null;
  /** Resolves when every update of this document handed to the queue so far is stored. */
  private stored: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | undefined;
  private readonly tasks = new Set<Promise<unknown>>();
  /** Called when the last peer has gone and no server task is running. */
  onIdle: (() => void) | undefined;

  private constructor(
    readonly session: SessionRecord,
    readonly name: DocName,
    private readonly context: SyncDocContext,
    private rowsSinceCompaction: number,
  ) {
    this.awareness.setLocalState(null);
    this.guard = new RecordGuard(this.doc, (origin) => (this.peers.has(origin as Peer) ? authorIdOf(origin as Peer) : undefined));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === Origin.load) return;
      if (this.capture) this.capture.push(update);
      else this.distribute(update, origin);
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === Origin.remote) {
        for (const id of [...added, ...updated]) this.remoteClientIds.add(id);
        for (const id of removed) this.remoteClientIds.delete(id);
      }
      const payload = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]);
      // Echoed to the sender too: the provider treats 30 s without any message as a dead link.
      this.broadcast(encodeAwareness(payload));
      if (origin !== Origin.remote) this.context.publish?.(this, 'awareness', payload);
    });
  }

  static async load(context: SyncDocContext, session: SessionRecord, name: DocName): Promise<SyncDoc> {
    const stored = await loadDocument(context.db, session.id, name);
    const syncDoc = new SyncDoc(session, name, context, stored.rowCount);
    // One merged update, one transaction: much faster than applying the rows one by one.
    if (stored.parts.length > 0) Y.applyUpdate(syncDoc.doc, stored.parts.length === 1 ? stored.parts[0]! : Y.mergeUpdates([...stored.parts]), Origin.load);
    return syncDoc;
  }

  get key(): string {
    return `${this.session.id}/${this.name}`;
  }

  /** A change made by the server itself (bridges, reconciliation): persisted and broadcast. */
  serverWrite(change: () => void): void {
    this.doc.transact(change, Origin.server);
  }

  /** Applies a client's update; returns a reason when the update is unreadable. */
  applyClientUpdate(peer: Peer, update: Uint8Array): string | undefined {
    let failure: string | undefined;
    this.capture = [];
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      failure = `unreadable update: ${error instanceof Error ? error.message : String(error)}`;
    }
    const findings = this.guard.take();
    if (findings.violations.length > 0) {
      this.serverWrite(() => revertViolations(this.doc, findings.violations));
      for (const violation of findings.violations) this.context.log.warn({ doc: this.key, peer: peer.id, map: violation.map, key: violation.key, reason: violation.reason }, 'sync: rejected a record change');
    }
    const captured = this.capture;
    this.capture = null;
    if (captured.length > 0) {
      const merged = captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
      // The sender already has its own change, but needs the server's reverts.
      this.distribute(merged, peer, findings.violations.length === 0 ? peer : undefined);
    }
    if (findings.disputeRequests.length > 0 || findings.promiseRequests.length > 0) this.context.onRequests(this, peer, findings);
    return failure;
  }

  /** An update relayed from another instance. */
  applyRemoteUpdate(update: Uint8Array): void {
    try {
      Y.applyUpdate(this.doc, update, Origin.remote);
    } catch (error) {
      this.context.log.error({ err: error, doc: this.key }, 'sync: unreadable update from another instance');
    }
  }

  applyRemoteAwareness(update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, Origin.remote);
    } catch (error) {
      this.context.log.error({ err: error, doc: this.key }, 'sync: unreadable awareness from another instance');
    }
  }

  /** Applies a client's awareness entries, or says why the client must be closed. */
  applyClientAwareness(peer: Peer, entries: readonly AwarenessEntry[]): Refusal | undefined {
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      const owner = this.owners.get(entry.clientId);
      const known = this.awareness.meta.get(entry.clientId);
      // Providers re-send every state they hear about (echoes); an echo never carries a newer clock.
      // Echoes are ignored — also null ones, which y-protocols would take as "that client left".
      const echo = known !== undefined && entry.clock <= known.clock;
      if (owner && owner !== peer) {
        if (echo) continue;
        if (owner.identity !== peer.identity) return { code: SyncCloseCode.forbidden, reason: `awareness clientID ${entry.clientId} belongs to another participant` };
        owner.clientIds.delete(entry.clientId);
      }
      if (!owner && this.remoteClientIds.has(entry.clientId)) {
        // Held by a client of another instance; a newer clock may be this participant reconnecting
        // before the old instance noticed, so ignore rather than close, until that state goes away.
        if (!echo) this.context.log.debug({ doc: this.key, clientId: entry.clientId }, 'sync: awareness clientID held on another instance; ignored');
        continue;
      }
      if (!owner && echo) continue;
      if (!peer.clientIds.has(entry.clientId) && peer.clientIds.size >= MAX_CLIENT_IDS_PER_PEER) {
        return { code: SyncCloseCode.forbidden, reason: `more than ${MAX_CLIENT_IDS_PER_PEER} awareness clientIDs on one connection` };
      }
      if (Buffer.byteLength(entry.json) > MAX_PRESENCE_BYTES) return { code: SyncCloseCode.tooLarge, reason: `awareness state over ${MAX_PRESENCE_BYTES} bytes` };
      let state: unknown;
      try {
        state = JSON.parse(entry.json);
      } catch {
        return { code: SyncCloseCode.malformed, reason: 'awareness state is not JSON' };
      }
      const empty = typeof state === 'object' && state !== null && !Array.isArray(state) && Object.keys(state).length === 0;
      if (state !== null && !empty) {
        const checked = presenceRecord.check(state);
        if (!checked.ok) {
          this.context.log.warn({ doc: this.key, peer: peer.id, reason: checked.reason }, 'sync: invalid presence state dropped');
          continue;
        }
      }
      this.owners.set(entry.clientId, peer);
      peer.clientIds.add(entry.clientId);
      accepted.push(entry);
    }
    if (accepted.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), peer);
    return undefined;
  }

  /** The awareness states of everyone, as one frame (for joiners and query-awareness). */
  awarenessFrame(): Uint8Array | undefined {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length === 0 ? undefined : encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    // Record which record versions this document is written with, once someone actually uses it.
    const meta = this.doc.getMap<unknown>('meta');
    if (!meta.has('schema')) this.serverWrite(() => meta.set('schema', currentSchemaVersions()));
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    const owned = [...peer.clientIds].filter((id) => this.owners.get(id) === peer);
    for (const id of owned) this.owners.delete(id);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, Origin.server);
    this.checkIdle();
  }

  /** Keeps the document loaded until `work` settles (bridge calls that write back). */
  track<T>(work: Promise<T>): Promise<T> {
    this.tasks.add(work);
    const done = () => {
      this.tasks.delete(work);
      this.checkIdle();
    };
    work.then(done, done);
    return work;
  }

  /** Resolves when every tracked server task has finished. */
  async drain(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  get idle(): boolean {
    return this.peers.size === 0 && this.tasks.size === 0;
  }

  private checkIdle(): void {
    if (this.idle) this.onIdle?.();
  }

  private broadcast(frame: Uint8Array, except?: Peer): void {
    for (const peer of this.peers) if (peer !== except) peer.send(frame);
  }

  private distribute(update: Uint8Array, origin: unknown, except?: Peer): void {
    this.broadcast(encodeUpdate(update), except);
    if (origin === Origin.remote) return;
    const written = this.context.persist(this, update);
    // One batch promise serves every update queued in the same batch: chain work once per batch,
    // not once per update. Batches are stored in order (persist-queue.ts), so the latest one
    // resolving means everything before it is stored too.
    if (written !== this.stored) {
      this.stored = written;
      void written.then(() => this.onStored());
    }
    this.context.publish?.(this, 'update', update);
  }

  private onStored(): void {
    // A batch stores a document's updates as one row.
    this.rowsSinceCompaction++;
    if (this.rowsSinceCompaction >= COMPACT_AFTER_ROWS && !this.compacting) {
      this.compacting = this.compact().finally(() => (this.compacting = undefined));
    }
  }

  async compact(): Promise<void> {
    try {
      await compactions.run(() => compactDocument(this.context.db, this.session.id, this.name));
      this.rowsSinceCompaction = 0;
    } catch (error) {
      this.context.log.error({ err: error, doc: this.key }, 'sync: compaction failed; the update log stays as it is');
    }
  }

  /** Waits for its updates to be stored (the queue must be flushed), compacts a long log, releases. */
  async close(): Promise<void> {
    await this.stored;
    await this.compacting;
    // Not for a short log: loading merges the rows in one go anyway, and when many documents
    // unload at once (a crowd leaves) their compactions would all land on the event loop together.
    if (this.rowsSinceCompaction >= COMPACT_AFTER_ROWS / 2) await this.compact();
    this.awareness.destroy();
    this.doc.destroy();
  }
}
