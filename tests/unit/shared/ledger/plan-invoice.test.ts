import { describe, expect, it } from 'vitest';
import { planInvoice, type InvoiceLineCommand } from '../../../../shared/ledger/plan-invoice.ts';
import type { CustomerState } from '../../../../shared/ledger/ledger-state.ts';

const customer: CustomerState = { id: 'c1', ref: 'C1', currency: 'USD', paymentTermsDays: 30 };
const plan = (lines: InvoiceLineCommand[]) => planInvoice(customer, { invoiceId: 'i1', number: 'INV-1', issueDate: '2026-01-31', lines });

describe('invoice amount bounds', () => {
  it('refuses a line above Number.MAX_SAFE_INTEGER, naming its unit price', () => {
    expect(plan([{ description: 'x', quantity: 1_000_000_000, unitPrice: 9_000_000_000_000_000 }])).toMatchObject({ ok: false, error: { code: 'validation', field: 'lines.0.unitPrice' } });
    expect(plan([{ description: 'ok', quantity: 1, unitPrice: 1 }, { description: 'x', quantity: 3, unitPrice: 9e15 }])).toMatchObject({ ok: false, error: { field: 'lines.1.unitPrice' } });
    expect(plan([{ description: 'x', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER, tax: 1 }])).toMatchObject({ ok: false, error: { field: 'lines.0.unitPrice' } });
  });

  it('refuses a total (tax included) above Number.MAX_SAFE_INTEGER, naming lines', () => {
    expect(plan([{ description: 'a', quantity: 1, unitPrice: 5e15 }, { description: 'b', quantity: 1, unitPrice: 5e15 }])).toMatchObject({ ok: false, error: { code: 'validation', field: 'lines' } });
    expect(plan([{ description: 'a', quantity: 1, unitPrice: 5e15 }, { description: 'b', quantity: 1, unitPrice: 0, tax: 5e15 }])).toMatchObject({ ok: false, error: { field: 'lines' } });
  });

  it('accepts a total of exactly Number.MAX_SAFE_INTEGER', () => {
    const exact = plan([{ description: 'a', quantity: 1, unitPrice: Number.MAX_SAFE_INTEGER - 1, tax: 1 }]);
    expect(exact.ok && exact.value.amount).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });
});
