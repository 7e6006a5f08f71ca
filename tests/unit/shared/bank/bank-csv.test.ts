import { describe, expect, it } from 'vitest';
import { parseBankCsv } from '../../../../shared/bank/bank-csv.ts';

const mapping = { account: 'de89 3704 0044 0532 0130 00', currency: 'USD', date: 'Date', amount: 'Amount', reference: 'Memo', name: 'Payer' };

describe('parseBankCsv', () => {
  it('maps columns by header name, keeps identical rows apart and their refs stable', () => {
    const records = [
      ['date', 'Payer', 'AMOUNT', 'Memo'],
      ['2026-11-03', 'Acme', '1,250.00', 'INV-7'],
      ['2026-11-03', 'Acme', '1,250.00', 'INV-7'],
      ['2026-11-04', '', '-3.00', 'fee'],
    ];
    const first = parseBankCsv(records, mapping);
    const second = parseBankCsv(records, mapping);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.value.accountIban).toBe('DE89370400440532013000');
    expect(first.value.lines.map((l) => [l.bookingDate, l.amount, l.debtorName, l.remittance.unstructured])).toEqual([
      ['2026-11-03', 125_000n, 'Acme', ['INV-7']],
      ['2026-11-03', 125_000n, 'Acme', ['INV-7']],
    ]);
    const refs = first.value.lines.map((l) => l.ref);
    expect(new Set(refs).size).toBe(2);
    expect(second.value.lines.map((l) => l.ref)).toEqual(refs);
    expect(first.value.skipped).toEqual([{ label: 'row 4', reason: 'debit (money out)' }]);
  });

  it('names the row and column of a bad cell, and a missing mapped column', () => {
    const bad = parseBankCsv([['Date', 'Amount', 'Memo', 'Payer'], ['2026-02-30', '1.00', '', '']], mapping);
    expect(bad.ok || bad.error.field).toBe('row 2: Date');
    const missing = parseBankCsv([['Date', 'Amount']], mapping);
    expect(missing.ok || missing.error.field).toBe('reference');
    const currency = parseBankCsv([['Date', 'Amount']], { ...mapping, currency: 'XYZ' });
    expect(currency.ok || currency.error.code).toBe('unknown_currency');
  });
});
