import { describe, expect, it } from 'vitest';
import { allocateOldestFirst, invoiceTokens, matchPayment, type MatchFacts, type OpenInvoiceFact } from '../../../../shared/bank/match-payment.ts';

const inv = (number: string, customerRef: string, openAmount: bigint, dueDate = '2026-10-01', currency = 'EUR'): OpenInvoiceFact => ({ number, customerId: `id-${customerRef}`, customerRef, currency, dueDate, openAmount });
const line = (amount: bigint, unstructured: string[] = [], structured: string[] = []) => ({ amount, currency: 'EUR', remittance: { structured, unstructured } });
const facts = (over: Partial<MatchFacts>): MatchFacts => ({ referenced: new Map(), payer: undefined, payerOpenInvoices: [], sameAmountInvoices: [], ...over });
const refs = (...invoices: OpenInvoiceFact[]) => new Map(invoices.map((i) => [i.number.toUpperCase(), i]));

describe('invoiceTokens', () => {
  it('finds invoice-like words in free text and structured references', () => {
    expect(invoiceTokens({ remittance: { structured: ['RF18 5390 0754 7034'], unstructured: ['Pay INV-1002, inv-1003; #2024/17. thanks'] } })).toEqual(
      expect.arrayContaining(['RF18 5390 0754 7034', 'INV-1002', 'inv-1003', '2024/17']),
    );
    expect(invoiceTokens({ remittance: { structured: [], unstructured: ['thanks a lot'] } })).toEqual([]);
  });
});

describe('allocateOldestFirst', () => {
  it('pays the oldest due first and leaves the rest unapplied', () => {
    expect(allocateOldestFirst(700n, [inv('B', 'X', 500n, '2026-10-02'), inv('A', 'X', 300n, '2026-10-01')])).toEqual({ allocations: [{ invoiceNumber: 'A', amount: 300n }, { invoiceNumber: 'B', amount: 400n }], unapplied: 0n });
    expect(allocateOldestFirst(900n, [inv('A', 'X', 300n)])).toEqual({ allocations: [{ invoiceNumber: 'A', amount: 300n }], unapplied: 600n });
  });
});

describe('matchPayment', () => {
  it('posts by reference, spreading over several invoices', () => {
    const decision = matchPayment(line(600n), facts({ referenced: refs(inv('INV-2', 'ACME', 250n, '2026-10-02'), inv('INV-1', 'ACME', 500n)) }));
    expect(decision).toMatchObject({ kind: 'post', customerRef: 'ACME', allocations: [{ invoiceNumber: 'INV-1', amount: 500n }, { invoiceNumber: 'INV-2', amount: 100n }], unapplied: 0n });
  });

  it('sends references to several customers, other currencies or settled invoices to review', () => {
    expect(matchPayment(line(100n), facts({ referenced: refs(inv('A', 'ACME', 100n), inv('B', 'GLOBEX', 100n)) })).kind).toBe('review');
    expect(matchPayment(line(100n), facts({ referenced: refs(inv('A', 'ACME', 100n, '2026-10-01', 'USD')) })).kind).toBe('review');
    expect(matchPayment(line(100n), facts({ referenced: refs(inv('A', 'ACME', 0n)) }))).toMatchObject({ kind: 'review', reason: expect.stringMatching(/already settled/) });
  });

  it('posts a known payer by exact amount or by their whole open balance, never guessing between equal amounts', () => {
    const payer = { customerId: 'id-ACME', customerRef: 'ACME', via: 'IBAN X' };
    const open = [inv('A', 'ACME', 100n), inv('B', 'ACME', 250n, '2026-10-05')];
    expect(matchPayment(line(250n), facts({ payer, payerOpenInvoices: open }))).toMatchObject({ kind: 'post', allocations: [{ invoiceNumber: 'B', amount: 250n }] });
    expect(matchPayment(line(350n), facts({ payer, payerOpenInvoices: open }))).toMatchObject({ kind: 'post', allocations: [{ invoiceNumber: 'A', amount: 100n }, { invoiceNumber: 'B', amount: 250n }] });
    expect(matchPayment(line(100n), facts({ payer, payerOpenInvoices: [...open, inv('C', 'ACME', 100n)] }))).toMatchObject({ kind: 'review', customerId: 'id-ACME' });
    expect(matchPayment(line(999n), facts({ payer, payerOpenInvoices: open })).kind).toBe('review');
  });

  it('only suggests for an unknown payer', () => {
    const decision = matchPayment(line(100n), facts({ sameAmountInvoices: [inv('A', 'ACME', 100n)] }));
    expect(decision).toMatchObject({ kind: 'review', customerId: undefined, suggestions: [{ number: 'A' }] });
  });
});
