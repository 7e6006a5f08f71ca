/**
 * One live session on the client: a Y.Doc per document (`team` for staff, `shared` for everyone)
 * synced by the stock y-websocket `WebsocketProvider` to `/sync/:sessionId/:doc`. It turns the
 * documents and awareness into plain snapshots for the session store and makes the few writes
 * the UI needs through shared/doc's actions (validated the same way the server validates).
 * Offline writes stay in the local Y.Doc and merge when the socket reconnects (Yjs does that),
 * so flagging a dispute in a dead zone is not lost.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addAnnotation, flagDispute, requestPromise, setAnnotationResolved } from '../../shared/doc/doc-actions.ts';
import type { EntryCheck } from '../../shared/doc/doc-validation.ts';
import type { DocName } from '../../shared/doc/session-doc.ts';
import type { AnnotationTarget } from '../../shared/records/annotation.ts';
import type { DisputeReasonCode } from '../../shared/records/dispute-flag.ts';
import type { Presence } from '../../shared/records/presence.ts';
import { emptyRecords, readRecords, type DocRecords } from './doc-records.ts';
import { throttle, type Throttle } from './pose-throttle.ts';
import type { Quat, Vec3 } from '../scene/scene-model.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'closed';

export type LocalUser = Presence['user'];

export interface SessionSnapshot extends DocRecords {
  readonly status: ConnectionStatus;
  /** Why the server closed us for good (revoked link, forbidden document). */
  readonly closedReason: string | null;
  /** Its close code: 4401 (login ended), 4403, 4404, 4410 (link revoked, session closed). */
  readonly closedCode: number | null;
  readonly synced: boolean;
  readonly awareness: ReadonlyMap<number, unknown>;
  readonly localClientId: number;
}

export interface SessionConnectionOptions {
  readonly sessionId: string;
  readonly docs: readonly DocName[];
  readonly user: LocalUser;
  /** Share-link token, sent as `?token=` on the upgrade; staff use their cookie. */
  readonly token?: string;
  readonly onChange: (snapshot: SessionSnapshot) => void;
}

interface DocLink {
  readonly name: DocName;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  status: ConnectionStatus;
  synced: boolean;
}

type Pose = Pick<Presence, 'head' | 'pointer'>;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * The stock provider re-sends every awareness change it hears, other peers' states included. Our
 * sync server (rightly) treats a clientID sent from someone else's socket as impersonation and
 * closes it, so this provider announces only its own clientID. The server relays the others.
 */
function announceOnlyOwnPresence(provider: WebsocketProvider): void {
  const awareness = provider.awareness;
  const send = provider._awarenessUpdateHandler;
  const own = (ids: readonly number[]) => ids.filter((id) => id === awareness.clientID);
  const filtered = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const change = { added: own(added), updated: own(updated), removed: own(removed) };
    if (change.added.length + change.updated.length + change.removed.length > 0) send(change, origin);
  };
  awareness.off('update', send);
  awareness.on('update', filtered);
  // destroy() unregisters `_awarenessUpdateHandler`; point it at ours so nothing is left behind.
  provider._awarenessUpdateHandler = filtered;
}

export class SessionConnection {
  private readonly links: DocLink[];
  private closedReason: string | null = null;
  private closedCode: number | null = null;
  private readonly pose: Throttle<Pose>;
  private scheduled = false;
  private destroyed = false;
  /** The documents' records as last read; re-read only after a document changed, not per pose. */
  private records: DocRecords | null = null;

  constructor(private readonly options: SessionConnectionOptions) {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const serverUrl = `${scheme}://${window.location.host}/sync/${encodeURIComponent(options.sessionId)}`;
    this.links = options.docs.map((name) => {
      const doc = new Y.Doc();
      // disableBc: two tabs of one browser must still go through the server (auth, viewer rules).
      const provider = new WebsocketProvider(serverUrl, name, doc, { disableBc: true, maxBackoffTime: 4000, ...(options.token ? { params: { token: options.token } } : {}) });
      announceOnlyOwnPresence(provider);
      const link: DocLink = { name, doc, provider, status: 'connecting', synced: false };
      provider.on('status', ({ status }) => {
        if (link.status !== 'closed') link.status = status;
        this.emit();
      });
      provider.on('sync', (synced) => {
        link.synced = synced;
        this.emit();
      });
      provider.on('closed', (event) => {
        link.status = 'closed';
        this.closedReason = event.reason || `closed (${event.code})`;
        this.closedCode = event.code;
        this.emit();
      });
      doc.on('update', () => {
        this.records = null;
        this.emit();
      });
      return link;
    });
    const awareness = this.presenceLink().provider.awareness;
    awareness.setLocalState({ user: options.user } satisfies Presence);
    // Our own pose changes 15 times a second and nobody here draws it: only peers' changes matter.
    awareness.on('change', ({ added, updated, removed }: AwarenessChange) => {
      if ([...added, ...updated, ...removed].some((id) => id !== awareness.clientID)) this.emit();
    });
    // Presence schema: absent fields are omitted, never null.
    this.pose = throttle((pose) => awareness.setLocalState({ ...(awareness.getLocalState() as Presence), ...pose } satisfies Presence));
    this.emit();
  }

