import { describe, expect, it } from 'vitest';
import { buildStatement, statementCsv, statementLines, type StatementInvoice } from '../../../../shared/collections/statement.ts';

const invoice = (over: Partial<StatementInvoice>): StatementInvoice => ({ number: 'INV-1', currency: 'USD', issueDate: '2026-03-01', dueDate: '2026-03-31', amount: 10_000, openAmount: 10_000, status: 'open', disputed: false, ...over });

describe('the customer statement', () => {
  const statement = buildStatement(
    { ref: 'ACME', name: 'Acme, "the" Co' },
    [
      invoice({ number: 'INV-3', issueDate: '2026-04-01', dueDate: '2026-05-01', amount: 5_00, openAmount: 5_00 }),
      invoice({ number: 'INV-1', amount: 100_00, openAmount: 0, status: 'paid' }),
      invoice({ number: '=HYPERLINK("x")', issueDate: '2026-03-15', dueDate: '2026-04-14', amount: 250_00, openAmount: 200_00, status: 'partially_paid', disputed: true }),
      invoice({ number: 'JPY-1', currency: 'JPY', amount: 1200, openAmount: 1200 }),
    ],
    '2026-04-20',
  );

  it('orders invoices by issue date and totals open and overdue per currency, paid ones adding nothing', () => {
    expect(statement.invoices.map((i) => i.number)).toEqual(['INV-1', 'JPY-1', '=HYPERLINK("x")', 'INV-3']);
    expect(statement.balances).toEqual([
      { currency: 'JPY', open: 1200, overdue: 1200 },
      { currency: 'USD', open: 205_00, overdue: 200_00 },
    ]);
  });

  it('writes CSV in major units with quoting and no runnable formulas', () => {
    const lines = statementCsv(statement).split('\r\n');
    expect(lines[0]).toBe('invoice_number,issue_date,due_date,currency,amount,open_amount,status,disputed,days_late');
    expect(lines[1]).toBe('INV-1,2026-03-01,2026-03-31,USD,100.00,0.00,paid,no,0');
    expect(lines[2]).toBe('JPY-1,2026-03-01,2026-03-31,JPY,1200,1200,open,no,20');
    expect(lines[3]).toBe(`"'=HYPERLINK(""x"")",2026-03-15,2026-04-14,USD,250.00,200.00,partially_paid,yes,6`);
    expect(lines.at(-1)).toBe('');
  });

  it('lays the same rows out as a fixed-width table with totals', () => {
    const lines = statementLines(statement);
    expect(lines[0]).toBe('Statement for Acme, "the" Co (ACME)');
    const table = lines.slice(3, 3 + 2 + statement.invoices.length);
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
    expect(lines.at(-1)).toBe('Open 205.00 USD, of which overdue 200.00 USD');
    expect(statementLines(buildStatement({ ref: 'X', name: 'X' }, [], '2026-04-20')).at(-1)).toBe('Nothing is open. Thank you.');
  });
});
