/**
 * Bank statement import and its review queue: the upload's progress and result, the lines
 * waiting for finance, and the last error of each action (shown beside the entry it concerns).
 */
import { create } from 'zustand';
import { integrationsApi, uploadBankStatement, type Allocation, type BankEntry, type BankImportSummary } from '../api/integrations-api.ts';

export type UploadPhase = 'idle' | 'uploading' | 'processing' | 'done' | 'failed';

interface BankState {
  readonly phase: UploadPhase;
  readonly sent: number;
  readonly total: number;
  readonly summary: BankImportSummary | null;
  readonly importError: string | null;
  readonly queue: readonly BankEntry[] | null;
  readonly queueError: string | null;
  /** Entry id → why its last confirm/dismiss was refused. */
  readonly entryErrors: Readonly<Record<string, string>>;
  importStatement(file: File): Promise<void>;
  loadQueue(): Promise<void>;
  confirm(entryId: string, customerRef: string, allocations?: readonly Allocation[]): Promise<boolean>;
  dismiss(entryId: string, note: string): Promise<boolean>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** CAMT.053 is XML; anything else is offered to the server as XML too, which names what is wrong. */
const contentTypeOf = (file: File) => (file.type.includes('xml') ? file.type : 'application/xml');

export const useBankStore = create<BankState>()((set, get) => ({
  phase: 'idle',
  sent: 0,
  total: 0,
  summary: null,
  importError: null,
  queue: null,
  queueError: null,
  entryErrors: {},
  async importStatement(file) {
    set({ phase: 'uploading', sent: 0, total: file.size, summary: null, importError: null });
    try {
      const summary = await uploadBankStatement(file, contentTypeOf(file), (sent, total) => set({ sent, total, phase: sent >= total ? 'processing' : 'uploading' }));
      set({ phase: 'done', sent: file.size, summary });
      void get().loadQueue();
    } catch (error) {
      set({ phase: 'failed', importError: message(error) });
    }
  },
  async loadQueue() {
    try {
      set({ queue: await integrationsApi.reviewQueue(), queueError: null });
    } catch (error) {
      set({ queueError: message(error) });
    }
  },
  async confirm(entryId, customerRef, allocations) {
    return settle(entryId, () => integrationsApi.confirmEntry(entryId, { customerRef, ...(allocations ? { allocations } : {}) }));
  },
  async dismiss(entryId, note) {
    return settle(entryId, () => integrationsApi.dismissEntry(entryId, note));
  },
}));

/** Runs one review action; on success the entry leaves the queue, on failure its error is kept. */
async function settle(entryId: string, action: () => Promise<unknown>): Promise<boolean> {
  const { entryErrors } = useBankStore.getState();
  try {
    await action();
    const { [entryId]: _cleared, ...rest } = entryErrors;
    useBankStore.setState((state) => ({ entryErrors: rest, queue: (state.queue ?? []).filter((entry) => entry.id !== entryId) }));
    void useBankStore.getState().loadQueue();
    return true;
  } catch (error) {
    useBankStore.setState({ entryErrors: { ...entryErrors, [entryId]: message(error) } });
    return false;
  }
}
