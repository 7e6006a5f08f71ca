import { describe, expect, it } from 'vitest';
import { mapHeader, type ColumnMap } from '../../../../shared/imports/invoice-columns.ts';
import { parseInvoiceRow } from '../../../../shared/imports/invoice-row.ts';

const header = ['customer_ref', 'customer_name', 'invoice_number', 'issue_date', 'due_date', 'amount', 'currency', 'paid_date', 'disputed'];
const mapped = mapHeader(header);
if (!mapped.ok) throw new Error('test header must map');
const columns: ColumnMap = mapped.columns;

const good = { customer_ref: 'C-1', customer_name: 'Acme', invoice_number: 'INV-1', issue_date: '2026-01-10', due_date: '2026-02-09', amount: '1234.50', currency: 'USD', paid_date: '', disputed: '' };
const cellsOf = (values: Partial<typeof good>) => header.map((name) => ({ ...good, ...values })[name as keyof typeof good]);

function errorsOf(values: Partial<typeof good>, options = {}) {
  const result = parseInvoiceRow(cellsOf(values), columns, 7, options);
  if (result.ok) throw new Error('expected the row to be rejected');
  return result.errors;
}

describe('parseInvoiceRow', () => {
  it('parses a full row exactly, amount in minor units', () => {
    const result = parseInvoiceRow(cellsOf({ paid_date: '2026-02-01', disputed: 'Yes' }), columns, 2);
    expect(result).toEqual({
      ok: true,
      value: { row: 2, customerRef: 'C-1', customerName: 'Acme', invoiceNumber: 'INV-1', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 123450n, currency: 'USD', paidDate: '2026-02-01', disputed: true },
    });
  });

  it('defaults currency to USD and leaves optional columns empty, also when they are absent from the header', () => {
    const small = mapHeader(['invoice_number', 'amount', 'due_date', 'issue_date', 'customer_ref']);
    if (!small.ok) throw new Error('header');
    const result = parseInvoiceRow(['X-9', '10', '2026-03-01', '2026-02-01', 'C-2'], small.columns, 3);
    expect(result.ok && result.value).toMatchObject({ invoiceNumber: 'X-9', amount: 1000n, currency: 'USD', customerName: undefined, paidDate: undefined, disputed: false });
  });

  it('respects the currency exponent (JPY has none, KWD three) and lower-case codes', () => {
    const jpy = parseInvoiceRow(cellsOf({ amount: '1500', currency: 'jpy' }), columns, 2);
    expect(jpy.ok && [jpy.value.amount, jpy.value.currency]).toEqual([1500n, 'JPY']);
    const kwd = parseInvoiceRow(cellsOf({ amount: '1.005', currency: 'KWD' }), columns, 2);
    expect(kwd.ok && kwd.value.amount).toBe(1005n);
    expect(errorsOf({ amount: '1.5', currency: 'JPY' })[0]).toMatchObject({ column: 'amount' });
  });

  it.each([
    ['customer_ref', { customer_ref: '' }, 'required'],
    ['customer_ref', { customer_ref: 'x'.repeat(65) }, 'at most 64'],
    ['customer_name', { customer_name: 'n'.repeat(201) }, 'at most 200'],
    ['invoice_number', { invoice_number: '  ' }, 'required'],
    ['issue_date', { issue_date: '' }, 'required'],
    ['issue_date', { issue_date: '10/01/2026' }, 'YYYY-MM-DD'],
    ['due_date', { due_date: '2026-02-30' }, 'YYYY-MM-DD'],
    ['issue_date', { issue_date: '0099-06-01' }, 'from 1900 on'],
    ['due_date', { due_date: '2026-01-09' }, 'before issue_date'],
    ['amount', { amount: '' }, 'required'],
    ['amount', { amount: '12,34.5.6' }, 'not a decimal'],
    ['amount', { amount: '1.234' }, 'more than 2 decimals'],
    ['amount', { amount: '0' }, 'greater than zero'],
    ['amount', { amount: '-5' }, 'greater than zero'],
    ['amount', { amount: '999999999999999.99' }, 'too large'],
    ['currency', { currency: 'XXX' }, 'ISO 4217'],
    ['paid_date', { paid_date: '2026-13-01' }, 'YYYY-MM-DD'],
    ['paid_date', { paid_date: '2026-01-09' }, 'before issue_date'],
    ['disputed', { disputed: 'maybe' }, 'true/yes/1'],
  ])('reports %s: %j', (column, values, message) => {
    const errors = errorsOf(values);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ row: 7, column });
    expect(errors[0]!.message).toContain(message);
  });

  it('refuses a paid date after today when told the day', () => {
    expect(errorsOf({ paid_date: '2026-06-02' }, { today: '2026-06-01' })[0]).toMatchObject({ column: 'paid_date', message: 'paid_date 2026-06-02 is in the future.' });
  });

  it('reports every bad cell of a row at once', () => {
    const errors = errorsOf({ customer_ref: '', issue_date: 'soon', amount: 'ten', disputed: 'perhaps' });
    expect(errors.map((e) => e.column)).toEqual(['customer_ref', 'issue_date', 'amount', 'disputed']);
  });

  it('accepts thousands separators, surrounding spaces and true/1/no words', () => {
    const result = parseInvoiceRow(cellsOf({ amount: ' 1,234.5 ', disputed: 'NO' }), columns, 2);
    expect(result.ok && [result.value.amount, result.value.disputed]).toEqual([123450n, false]);
    const one = parseInvoiceRow(cellsOf({ disputed: '1' }), columns, 2);
    expect(one.ok && one.value.disputed).toBe(true);
  });

  it('treats a short record (missing trailing cells) as empty cells', () => {
    const result = parseInvoiceRow(['C-1', 'Acme', 'INV-2', '2026-01-10', '2026-02-09', '5'], columns, 4);
    expect(result.ok && result.value).toMatchObject({ invoiceNumber: 'INV-2', amount: 500n, currency: 'USD', disputed: false });
  });
});
