import { describe, expect, it } from 'vitest';
import { columnForLedgerField, compareWithExisting, planInvoiceRow } from '../../../../shared/imports/invoice-plan.ts';
import type { ImportedInvoiceRow } from '../../../../shared/imports/invoice-row.ts';

const row: ImportedInvoiceRow = {
  row: 5,
  customerRef: 'C-1',
  customerName: 'Acme',
  invoiceNumber: 'INV-7',
  issueDate: '2026-01-10',
  dueDate: '2026-02-09',
  amount: 99_95n,
  currency: 'EUR',
  paidDate: undefined,
  disputed: false,
};

describe('planInvoiceRow', () => {
  it('issues one invoice with one line for an open invoice', () => {
    expect(planInvoiceRow(row)).toEqual([
      {
        kind: 'issueInvoice',
        input: { customerRef: 'C-1', number: 'INV-7', issueDate: '2026-01-10', dueDate: '2026-02-09', currency: 'EUR', lines: [{ description: 'Invoice INV-7 (imported)', quantity: 1, unitPrice: 9995 }] },
      },
    ]);
  });

  it('adds a full payment allocated to the invoice on paid_date', () => {
    const commands = planInvoiceRow({ ...row, paidDate: '2026-02-20' });
    expect(commands.map((c) => c.kind)).toEqual(['issueInvoice', 'receivePayment']);
    expect(commands[1]).toEqual({
      kind: 'receivePayment',
      input: { customerRef: 'C-1', date: '2026-02-20', amount: 9995, currency: 'EUR', reference: 'INV-7', allocations: [{ invoiceNumber: 'INV-7', amount: 9995 }] },
    });
  });

  it('opens a dispute on the issue date and leaves it open when unpaid', () => {
    const commands = planInvoiceRow({ ...row, disputed: true });
    expect(commands.map((c) => c.kind)).toEqual(['issueInvoice', 'openDispute']);
    expect(commands[1]).toMatchObject({ input: { invoiceNumber: 'INV-7', openedOn: '2026-01-10' } });
  });

  it('resolves the dispute as upheld on paid_date, then takes the payment', () => {
    const commands = planInvoiceRow({ ...row, disputed: true, paidDate: '2026-03-01' });
    expect(commands.map((c) => c.kind)).toEqual(['issueInvoice', 'openDispute', 'resolveDisputeOfInvoice', 'receivePayment']);
    expect(commands[2]).toMatchObject({ invoiceNumber: 'INV-7', input: { outcome: 'upheld', resolvedOn: '2026-03-01' } });
  });
});

describe('compareWithExisting', () => {
  const existing = { number: 'INV-7', customerRef: 'C-1', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 9995, currency: 'EUR' };

  it('finds nothing to object to when the row describes the invoice (payment columns are not compared)', () => {
    expect(compareWithExisting({ ...row, paidDate: '2026-02-01', disputed: true }, existing)).toBeUndefined();
  });

  it('names each differing column with both values', () => {
    const errors = compareWithExisting({ ...row, amount: 100_00n, customerRef: 'C-2' }, existing);
    expect(errors?.map((e) => [e.row, e.column])).toEqual([
      [5, 'customer_ref'],
      [5, 'amount'],
    ]);
    expect(errors?.[1]!.message).toBe('Invoice INV-7 already exists with amount 99.95; this row has 100.00. Use a new invoice number or correct the row.');
  });

  it('reports a currency change instead of comparing amounts across currencies', () => {
    expect(compareWithExisting({ ...row, currency: 'USD' }, existing)?.map((e) => e.column)).toEqual(['currency']);
  });
});

describe('columnForLedgerField', () => {
  it.each([
    ['customerRef', 'customer_ref'],
    ['lines.0.unitPrice', 'amount'],
    ['dueDate', 'due_date'],
    ['date', 'paid_date'],
    [undefined, 'invoice_number'],
  ])('%s → %s', (field, column) => expect(columnForLedgerField(field)).toBe(column));
});
