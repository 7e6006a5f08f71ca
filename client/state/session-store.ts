/**
 * The live session the user is in: which session and customer, the connection's latest snapshot
 * (document records, presence, connection state) and the selection. Writes go through the
 * `SessionConnection`; its snapshots come back here, so the UI only ever reads this store.
 */
import { create } from 'zustand';
import type { SessionConnection, SessionSnapshot } from '../sync/session-connection.ts';

export interface SessionInfo {
  readonly id: string;
  readonly customerRef: string;
  readonly customerName?: string;
  readonly title: string;
}

interface SessionState {
  readonly info: SessionInfo | null;
  readonly connection: SessionConnection | null;
  readonly snapshot: SessionSnapshot | null;
  readonly selectedInvoice: string | null;
  readonly selectedHotspot: string | null;
  setInfo(info: SessionInfo | null): void;
  attach(connection: SessionConnection | null): void;
  receive(snapshot: SessionSnapshot): void;
  selectInvoice(invoiceNumber: string | null): void;
  selectHotspot(hotspotId: string | null): void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  info: null,
  connection: null,
  snapshot: null,
  selectedInvoice: null,
  selectedHotspot: null,
  setInfo: (info) => set({ info }),
  attach: (connection) => set({ connection, ...(connection ? {} : { snapshot: null, selectedInvoice: null, selectedHotspot: null }) }),
  receive: (snapshot) => set({ snapshot }),
  selectInvoice: (selectedInvoice) => set({ selectedInvoice, selectedHotspot: null }),
  selectHotspot: (selectedHotspot) => set({ selectedHotspot }),
}));
