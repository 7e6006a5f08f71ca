import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../../../shared/imports/invoice-columns.ts';

describe('mapHeader', () => {
  it('maps the canonical header', () => {
    const result = mapHeader(['customer_ref', 'customer_name', 'invoice_number', 'issue_date', 'due_date', 'amount', 'currency', 'paid_date', 'disputed']);
    expect(result).toEqual({ ok: true, columns: { customer_ref: 0, customer_name: 1, invoice_number: 2, issue_date: 3, due_date: 4, amount: 5, currency: 6, paid_date: 7, disputed: 8 } });
  });

  it('accepts any order, any case, padding, a BOM and unknown extra columns', () => {
    const result = mapHeader(['\uFEFF Amount', 'notes', 'DUE_DATE ', 'invoice_number', 'issue_date', 'customer_ref']);
    expect(result).toEqual({ ok: true, columns: { amount: 0, due_date: 2, invoice_number: 3, issue_date: 4, customer_ref: 5 } });
  });

  it('names every missing required column on row 1', () => {
    const result = mapHeader(['customer_ref', 'amount', 'currency']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [1, 'invoice_number'],
      [1, 'issue_date'],
      [1, 'due_date'],
    ]);
    expect(result.errors[0]!.message).toContain('required');
  });

  it('rejects a column given twice', () => {
    const result = mapHeader(['customer_ref', 'invoice_number', 'issue_date', 'due_date', 'amount', 'Amount']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ row: 1, column: 'amount', message: 'Column "amount" appears twice in the header.' }]);
  });
});