  /** Presence lives on `shared`, the one document every participant (customer too) joins. */
  private presenceLink(): DocLink {
    return this.links.find((link) => link.name === 'shared') ?? this.links[0]!;
  }

  private doc(name: DocName): Y.Doc {
    const link = this.links.find((l) => l.name === name);
    if (!link) throw new Error(`not connected to the ${name} document`);
    return link.doc;
  }

  get docNames(): readonly DocName[] {
    return this.links.map((link) => link.name);
  }

  /** Coalesce bursts (a sync step delivers many updates) into one snapshot per microtask. */
  private emit(): void {
    if (this.scheduled || this.destroyed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.destroyed) this.options.onChange(this.snapshot());
    });
  }

  private status(): ConnectionStatus {
    const statuses = this.links.map((link) => link.status);
    if (statuses.includes('closed')) return 'closed';
    if (statuses.every((s) => s === 'connected')) return 'connected';
    return statuses.includes('disconnected') ? 'disconnected' : 'connecting';
  }

  private readAllRecords(): DocRecords {
    const records = emptyRecords();
    for (const link of this.links) readRecords(link.doc, link.name, records);
    this.records = records;
    return records;
  }

  /** Whether a write made now reaches the others now (else it waits in the local document). */
  get online(): boolean {
    return this.status() === 'connected';
  }

  snapshot(): SessionSnapshot {
    const records = this.records ?? this.readAllRecords();
    const awareness = this.presenceLink().provider.awareness;
    return {
      ...records,
      status: this.status(),
      closedReason: this.closedReason,
      closedCode: this.closedCode,
      synced: this.links.every((link) => link.synced),
      awareness: new Map(awareness.getStates()),
      localClientId: awareness.clientID,
    };
  }

  /**
   * After the server closed the session for good the provider never reconnects, so a write
   * would sit in a document nobody receives and vanish on reload: refused, saying why.
   */
  private refusedWhenClosed(): EntryCheck<unknown> | undefined {
    if (this.closedReason === null) return undefined;
    return { ok: false, reason: `Not sent: the session was disconnected (${this.closedReason}). Reload the page to reconnect.` };
  }

  flagDispute(invoiceNumber: string, reason: DisputeReasonCode, note: string): EntryCheck<unknown> {
    return this.refusedWhenClosed() ?? flagDispute(this.doc('shared'), { invoiceNumber, reason, note, flaggedBy: this.options.user.name });
  }

  addAnnotation(doc: DocName, input: { target: AnnotationTarget; text: string; position: Vec3 }): EntryCheck<unknown> {
    return this.refusedWhenClosed() ?? addAnnotation(this.doc(doc), { id: crypto.randomUUID(), authorId: this.options.user.id, authorName: this.options.user.name, target: input.target, text: input.text, position: [input.position[0], input.position[1], input.position[2]] });
  }

  resolveAnnotation(doc: DocName, id: string): EntryCheck<unknown> {
    return this.refusedWhenClosed() ?? setAnnotationResolved(this.doc(doc), id, true);
  }

  promiseToPay(invoiceNumbers: readonly string[], amount: number, date: string, note?: string): EntryCheck<unknown> {
    return this.refusedWhenClosed() ?? requestPromise(this.doc('shared'), { id: crypto.randomUUID(), invoiceNumbers, amount, date, by: this.options.user.name, ...(note ? { note } : {}) });
  }

  /** From the scene's `onLocalPose`; sent at most 15 times a second. */
  setPose(head: { position: Vec3; quaternion: Quat }, pointer?: { origin: Vec3; direction: Vec3 }): void {
    this.pose.push({ head: { position: [...head.position], quaternion: [...head.quaternion] }, ...(pointer ? { pointer: { origin: [...pointer.origin], direction: [...pointer.direction] } } : {}) } as Pose);
  }

  /** Tell the others which card this user is looking at. */
  setSelectedInvoice(invoiceNumber: string | null): void {
    this.presenceLink().provider.awareness.setLocalStateField('selectedInvoice', invoiceNumber);
  }

  destroy(): void {
    this.destroyed = true;
    this.pose.cancel();
    for (const link of this.links) {
      link.provider.awareness.setLocalState(null);
      link.provider.destroy();
      link.doc.destroy();
    }
  }
}
