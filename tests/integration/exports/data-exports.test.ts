import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

const system = { actor: { kind: 'system' as const, name: 'export-test' }, requestId: 'test' };

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe.each(databaseKinds())('CSV exports on %s', (kind) => {
  let t: TestApp;
  let fresh: TestApp;
  let finance: { cookie: string };

  beforeAll(async () => {
    [t, fresh] = await Promise.all([startTestApp(kind), startTestApp(kind)]);
    finance = await t.loginAs('finance');
    // Both databases know the customers (the import creates unknown ones only where the ledger offers ensureCustomers).
    for (const app of [t, fresh]) {
      for (const [ref, name] of [['ACME', 'Acme, "The" Company'], ['GLOBEX', 'Globex']] as const) {
        await app.app.db.insertInto('customers').values({ ref, name, currency: 'EUR', credit_limit: 500_000n, payment_terms_days: 30, segment: 'standard', contacts: '[]' }).execute();
      }
    }
    const issue = async (customerRef: string, number: string, issueDate: string, unitPrice: number) =>
      expect((await t.app.ledger.issueInvoice(system, { customerRef, number, issueDate, currency: 'EUR', lines: [{ description: 'Goods', quantity: 1, unitPrice }] })).ok).toBe(true);
    await issue('ACME', 'X-001', '2026-09-01', 120_050);
    await issue('ACME', 'X-002', '2026-09-10', 30_000);
    await issue('GLOBEX', 'X-003', '2026-10-01', 99);
    expect((await t.app.ledger.receivePayment(system, { customerRef: 'ACME', date: '2026-10-05', amount: 150_050, currency: 'EUR', reference: 'wire 1', allocations: [{ invoiceNumber: 'X-001', amount: 120_050 }] })).ok).toBe(true);
    expect((await t.app.ledger.openDispute(system, { invoiceNumber: 'X-003', reason: 'pricing', note: 'too dear', openedOn: '2026-10-02' })).ok).toBe(true);
    // Partial payments: one on a disputed invoice (the dispute stays open), one on a plain invoice.
    await issue('GLOBEX', 'X-004', '2026-10-03', 50_000);
    expect((await t.app.ledger.receivePayment(system, { customerRef: 'GLOBEX', date: '2026-10-06', amount: 49, currency: 'EUR', reference: 'part 1', allocations: [{ invoiceNumber: 'X-003', amount: 49 }] })).ok).toBe(true);
    expect((await t.app.ledger.receivePayment(system, { customerRef: 'GLOBEX', date: '2026-10-20', amount: 12_525, currency: 'EUR', reference: 'part 2', allocations: [{ invoiceNumber: 'X-004', amount: 12_525 }] })).ok).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
    await fresh?.close();
  });

  const get = (app: TestApp, url: string, cookie: string) => app.app.inject({ url, headers: { cookie } });

  it('exports invoices in the canonical import CSV, and importing it elsewhere gives the same export', async () => {
    const response = await get(t, '/api/v1/exports/invoices.csv', finance.cookie);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.body).toBe(
      [
        'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,currency,paid_date,disputed,paid_amount',
        'ACME,"Acme, ""The"" Company",X-001,2026-09-01,2026-10-01,1200.50,EUR,2026-10-05,false,1200.50',
        'ACME,"Acme, ""The"" Company",X-002,2026-09-10,2026-10-10,300.00,EUR,,false,',
        'GLOBEX,Globex,X-003,2026-10-01,2026-10-31,0.99,EUR,2026-10-06,true,0.49',
        'GLOBEX,Globex,X-004,2026-10-03,2026-11-02,500.00,EUR,2026-10-20,false,125.25',
        '',
      ].join('\r\n'),
    );

    const otherFinance = await fresh.loginAs('finance');
    const imported = await fresh.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: otherFinance.cookie, 'content-type': 'text/csv' }, payload: response.body });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 4, rejected: [] });
    const again = await get(fresh, '/api/v1/exports/invoices.csv', otherFinance.cookie);
    expect(again.body).toBe(response.body);
    // The same open balance per invoice, and the disputed partial one still has its dispute open.
    const openBalances = (app: TestApp) => app.app.db.selectFrom('invoices').select(['number', 'open_amount']).orderBy('number').execute();
    const balances = (await openBalances(fresh)).map((row) => [row.number, BigInt(row.open_amount)]);
    expect(balances).toEqual((await openBalances(t)).map((row) => [row.number, BigInt(row.open_amount)]));
    expect(balances).toEqual([['X-001', 0n], ['X-002', 30_000n], ['X-003', 50n], ['X-004', 37_475n]]);
    const openDisputes = await fresh.app.db.selectFrom('disputes as d').innerJoin('invoices as i', 'i.id', 'd.invoice_id').select('i.number').where('d.status', '=', 'open').execute();
    expect(openDisputes.map((row) => row.number)).toEqual(['X-003']);
  });

  it('refuses a paid_amount above the amount or without a paid_date, naming the row and column', async () => {
    const otherFinance = await fresh.loginAs('finance');
    const csv = ['customer_ref,invoice_number,issue_date,due_date,amount,currency,paid_date,paid_amount', 'ACME,P-1,2026-10-01,2026-10-31,10.00,EUR,2026-10-02,10.01', 'ACME,P-2,2026-10-01,2026-10-31,10.00,EUR,,4.00', ''].join('\r\n');
    const imported = await fresh.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: otherFinance.cookie, 'content-type': 'text/csv' }, payload: csv });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().imported).toBe(0);
    expect(imported.json().rejected).toEqual([
      expect.objectContaining({ row: 2, column: 'paid_amount' }),
      expect.objectContaining({ row: 3, column: 'paid_amount' }),
    ]);
  });

  it('exports a balanced journal and a statement whose running balance ends at what the customer owes', async () => {
    const journal = parseCsv((await get(t, '/api/v1/exports/journal.csv', finance.cookie)).body);
    const header = journal[0]!;
    const debit = header.indexOf('debit');
    const credit = header.indexOf('credit');
    const cents = (s: string | undefined) => (s ? Math.round(Number(s) * 100) : 0);
    const totals = journal.slice(1).reduce((acc, row) => ({ debit: acc.debit + cents(row[debit]), credit: acc.credit + cents(row[credit]) }), { debit: 0, credit: 0 });
    expect(totals.debit).toBe(totals.credit);
    expect(totals.debit).toBeGreaterThan(0);

    const ranged = parseCsv((await get(t, '/api/v1/exports/journal.csv?from=2026-10-05&to=2026-10-05', finance.cookie)).body);
    expect(ranged.slice(1).every((row) => row[2] === '2026-10-05')).toBe(true);
    expect(ranged.length).toBeGreaterThan(1);

    const statement = (await get(t, '/api/v1/exports/statement.csv?customer=ACME', finance.cookie)).body;
    expect(statement).toBe(
      ['date,type,reference,invoice_numbers,currency,debit,credit,balance', '2026-09-01,invoice,,X-001,EUR,1200.50,,1200.50', '2026-09-10,invoice,,X-002,EUR,300.00,,1500.50', '2026-10-05,payment,wire 1,X-001,EUR,,1500.50,0.00', ''].join('\r\n'),
    );
    const fromOctober = parseCsv((await get(t, '/api/v1/exports/statement.csv?customer=ACME&from=2026-10-01', finance.cookie)).body);
    expect(fromOctober[1]).toEqual(['2026-10-01', 'opening_balance', '', '', 'EUR', '', '', '1500.50']);

    const customers = (await get(t, '/api/v1/exports/customers.csv', finance.cookie)).body.split('\r\n');
    expect(customers[0]).toBe('customer_ref,customer_name,currency,payment_terms_days,credit_limit,segment,open_balance,unapplied_cash');
    expect(customers[1]).toBe('ACME,"Acme, ""The"" Company",EUR,30,5000.00,standard,300.00,300.00');
  });

  it('answers unknown customers, bad dates and the sales role with 4xx', async () => {
    expect((await get(t, '/api/v1/exports/statement.csv?customer=NOPE', finance.cookie)).json()).toMatchObject({ code: 'not_found', field: 'customer' });
    const badDate = await get(t, '/api/v1/exports/journal.csv?from=2026-13-01', finance.cookie);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().field).toBe('from');
    const sales = await t.loginAs('sales');
    expect((await get(t, '/api/v1/exports/invoices.csv', sales.cookie)).statusCode).toBe(403);
  });
});
