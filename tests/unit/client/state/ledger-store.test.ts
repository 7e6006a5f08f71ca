import { beforeEach, describe, expect, it } from 'vitest';
import { useLedgerStore } from '../../../../client/state/ledger-store.ts';
import type { InvoiceSummary } from '../../../../client/api/ledger-api.ts';

/** A load whose answer the test releases when it wants: the order answers arrive in is the point. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const invoicesOf = (customer: string) => [{ number: `${customer}-1` }] as unknown as readonly InvoiceSummary[];

describe('ledger store answers', () => {
  beforeEach(() => useLedgerStore.getState().clearInvoices());

  it("keeps the newest request's answer when an older one arrives after it", async () => {
    const forA = deferred<readonly InvoiceSummary[]>();
    const forB = deferred<readonly InvoiceSummary[]>();
    const loadingA = useLedgerStore.getState().loadInvoices(() => forA.promise);
    const loadingB = useLedgerStore.getState().loadInvoices(() => forB.promise);
    forB.resolve(invoicesOf('B'));
    await loadingB;
    forA.resolve(invoicesOf('A'));
    await loadingA;
    expect(useLedgerStore.getState().invoices).toEqual(invoicesOf('B'));
  });

  it("drops an older request's failure too, and a cleared session's late answer", async () => {
    const failing = deferred<readonly InvoiceSummary[]>();
    const loadingOld = useLedgerStore.getState().loadInvoices(() => failing.promise);
    await useLedgerStore.getState().loadInvoices(async () => invoicesOf('B'));
    failing.reject(new Error('HTTP 500'));
    await loadingOld;
    expect(useLedgerStore.getState().errors.invoices).toBeUndefined();
    expect(useLedgerStore.getState().invoices).toEqual(invoicesOf('B'));

    const late = deferred<readonly InvoiceSummary[]>();
    const loadingLate = useLedgerStore.getState().loadInvoices(() => late.promise);
    useLedgerStore.getState().clearInvoices();
    late.resolve(invoicesOf('A'));
    await loadingLate;
    expect(useLedgerStore.getState().invoices).toBeNull();
  });

  it("shows the newest request's failure", async () => {
    await useLedgerStore.getState().loadInvoices(async () => {
      throw new Error('HTTP 503: try again');
    });
    expect(useLedgerStore.getState().errors.invoices).toBe('HTTP 503: try again');
  });
});
