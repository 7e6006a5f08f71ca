/**
 * The ledger as the screens see it: customers, one customer's invoices, the dispute queue and
 * the metrics. The server is the truth; this store caches the last answer and knows how to ask
 * again. Amounts stay integer minor units.
 */
import { create } from 'zustand';
import { ledgerApi, type CustomerSummary, type DisputeOutcome, type DisputeSummary, type InvoiceSummary, type Metrics } from '../api/ledger-api.ts';

export interface TrendPoint {
  readonly asOf: string;
  readonly dso: number;
  readonly bpdso: number;
  readonly cleanDso: number;
}

interface LedgerState {
  readonly customers: readonly CustomerSummary[] | null;
  readonly invoices: readonly InvoiceSummary[] | null;
  readonly disputes: readonly DisputeSummary[] | null;
  readonly metrics: Metrics | null;
  readonly trend: readonly TrendPoint[] | null;
  /** The last failure per resource, so one missing figure does not blank the whole dashboard. */
  readonly errors: Partial<Record<'customers' | 'invoices' | 'disputes' | 'metrics' | 'trend', string>>;
  loadCustomers(): Promise<void>;
  /** `loader` lets the share-link view read through the portal API instead. */
  loadInvoices(loader: () => Promise<readonly InvoiceSummary[]>): Promise<void>;
  loadDisputes(): Promise<void>;
  resolveDispute(id: string, body: { outcome: DisputeOutcome; creditAmount?: number; note: string }): Promise<void>;
  loadMetrics(asOf: string, currency: string): Promise<void>;
  loadTrend(asOfs: readonly string[], currency: string): Promise<void>;
}

let disputesInFlight: Promise<void> | null = null;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useLedgerStore = create<LedgerState>()((set, get) => ({
  customers: null,
  invoices: null,
  disputes: null,
  metrics: null,
  trend: null,
  errors: {},
  async loadCustomers() {
    try {
      set({ customers: await ledgerApi.customers(), errors: { ...get().errors, customers: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, customers: message(error) } });
    }
  },
  async loadInvoices(loader) {
    try {
      set({ invoices: await loader(), errors: { ...get().errors, invoices: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, invoices: message(error) } });
    }
  },
  async loadDisputes() {
    // The queue polls; never stack a second request behind a slow one.
    if (disputesInFlight) return disputesInFlight;
    disputesInFlight = ledgerApi
      .openDisputes()
      .then(
        (disputes) => set({ disputes, errors: { ...get().errors, disputes: undefined } }),
        (error: unknown) => set({ errors: { ...get().errors, disputes: message(error) } }),
      )
      .finally(() => {
        disputesInFlight = null;
      });
    return disputesInFlight;
  },
  async resolveDispute(id, body) {
    await ledgerApi.resolveDispute(id, body);
    set({ disputes: (get().disputes ?? []).filter((d) => d.id !== id) });
    void get().loadDisputes();
  },
  async loadMetrics(asOf, currency) {
    try {
      set({ metrics: await ledgerApi.metrics(asOf, currency), errors: { ...get().errors, metrics: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, metrics: message(error) } });
    }
  },
  async loadTrend(asOfs, currency) {
    try {
      const all = await Promise.all(asOfs.map((asOf) => ledgerApi.metrics(asOf, currency)));
      set({ trend: all.map((m) => ({ asOf: m.asOf, dso: m.dso, bpdso: m.bpdso, cleanDso: m.clean.dso })), errors: { ...get().errors, trend: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, trend: message(error) } });
    }
  },
}));
