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
        'customer_ref,customer_name,invoice_number,issue_date,due_date,amount,currency,paid_date,disputed',
        'ACME,"Acme, ""The"" Company",X-001,2026-09-01,2026-10-01,1200.50,EUR,2026-10-05,false',
        'ACME,"Acme, ""The"" Company",X-002,2026-09-10,2026-10-10,300.00,EUR,,false',
        'GLOBEX,Globex,X-003,2026-10-01,2026-10-31,0.99,EUR,,true',
        '',
      ].join('\r\n'),
    );

    const otherFinance = await fresh.loginAs('finance');
    const imported = await fresh.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: otherFinance.cookie, 'content-type': 'text/csv' }, payload: response.body });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ imported: 3, rejected: [] });
    const again = await get(fresh, '/api/v1/exports/invoices.csv', otherFinance.cookie);
    expect(again.body).toBe(response.body);
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
