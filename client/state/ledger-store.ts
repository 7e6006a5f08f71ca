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
  /** Another customer's session opens: forget the last one's invoices and any answer still on its way. */
  clearInvoices(): void;
  loadDisputes(): Promise<void>;
  resolveDispute(id: string, body: { outcome: DisputeOutcome; creditAmount?: number; note: string }): Promise<void>;
  loadMetrics(asOf: string, currency: string): Promise<void>;
  loadTrend(asOfs: readonly string[], currency: string): Promise<void>;
}

type Resource = keyof LedgerState['errors'];

let disputesInFlight: Promise<void> | null = null;

/**
 * Every load takes a ticket and only the newest ticket's answer is kept: a slow answer for
 * customer A (or for last currency) must never land after, and over, the one asked for now.
 */
const tickets: Record<Resource, number> = { customers: 0, invoices: 0, disputes: 0, metrics: 0, trend: 0 };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useLedgerStore = create<LedgerState>()((set, get) => {
  async function loadNewest<T>(resource: Resource, load: () => Promise<T>, apply: (value: T) => Partial<LedgerState>): Promise<void> {
    const ticket = ++tickets[resource];
    try {
      const value = await load();
      if (ticket === tickets[resource]) set({ ...apply(value), errors: { ...get().errors, [resource]: undefined } });
    } catch (error) {
      if (ticket === tickets[resource]) set({ errors: { ...get().errors, [resource]: message(error) } });
    }
  }

  return {
    customers: null,
    invoices: null,
    disputes: null,
    metrics: null,
    trend: null,
    errors: {},
    loadCustomers: () => loadNewest('customers', () => ledgerApi.customers(), (customers) => ({ customers })),
    loadInvoices: (loader) => loadNewest('invoices', loader, (invoices) => ({ invoices })),
    clearInvoices() {
      tickets.invoices++;
      set({ invoices: null, errors: { ...get().errors, invoices: undefined } });
    },
    async loadDisputes() {
      // The queue polls; never stack a second request behind a slow one.
      if (disputesInFlight) return disputesInFlight;
      disputesInFlight = loadNewest('disputes', () => ledgerApi.openDisputes(), (disputes) => ({ disputes })).finally(() => {
        disputesInFlight = null;
      });
      return disputesInFlight;
    },
    async resolveDispute(id, body) {
      await ledgerApi.resolveDispute(id, body);
      // A queue read already on its way may predate the resolution: drop it and read again after.
      tickets.disputes++;
      set({ disputes: (get().disputes ?? []).filter((d) => d.id !== id) });
      void (disputesInFlight ?? Promise.resolve()).then(() => get().loadDisputes());
    },
    loadMetrics: (asOf, currency) => loadNewest('metrics', () => ledgerApi.metrics(asOf, currency), (metrics) => ({ metrics })),
    loadTrend: (asOfs, currency) =>
      loadNewest(
        'trend',
        () => Promise.all(asOfs.map((asOf) => ledgerApi.metrics(asOf, currency))),
        (all) => ({ trend: all.map((m) => ({ asOf: m.asOf, dso: m.dso, bpdso: m.bpdso, cleanDso: m.clean.dso })) }),
      ),
  };
});
