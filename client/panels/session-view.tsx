/**
 * A live session, the same for staff and for link holders: the 3D scene beside a DOM panel with
 * the invoice list, the selected card's details and actions, notes, presence and (staff) the
 * conversation with the customer and sharing.
 * Ledger figures come from the API, shared state from the Yjs documents; both meet in
 * sync/scene-mapping.ts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/http.ts';
import type { AnnotationModel, ProductModel, Quat, Vec3 } from '../scene/scene-model.ts';
import { can, Permission, type Role } from '../../shared/roles.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { useSessionStore, type SessionInfo } from '../state/session-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { toAnnotationModels, toCards, toPeers, toTimeline } from '../sync/scene-mapping.ts';
import { todayUtc } from '../format.ts';
import { SceneHost } from './scene-host.tsx';
import { ConnectionIndicator } from './connection-indicator.tsx';
import { PresenceList } from './presence-list.tsx';
import { InvoiceList } from './invoice-list.tsx';
import { CardDetails } from './card-details.tsx';
import { NoteForm } from './note-form.tsx';
import { NotesList } from './notes-list.tsx';
import { SessionMessages } from './session-messages.tsx';
import { ShareLinkPanel } from './share-link-panel.tsx';

export interface SessionViewProps {
  readonly info: SessionInfo;
  readonly me: { readonly name: string; readonly role: Role };
  readonly product: ProductModel | undefined;
  readonly reloadInvoices: () => void;
  readonly headerExtra?: React.ReactNode;
}

export function SessionView({ info, me, product, reloadInvoices, headerExtra }: SessionViewProps) {
  const invoices = useLedgerStore((state) => state.invoices);
  const invoicesError = useLedgerStore((state) => state.errors.invoices);
  const snapshot = useSessionStore((state) => state.snapshot);
  const connection = useSessionStore((state) => state.connection);
  const selectedInvoice = useSessionStore((state) => state.selectedInvoice);
  const selectedHotspot = useSessionStore((state) => state.selectedHotspot);
  const selectInvoice = useSessionStore((state) => state.selectInvoice);
  const selectHotspot = useSessionStore((state) => state.selectHotspot);
  const announcement = useUiStore((state) => state.announcement);
  const [pendingNote, setPendingNote] = useState<{ position: Vec3; target: AnnotationModel['target'] } | null>(null);
  const today = todayUtc();
  const staff = me.role === 'admin' || me.role === 'finance' || me.role === 'sales';

  // Keyed on the record collections, which keep their identity until a document changes: a
  // peer's pose (15 Hz each) re-derives the peers only, not 300 cards and the timeline.
  const disputes = snapshot?.disputes;
  const promises = snapshot?.promises;
  const escalations = snapshot?.escalations;
  const cards = useMemo(() => toCards(invoices ?? [], disputes ?? {}, promises ?? [], today, escalations ?? {}), [invoices, disputes, promises, escalations, today]);
  const timeline = useMemo(() => toTimeline(invoices ?? [], disputes ?? {}, promises ?? []), [invoices, disputes, promises]);
  const annotations = useMemo(() => toAnnotationModels(snapshot?.annotations ?? []), [snapshot?.annotations]);
  const awareness = snapshot?.awareness;
  const localClientId = snapshot?.localClientId;
  const peers = useMemo(() => (awareness && localClientId !== undefined ? toPeers(awareness, localClientId) : []), [awareness, localClientId]);
  const selectedCard = cards.find((card) => card.invoiceNumber === selectedInvoice);
  const hotspot = product?.hotspots.find((h) => h.id === selectedHotspot);

  // A dispute that opens or resolves can change balances (a credit note): ask the ledger again.
  const disputeStates = Object.entries(snapshot?.disputes ?? {})
    .map(([number, flag]) => `${number}:${flag.status}`)
    .sort()
    .join('|');
  useEffect(() => {
    if (disputeStates) reloadInvoices();
  }, [disputeStates, reloadInvoices]);

  useEffect(() => {
    connection?.setSelectedInvoice(selectedInvoice);
  }, [connection, selectedInvoice]);

  const onLocalPose = useCallback(
    (head: { position: Vec3; quaternion: Quat }, pointer?: { origin: Vec3; direction: Vec3 }) => connection?.setPose(head, pointer),
    [connection],
  );
  const sendReply = useCallback((body: string) => api(`/sessions/${encodeURIComponent(info.id)}/messages`, { body: { body } }), [info.id]);
  const onPlaceAnnotation = useCallback((position: Vec3, target: AnnotationModel['target']) => setPendingNote({ position, target }), []);

  const abilities = {
    flagDispute: can(me.role, Permission.openDispute),
    promise: can(me.role, Permission.recordPromise),
    note: can(me.role, Permission.writeSharedDocument),
    internalNotes: staff,
  };

  return (
    <div className="session">
      <header className="topbar">
        <strong>Cashlens</strong>
        <span className="session-title">
          {info.title} <span className="muted">· {info.customerName ?? info.customerRef}</span>
        </span>
        <ConnectionIndicator />
        {headerExtra}
      </header>
      <section className="scene" aria-label="3D view">
        <SceneHost
          cards={cards}
          timeline={timeline}
          today={today}
          {...(product ? { product } : {})}
          annotations={annotations}
          peers={peers}
          selectedInvoice={selectedInvoice}
          selectedHotspot={selectedHotspot}
          onSelectInvoice={selectInvoice}
          onSelectHotspot={selectHotspot}
          onPlaceAnnotation={onPlaceAnnotation}
          onLocalPose={onLocalPose}
          // On a phone in AR the side panel is out of sight: the selected card's actions ride in the DOM overlay.
          arOverlay={selectedCard ? <div className="ar-card-panel"><CardDetails key={selectedCard.invoiceNumber} card={selectedCard} abilities={abilities} /></div> : null}
        />
      </section>
      <aside className="side" aria-label="Session panel">
        <p className="sr-only" role="status" aria-live="polite">
          {announcement}
        </p>
        <h2>People</h2>
        <PresenceList selfName={me.name} />
        {selectedCard && <CardDetails key={selectedCard.invoiceNumber} card={selectedCard} abilities={abilities} />}
        {hotspot && (
          <section className="card-details" aria-label={`Hotspot ${hotspot.title}`}>
            <h2>{hotspot.title}</h2>
            <p>{hotspot.body}</p>
            {hotspot.lastServiced && <p className="muted">Last serviced {hotspot.lastServiced}</p>}
            {hotspot.nextDue && <p className="muted">Next due {hotspot.nextDue}</p>}
            {abilities.note && product && (
              <NoteForm key={hotspot.id} target={{ kind: 'product', ref: product.id, hotspot: hotspot.id }} position={[0, 1, 0]} allowInternal={abilities.internalNotes} />
            )}
          </section>
        )}
        {pendingNote && abilities.note && (
          <section className="card-details" aria-label="New note">
            <NoteForm target={pendingNote.target} position={pendingNote.position} allowInternal={abilities.internalNotes} />
            <button type="button" className="small" onClick={() => setPendingNote(null)}>
              Cancel
            </button>
          </section>
        )}
        <h2>Invoices</h2>
        {invoices ? <InvoiceList cards={cards} /> : invoicesError ? <p role="alert">Invoices unavailable: {invoicesError}</p> : <p>Loading invoices…</p>}
        <h2>Notes</h2>
        <NotesList canResolve={staff} />
        {abilities.note && (
          <details>
            <summary>Note on the room</summary>
            <NoteForm target={{ kind: 'space', ref: '' }} position={[0, 1.2, 0]} allowInternal={abilities.internalNotes} />
          </details>
        )}
        {staff && (
          <>
            {/* Link holders read the conversation in their own self-service panel (link-self-service.tsx). */}
            <h2>Messages</h2>
            <SessionMessages formLabel="Reply to the customer" send={sendReply} placeholder="Your answer; the customer sees it at once" />
            <h2>Share</h2>
            <ShareLinkPanel sessionId={info.id} />
          </>
        )}
      </aside>
    </div>
  );
}
