/**
 * The sync server of this instance: which documents are loaded, who is connected, the upgrade
 * checks, heartbeats, revocation and shutdown.
 *
 * Invariants:
 * - One SyncDoc per document per instance. A load waits for an unload of the same document still
 *   flushing, so a fast reconnect never reads SQL before the last updates are in it.
 * - With Redis, a document is subscribed before it is read from SQL and announces itself
 *   (`hello`) after, so no update from another instance falls between the two.
 * - Every refusal is a close with a code from shared/doc/close-codes.ts and a reason, logged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Actor } from '../auth/actor.ts';
import { forgetSessionsOfUser, forgetSessionToken, hashToken, liveSessionTokenHashes, SESSION_COOKIE } from '../auth/sessions.ts';
import type { DomainEvents } from '../events/domain-events.ts';
import { docAccess, maySeeSession } from '../sessions/session-access.ts';
import { findSession, findSessions, type SessionRecord } from '../sessions/session-repository.ts';
import { SyncCloseCode } from '../../shared/doc/close-codes.ts';
import { isDocName, type DocName } from '../../shared/doc/session-doc.ts';
import { Connection } from './connection.ts';
import { DisputeBridge } from './dispute-bridge.ts';
import { EscalationBridge } from './escalation-bridge.ts';
import { PromiseBridge, type PromiseRecorder } from './promise-bridge.ts';
import { PersistQueue } from './persist-queue.ts';
import { FanoutKind, RedisFanout, type ControlMessage } from './redis-fanout.ts';
import type { GuardFindings } from './record-guard.ts';
import { SyncDoc, type Peer, type SyncDocContext } from './sync-doc.ts';
import { liveLinkIds, originAllowed } from './upgrade-checks.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_PING_MS = 30_000;

export class SyncServer {
  private readonly docs = new Map<string, SyncDoc>();
  private readonly loading = new Map<string, Promise<SyncDoc>>();
  private readonly unloading = new Map<string, Promise<void>>();
  /** Relayed messages for documents still loading here, applied once loaded. */
  private readonly early = new Map<string, Array<{ kind: FanoutKind; payload: Uint8Array }>>();
  private readonly connections = new Set<Connection>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly fanout: RedisFanout | undefined;
  private readonly disputes: DisputeBridge;
  private readonly escalations: EscalationBridge;
  private readonly promises: PromiseBridge;
  private readonly queue: PersistQueue;
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly app: FastifyInstance) {
    this.disputes = new DisputeBridge(app, this);
    this.escalations = new EscalationBridge(app, this);
    this.promises = new PromiseBridge(app);
    this.queue = new PersistQueue(app.db, app.log);
    this.fanout = app.redis
      ? new RedisFanout(app.redis, { onDocMessage: (key, kind, payload) => this.onRelayed(key, kind, payload), onControl: (message) => this.onControl(message) }, app.log)
      : undefined;
  }

  async start(pingIntervalMs = DEFAULT_PING_MS): Promise<void> {
    await this.fanout?.start();
    this.setPingInterval(pingIntervalMs);
  }

  /** How often peers are pinged; a peer that missed one pong is dropped at the next. */
  setPingInterval(ms: number): void {
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => void this.beat(), ms);
    this.heartbeat.unref();
  }

  setPromiseRecorder(recorder: PromiseRecorder | undefined): void {
    this.promises.setRecorder(recorder);
  }

  /** For tests and the bench: what is loaded and connected here. */
  stats() {
    return { documents: this.docs.size, connections: this.connections.size };
  }

  isLoaded(sessionId: string, doc: DocName): boolean {
    return this.docs.has(`${sessionId}/${doc}`);
  }

  // ---- connections -------------------------------------------------------------------------

  /** The `/sync/:sessionId/:doc` handler: listens at once, then checks, loads and attaches. */
  handleSocket(socket: WebSocket, request: FastifyRequest<{ Params: { sessionId: string; doc: string } }>): void {
    const pending: Array<{ data: Parameters<Connection['receive']>[0]; isBinary: boolean }> = [];
    let conn: Connection | undefined;
    socket.on('message', (data, isBinary) => (conn ? conn.receive(data, isBinary) : pending.push({ data, isBinary })));
    socket.on('pong', () => {
      if (conn) conn.awaitingPong = false;
    });
    socket.on('error', (error) => request.log.debug({ err: error }, 'sync: socket error'));
    socket.on('close', () => {
      if (!conn) return;
      conn.detach();
      this.connections.delete(conn);
    });

    const refuse = (code: number, reason: string) => {
      request.log.info({ code, reason, url: request.url.split('?')[0] }, 'sync: connection refused');
      socket.close(code, reason);
    };
    const { sessionId, doc: docName } = request.params;
    if (this.closing) return refuse(SyncCloseCode.goingAway, 'server shutting down');
    if (!originAllowed(request, this.app.config.publicUrl)) return refuse(SyncCloseCode.forbidden, 'origin not allowed');
    const actor = request.actor;
    if (!actor) return refuse(SyncCloseCode.unauthenticated, 'log in, or use a valid share link (the token is missing, expired or revoked)');
    if (!isDocName(docName)) return refuse(SyncCloseCode.notFound, `no document "${docName.slice(0, 40)}" (team or shared)`);
    if (!UUID.test(sessionId)) return refuse(SyncCloseCode.notFound, 'no such session');

    const access = docAccess(actor, docName);
    if (!access.ok) return refuse(SyncCloseCode.forbidden, access.reason);

    void (async () => {
      const session = await findSession(this.app.db, sessionId);
      if (!session || !maySeeSession(actor, session)) return refuse(SyncCloseCode.notFound, 'no such session');
      if (session.status !== 'open') return refuse(SyncCloseCode.notFound, 'this session is closed');
      if (socket.readyState !== socket.OPEN) return;
      const loginToken = actor.kind === 'staff' ? request.cookies[SESSION_COOKIE] : undefined;
      conn = new Connection(socket, actor, session.id, access.canWrite, request.log, loginToken ? hashToken(loginToken) : undefined);
      this.connections.add(conn);
      for (const frame of pending.splice(0)) conn.receive(frame.data, frame.isBinary);
      const doc = await this.acquire(session, docName);
      if (conn.isClosed) {
        this.releaseIfIdle(doc);
        return;
      }
      conn.attach(doc);
    })().catch((error: unknown) => {
      request.log.error({ err: error }, 'sync: could not open the document');
      if (socket.readyState === socket.OPEN) socket.close(SyncCloseCode.goingAway, 'the document could not be opened; try again');
    });
  }

  private async beat(): Promise<void> {
    for (const conn of this.connections) {
      if (conn.awaitingPong) {
        this.app.log.info({ conn: conn.id }, 'sync: peer missed a pong; dropping it');
        conn.socket.terminate();
        conn.detach();
        this.connections.delete(conn);
        continue;
      }
      conn.awaitingPong = true;
      conn.socket.ping();
    }
    await this.recheckCredentials();
  }

  /**
   * Links and logins can expire, or end where no message reaches this instance (no Redis, a Redis
   * outage, an edit in SQL), and a customer can move to another sales owner, while sockets are
   * open: checked again at every heartbeat. When the database cannot answer (a restart, a
   * failover) the sockets stay and the next heartbeat checks again: an outage must neither end
   * everyone's session nor, as an unhandled rejection, the process.
   */
  private async recheckCredentials(): Promise<void> {
    try {
      const now = this.app.config.now();
      const linked = [...this.connections].filter((conn) => conn.linkId !== undefined);
      const loggedIn = [...this.connections].filter((conn) => conn.loginTokenHash !== undefined);
      const [liveLinks, liveLogins, sessions] = await Promise.all([
        liveLinkIds(this.app.db, [...new Set(linked.map((conn) => conn.linkId!))], now),
        liveSessionTokenHashes(this.app.db, [...new Set(loggedIn.map((conn) => conn.loginTokenHash!))], now),
        findSessions(this.app.db, [...new Set(loggedIn.map((conn) => conn.sessionId))]),
      ]);
      for (const conn of linked) if (!liveLinks.has(conn.linkId!)) conn.close(SyncCloseCode.revoked, 'the share link expired or was revoked');
      for (const conn of loggedIn) {
        const session = sessions.get(conn.sessionId);
        if (!liveLogins.has(conn.loginTokenHash!)) conn.close(SyncCloseCode.unauthenticated, 'your login ended; log in again');
        else if (!session || !maySeeSession(conn.actor, session)) conn.close(SyncCloseCode.forbidden, "this session's customer is no longer yours");
      }
    } catch (error) {
      this.app.log.warn({ err: error }, 'sync: could not re-check links and logins; sockets kept until the next heartbeat');
    }
  }

  /** Closes this link's sockets here and on every other instance. */
  async revokeLink(linkId: string): Promise<void> {
    this.closeLocal((conn) => conn.linkId === linkId, SyncCloseCode.revoked, 'the share link was revoked');
    await this.fanout?.publishControl({ kind: 'revoke-link', linkId });
  }

  async closeSession(sessionId: string): Promise<void> {
    this.closeLocal((conn) => conn.sessionId === sessionId, SyncCloseCode.revoked, 'the session was closed');
    await this.fanout?.publishControl({ kind: 'close-session', sessionId });
  }

  /**
   * After `updateUser` (users.ts): other instances forget their cached logins of the user, and
   * when the change ended those logins (deactivated, new password or role) the user's sockets
   * close everywhere — they were opened with rights the user may no longer have.
   */
  async userChanged(userId: string, loginsEnded: boolean): Promise<void> {
    if (loginsEnded) this.closeUserLocally(userId);
    await this.announce({ kind: 'user-changed', userId, loginsEnded });
  }

  /** After a logout: sockets opened with that login close, on every instance, as do cached lookups of it. */
  async loggedOut(tokenHash: string): Promise<void> {
    this.closeLoginLocally(tokenHash);
    await this.announce({ kind: 'logged-out', tokenHash });
  }

  /**
   * The change is already stored, so a Redis failure must not fail the request: other instances
   * then see it when their cached logins expire (session-cache.ts, 5 s) and close the sockets at
   * their next heartbeat (recheckCredentials).
   */
  private async announce(message: ControlMessage): Promise<void> {
    await this.fanout?.publishControl(message).catch((error: unknown) => this.app.log.error({ err: error, kind: message.kind }, 'sync: could not tell other instances; they see it when their cached logins expire'));
  }

  private closeUserLocally(userId: string): void {
    this.closeLocal((conn) => conn.actor.kind === 'staff' && conn.actor.userId === userId, SyncCloseCode.unauthenticated, 'your account changed; log in again');
  }

  private closeLoginLocally(tokenHash: string): void {
    this.closeLocal((conn) => conn.loginTokenHash === tokenHash, SyncCloseCode.unauthenticated, 'logged out');
  }

  private closeLocal(match: (conn: Connection) => boolean, code: number, reason: string): void {
    for (const conn of this.connections) {
      if (!match(conn)) continue;
      conn.close(code, reason);
      this.connections.delete(conn);
    }
  }

  private onControl(message: ControlMessage): void {
    switch (message.kind) {
      case 'revoke-link':
        return this.closeLocal((conn) => conn.linkId === message.linkId, SyncCloseCode.revoked, 'the share link was revoked');
      case 'close-session':
        return this.closeLocal((conn) => conn.sessionId === message.sessionId, SyncCloseCode.revoked, 'the session was closed');
      case 'user-changed':
        forgetSessionsOfUser(this.app.db, message.userId);
        if (message.loginsEnded) this.closeUserLocally(message.userId);
        return;
      case 'logged-out':
        forgetSessionToken(this.app.db, message.tokenHash);
        return this.closeLoginLocally(message.tokenHash);
    }
  }

  // ---- documents ---------------------------------------------------------------------------

  private context(): SyncDocContext {
    return {
      db: this.app.db,
      log: this.app.log,
      persist: (doc, update) => this.queue.push(doc.session.id, doc.name, update),
      ...(this.fanout ? { publish: (doc: SyncDoc, kind: 'update' | 'awareness', payload: Uint8Array) => this.fanout!.publish(doc.key, kind === 'update' ? FanoutKind.update : FanoutKind.awareness, payload) } : {}),
      onRequests: (doc, peer, findings) => this.onRequests(doc, peer, findings),
    };
  }

  /** The loaded document, loading it (once) if needed. */
  private async acquire(session: SessionRecord, name: DocName): Promise<SyncDoc> {
    const key = `${session.id}/${name}`;
    const loaded = this.docs.get(key);
    if (loaded) return loaded;
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const load = (async () => {
      await this.unloading.get(key);
      if (this.fanout) {
        this.early.set(key, []);
        await this.fanout.subscribe(key);
      }
      let doc: SyncDoc;
      try {
        doc = await SyncDoc.load(this.context(), session, name);
      } catch (error) {
        this.early.delete(key);
        if (this.fanout) await this.fanout.unsubscribe(key);
        throw error;
      }
      doc.onIdle = () => this.releaseIfIdle(doc);
      this.docs.set(key, doc);
      for (const message of this.early.get(key) ?? []) this.applyRelayed(doc, message.kind, message.payload);
      this.early.delete(key);
      this.fanout?.publish(key, FanoutKind.hello, Y.encodeStateVector(doc.doc));
      this.disputes.reconcile(doc);
      return doc;
    })();
    this.loading.set(key, load);
    try {
      return await load;
    } finally {
      this.loading.delete(key);
    }
  }

  private releaseIfIdle(doc: SyncDoc): void {
    if (!doc.idle || this.docs.get(doc.key) !== doc) return;
    this.docs.delete(doc.key);
    const unload = (async () => {
      await this.queue.flush();
      await doc.close();
      if (this.fanout) await this.fanout.unsubscribe(doc.key);
    })()
      .catch((error: unknown) => this.app.log.error({ err: error, doc: doc.key }, 'sync: unload failed'))
      .finally(() => this.unloading.delete(doc.key));
    this.unloading.set(doc.key, unload);
  }

  loadedDocs(): Iterable<SyncDoc> {
    return this.docs.values();
  }

  get sharedAcrossInstances(): boolean {
    return this.fanout !== undefined;
  }

  /** Runs a server write on a document, loading it just for that when nobody has it open. */
  async withDoc(session: SessionRecord, name: DocName, write: (doc: SyncDoc) => void): Promise<void> {
    const doc = await this.acquire(session, name);
    await doc.track(Promise.resolve().then(() => write(doc)));
  }

  private onRelayed(key: string, kind: FanoutKind, payload: Uint8Array): void {
    const doc = this.docs.get(key);
    if (doc) return this.applyRelayed(doc, kind, payload);
    this.early.get(key)?.push({ kind, payload });
  }

  private applyRelayed(doc: SyncDoc, kind: FanoutKind, payload: Uint8Array): void {
    if (kind === FanoutKind.update) doc.applyRemoteUpdate(payload);
    else if (kind === FanoutKind.awareness) doc.applyRemoteAwareness(payload);
    else if (kind === FanoutKind.hello) {
      // Another instance just loaded this document: send what it may lack (unflushed changes, presence).
      let diff: Uint8Array;
      try {
        diff = Y.encodeStateAsUpdate(doc.doc, payload);
      } catch {
        return;
      }
      if (diff.length > 2) this.fanout?.publish(doc.key, FanoutKind.update, diff);
      const local = [...doc.awareness.getStates().keys()].filter((id) => [...doc.peers].some((peer) => peer.clientIds.has(id)));
      if (local.length > 0) this.fanout?.publish(doc.key, FanoutKind.awareness, awarenessProtocol.encodeAwarenessUpdate(doc.awareness, local));
    }
  }

  private onRequests(doc: SyncDoc, peer: Peer, findings: GuardFindings): void {
    const actor: Actor = (peer as Connection).actor;
    for (const request of findings.disputeRequests) {
      void doc.track(this.disputes.open(doc, actor, request.invoiceNumber, request.flag).catch((error: unknown) => this.app.log.error({ err: error, doc: doc.key }, 'sync: dispute bridge failed')));
    }
    for (const request of findings.promiseRequests) {
      void doc.track(this.promises.record(doc, actor, request.id, request.promise).catch((error: unknown) => this.app.log.error({ err: error, doc: doc.key }, 'sync: promise bridge failed')));
    }
  }

  /** 'dispute.resolved' from the ledger: answered in the background, awaited on shutdown. */
  onDisputeResolved(event: DomainEvents['dispute.resolved']): void {
    this.inBackground(this.disputes.resolved(event).catch((error: unknown) => this.app.log.error({ err: error, event }, 'sync: writing a resolution into documents failed')));
  }

  /** 'escalation.created' from collections: the badge goes into the team documents in the background. */
  onEscalationCreated(event: DomainEvents['escalation.created']): void {
    this.inBackground(this.escalations.created(event).catch((error: unknown) => this.app.log.error({ err: error, event }, 'sync: writing an escalation into documents failed')));
  }

  private inBackground(work: Promise<void>): void {
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /** Wait for background work (tests: "the resolution has been written everywhere"). */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // ---- shutdown ----------------------------------------------------------------------------

  /** Graceful shutdown: close sockets (1001, clients reconnect elsewhere), finish, flush everything. */
  async shutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.closeLocal(() => true, SyncCloseCode.goingAway, 'server shutting down');
    await this.settled();
    await Promise.allSettled([...this.loading.values()]);
    const docs = [...this.docs.values()];
    await Promise.allSettled(docs.map((doc) => doc.drain()));
    this.docs.clear();
    await this.queue.flush();
    await Promise.allSettled(docs.map((doc) => doc.close()));
    await Promise.allSettled([...this.unloading.values()]);
  }
}
