/**
 * One client socket on `/sync/:sessionId/:doc`. Frames are decoded by protocol.ts and dispatched
 * through a table, one handler per message type. Anything unreadable closes THIS socket with a
 * code and reason (shared/doc/close-codes.ts); nothing a client sends can throw past here.
 * Frames that arrive while the document is still loading are queued and handled in order.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import * as Y from 'yjs';
import type { Actor } from '../auth/actor.ts';
import { SyncCloseCode } from '../../shared/doc/close-codes.ts';
import { decodeClientMessage, encodeSyncStep1, encodeSyncStep2, type ClientMessage } from './protocol.ts';
import type { Peer, SyncDoc } from './sync-doc.ts';

/** A peer this far behind on reading is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Frames queued while the document loads. */
const MAX_QUEUED_FRAMES = 256;

type Handler<T extends ClientMessage['type']> = (conn: Connection, doc: SyncDoc, message: Extract<ClientMessage, { type: T }>) => void;

const handlers: { readonly [T in ClientMessage['type']]: Handler<T> } = {
  'sync-step1': (conn, doc, { stateVector }) => {
    let diff: Uint8Array;
    try {
      diff = Y.encodeStateAsUpdate(doc.doc, stateVector);
    } catch {
      return conn.close(SyncCloseCode.malformed, 'unreadable state vector in sync step 1');
    }
    conn.send(encodeSyncStep2(diff));
  },
  'sync-step2': (conn, doc, { update }) => conn.applyUpdate(doc, update),
  'sync-update': (conn, doc, { update }) => conn.applyUpdate(doc, update),
  awareness: (conn, doc, { entries }) => {
    const refusal = doc.applyClientAwareness(conn, entries);
    if (refusal) conn.close(refusal.code, refusal.reason);
  },
  'query-awareness': (conn, doc) => {
    const frame = doc.awarenessFrame();
    if (frame) conn.send(frame);
  },
};

export class Connection implements Peer {
  readonly id = randomUUID().slice(0, 8);
  readonly clientIds = new Set<number>();
  readonly identity: string;
  /** Set by ping; cleared by pong. Two pings without a pong → the peer is dead. */
  awaitingPong = false;
  droppedUpdates = 0;
  private doc: SyncDoc | undefined;
  private queue: Uint8Array[] = [];
  private closed = false;

  constructor(
    readonly socket: WebSocket,
    readonly actor: Actor,
    readonly sessionId: string,
    readonly canWrite: boolean,
    private readonly log: FastifyBaseLogger,
    /** The SHA-256 of the login cookie staff connected with: a logout anywhere closes this socket. */
    readonly loginTokenHash?: string,
  ) {
    this.identity = actor.kind === 'staff' ? `user:${actor.userId}` : actor.kind === 'link' ? `link:${actor.linkId}` : `key:${actor.keyId}`;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get linkId(): string | undefined {
    return this.actor.kind === 'link' ? this.actor.linkId : undefined;
  }

  /** Every frame the socket delivers, from the moment it opened. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) return this.close(SyncCloseCode.malformed, 'text frames are not part of the y-websocket protocol');
    const frame = toUint8Array(data);
    if (!this.doc) {
      if (this.queue.length >= MAX_QUEUED_FRAMES) return this.close(SyncCloseCode.malformed, 'too many frames before the document loaded');
      this.queue.push(frame);
      return;
    }
    this.handle(this.doc, frame);
  }

  /** Joins the loaded document: its sync step 1, everyone's presence, then the queued frames. */
  attach(doc: SyncDoc): void {
    if (this.closed) return;
    this.doc = doc;
    doc.addPeer(this);
    this.send(encodeSyncStep1(Y.encodeStateVector(doc.doc)));
    const awareness = doc.awarenessFrame();
    if (awareness) this.send(awareness);
    const queued = this.queue;
    this.queue = [];
    for (const frame of queued) if (!this.closed) this.handle(doc, frame);
  }

  private handle(doc: SyncDoc, frame: Uint8Array): void {
    const decoded = decodeClientMessage(frame);
    if (!decoded.ok) return this.close(SyncCloseCode.malformed, `malformed frame: ${decoded.reason}`);
    const message = decoded.value;
    try {
      (handlers[message.type] as Handler<typeof message.type>)(this, doc, message);
    } catch (error) {
      // A bug, not the client's fault; still only this socket pays for it.
      this.log.error({ err: error, conn: this.id }, 'sync: handler failed');
      this.close(SyncCloseCode.malformed, 'the server could not process a frame');
    }
  }

  applyUpdate(doc: SyncDoc, update: Uint8Array): void {
    if (!this.canWrite) {
      // Viewers (and read-only roles) keep syncing; their changes simply go nowhere.
      this.droppedUpdates++;
      return;
    }
    const failure = doc.applyClientUpdate(this, update);
    if (failure) this.close(SyncCloseCode.malformed, failure);
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return this.close(SyncCloseCode.tryAgainLater, 'too far behind; reconnect');
    this.socket.send(frame, (error) => {
      if (error) this.log.debug({ err: error, conn: this.id }, 'sync: send failed');
    });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.info({ conn: this.id, session: this.sessionId, code, reason, actor: this.identity }, 'sync: closing connection');
    // Close reasons are limited to 123 bytes by the protocol.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
    this.detach();
  }

  /** The socket is gone (closed by either side): leave the document. */
  detach(): void {
    this.closed = true;
    this.queue = [];
    this.doc?.removePeer(this);
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
