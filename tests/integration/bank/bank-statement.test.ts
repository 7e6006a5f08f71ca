import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { camtV2, camtV8Batch } from './camt-fixtures.ts';

const system = { actor: { kind: 'system' as const, name: 'bank-test' }, requestId: 'test' };

describe.each(databaseKinds())('CAMT.053 cash application on %s', (kind) => {
  let t: TestApp;
  let finance: { cookie: string };

  beforeAll(async () => {
    t = await startTestApp(kind);
    finance = await t.loginAs('finance');
    for (const [ref, name] of [['ACME', 'Acme Trading Ltd'], ['GLOBEX', 'Globex Corporation'], ['INITECH', 'Initech AG'], ['UMBRELLA', 'Umbrella plc']] as const) {
      await t.app.db.insertInto('customers').values({ ref, name, currency: 'EUR', credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' }).execute();
    }
    const invoices: [string, string, string, number][] = [
      ['ACME', 'INV-1001', '2026-09-01', 100_000],
      ['ACME', 'INV-1002', '2026-09-15', 50_000],
      ['ACME', 'INV-1003', '2026-10-01', 25_000],
      ['GLOBEX', 'INV-2001', '2026-10-01', 77_777],
      ['GLOBEX', 'INV-2002', '2026-10-05', 30_000],
      ['INITECH', 'INV-3001', '2026-10-01', 123_456],
      ['INITECH', 'INV-3002', '2026-10-10', 40_000],
      ['UMBRELLA', 'INV-4001', '2026-10-10', 10_000],
      ['UMBRELLA', 'INV-4002', '2026-10-11', 20_000],
    ];
    for (const [customerRef, number, issueDate, unitPrice] of invoices) {
      const result = await t.app.ledger.issueInvoice(system, { customerRef, number, issueDate, currency: 'EUR', lines: [{ description: 'Goods', quantity: 1, unitPrice }] });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
  });
  afterAll(() => t.close());

  const importXml = (xml: string, headers: Record<string, string> = { cookie: finance.cookie }) =>
    t.app.inject({ method: 'POST', url: '/api/v1/imports/bank-statement', headers: { ...headers, 'content-type': 'application/xml' }, payload: xml });
  const openAmount = async (number: string) => (await t.app.ledger.findInvoice(number))!.openAmount;
  const counts = async () => ({
    payments: Number((await t.app.db.selectFrom('payments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    entries: Number((await t.app.db.selectFrom('bank_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  });

  const statement = camtV2('MSG-2026-11-20', [
    { ref: 'E1', amount: '1000.00', invoiceNumbers: ['INV-1001'], debtorName: 'ACME TRADING' },
    { ref: 'E2', amount: '600.00', text: 'Payment for invoices INV-1002 and inv-1003, thanks', debtorName: 'Acme Trading Ltd' },
    { ref: 'E3', amount: '777.77', debtorName: 'Globex Corporation', debtorIban: 'GB29NWBK60161331926819' },
    { ref: 'E4', amount: '1234.56', debtorName: 'Mystery Payer GmbH', debtorIban: 'CH93 0076 2011 6238 5295 7' },
    { ref: 'E5', amount: '99.00', direction: 'DBIT', text: 'Bank fees' },
    { ref: 'E6', amount: '150.00', debtorName: 'Umbrella plc', text: 'November' },
  ]);

  it('posts structured-reference, free-text multi-invoice and exact-amount payments; queues the rest', async () => {
    const response = await importXml(statement);
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json();
    expect(summary).toMatchObject({ posted: 3, review: 2, duplicates: 0 });
    expect(summary.skipped).toEqual([{ label: 'entry 5 (E5)', reason: 'debit (money out)' }]);
    const byRef = Object.fromEntries(summary.lines.map((l: { entryRef: string }) => [l.entryRef, l]));

    // Structured reference: the whole invoice.
    expect(byRef.E1).toMatchObject({ status: 'posted', customerRef: 'ACME', allocations: [{ invoiceNumber: 'INV-1001', amount: 100_000 }] });
    // Free text naming two invoices (one in lower case), paying one and a part of the other, oldest due first.
    expect(byRef.E2).toMatchObject({ status: 'posted', customerRef: 'ACME', allocations: [{ invoiceNumber: 'INV-1002', amount: 50_000 }, { invoiceNumber: 'INV-1003', amount: 10_000 }] });
    // No reference: payer known by exact customer name, amount equals exactly one open invoice.
    expect(byRef.E3).toMatchObject({ status: 'posted', customerRef: 'GLOBEX', allocations: [{ invoiceNumber: 'INV-2001', amount: 77_777 }] });
    // Unknown payer: the unique same-amount invoice is only a suggestion.
    expect(byRef.E4).toMatchObject({ status: 'review' });
    // Known payer, amount matching no invoice: review.
    expect(byRef.E6).toMatchObject({ status: 'review' });

    expect(await openAmount('INV-1001')).toBe(0);
    expect(await openAmount('INV-1002')).toBe(0);
    expect(await openAmount('INV-1003')).toBe(15_000);
    expect(await openAmount('INV-2001')).toBe(0);
    expect(await openAmount('INV-3001')).toBe(123_456);

    const review = (await t.app.inject({ url: '/api/v1/bank/review', headers: { cookie: finance.cookie } })).json();
    const e4 = review.find((e: { entryRef: string }) => e.entryRef === 'E4');
    expect(e4.suggestions).toEqual([{ customerRef: 'INITECH', invoiceNumber: 'INV-3001', dueDate: expect.any(String), openAmount: 123_456, currency: 'EUR' }]);
    expect(e4.debtorIban).toBe('CH9300762011623852957');
    const e6 = review.find((e: { entryRef: string }) => e.entryRef === 'E6');
    expect(e6.reason).toMatch(/UMBRELLA/);
  });

  it('posts nothing twice when the same statement comes again', async () => {
    const before = await counts();
    const response = await importXml(statement);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ posted: 0, review: 0, duplicates: 5 });
    expect(await counts()).toEqual(before);
    expect(await openAmount('INV-1003')).toBe(15_000);
  });

  it('confirms a reviewed line, splits another, and remembers the payer for next time', async () => {
    const review = (await t.app.inject({ url: '/api/v1/bank/review', headers: { cookie: finance.cookie } })).json();
    const e4 = review.find((e: { entryRef: string }) => e.entryRef === 'E4');
    const e6 = review.find((e: { entryRef: string }) => e.entryRef === 'E6');

    const tooMuch = await t.app.inject({ method: 'POST', url: `/api/v1/bank/review/${e6.id}/confirm`, headers: { cookie: finance.cookie }, payload: { customerRef: 'UMBRELLA', allocations: [{ invoiceNumber: 'INV-4001', amount: 10_000 }, { invoiceNumber: 'INV-4002', amount: 20_000 }] } });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().field).toBe('allocations');

    const split = await t.app.inject({ method: 'POST', url: `/api/v1/bank/review/${e6.id}/confirm`, headers: { cookie: finance.cookie }, payload: { customerRef: 'UMBRELLA', allocations: [{ invoiceNumber: 'INV-4001', amount: 10_000 }, { invoiceNumber: 'INV-4002', amount: 5_000 }] } });
    expect(split.statusCode, split.body).toBe(200);
    expect(split.json().entry).toMatchObject({ status: 'confirmed' });
    expect(await openAmount('INV-4001')).toBe(0);
    expect(await openAmount('INV-4002')).toBe(15_000);

    const confirmed = await t.app.inject({ method: 'POST', url: `/api/v1/bank/review/${e4.id}/confirm`, headers: { cookie: finance.cookie }, payload: { customerRef: 'INITECH', allocations: [{ invoiceNumber: 'INV-3001', amount: 123_456 }] } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().payment).toMatchObject({ amount: 123_456, unapplied: 0 });
    expect(await openAmount('INV-3001')).toBe(0);

    const again = await t.app.inject({ method: 'POST', url: `/api/v1/bank/review/${e4.id}/confirm`, headers: { cookie: finance.cookie }, payload: { customerRef: 'INITECH' } });
    expect(again.statusCode).toBe(409);

    // The same IBAN pays INV-3002's exact amount without any reference: matched by the remembered IBAN.
    const next = await importXml(camtV2('MSG-2026-11-21', [{ ref: 'F1', amount: '400.00', debtorName: 'MP GmbH', debtorIban: 'CH9300762011623852957', date: '2026-11-21' }]));
    expect(next.json().lines[0]).toMatchObject({ status: 'posted', customerRef: 'INITECH', allocations: [{ invoiceNumber: 'INV-3002', amount: 40_000 }] });
    expect(next.json().lines[0].reason).toMatch(/IBAN/);
  });

  it('reads a .001.08 batch entry: one payment per transaction, overpayment kept unapplied', async () => {
    const response = await importXml(
      camtV8Batch('MSG-V8-1', 'BATCH-1', [
        { txRef: 'TX-A', amount: '350.00', debtorName: 'Globex Corporation', text: 'INV-2002' },
        { txRef: 'TX-B', amount: '150.00', debtorName: 'Acme Trading Ltd', text: 'Rest of INV-1003' },
      ]),
    );
    expect(response.statusCode, response.body).toBe(200);
    const [a, b] = response.json().lines;
    expect(a).toMatchObject({ entryRef: 'TX-A', currency: 'EUR', status: 'posted', customerRef: 'GLOBEX', allocations: [{ invoiceNumber: 'INV-2002', amount: 30_000 }] });
    expect(b).toMatchObject({ entryRef: 'TX-B', status: 'posted', customerRef: 'ACME', allocations: [{ invoiceNumber: 'INV-1003', amount: 15_000 }] });
    const payment = await t.app.db.selectFrom('payments').select(['amount', 'unapplied', 'payment_date']).where('id', '=', a.paymentId).executeTakeFirstOrThrow();
    expect(payment).toEqual({ amount: 35_000n, unapplied: 5_000n, payment_date: '2026-11-21' });
  });

  it('refuses a file that is not XML, not CAMT.053, or in the wrong currency, naming the entry and posting nothing', async () => {
    const before = await counts();
    const notXml = await importXml('customer_ref,amount\nACME,10');
    expect(notXml.statusCode).toBe(400);
    expect(notXml.json()).toMatchObject({ code: 'validation', field: 'body' });

    const broken = await importXml('<Document><BkToCstmrStmt></Document>');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toMatch(/not well-formed/);

    const camt052 = await importXml(camtV2('MSG-052', [{ ref: 'X1', amount: '10.00', invoiceNumbers: ['INV-1003'] }], { namespace: 'urn:iso:std:iso:20022:tech:xsd:camt.052.001.02' }));
    expect(camt052.statusCode).toBe(400);
    expect(camt052.json().message).toMatch(/Not a CAMT\.053/);

    const wrongCurrency = await importXml(
      camtV2('MSG-CCY', [
        { ref: 'W1', amount: '10.00', invoiceNumbers: ['INV-1003'] },
        { ref: 'W2', amount: '20.00', currency: 'USD', invoiceNumbers: ['INV-1003'] },
      ]),
    );
    expect(wrongCurrency.statusCode).toBe(400);
    expect(wrongCurrency.json()).toMatchObject({ field: 'Stmt[1].Ntry[2].Amt' });
    expect(wrongCurrency.json().message).toMatch(/Entry 2 \(W2\) is in USD, but the account is in EUR/);

    const badAmount = await importXml(camtV2('MSG-AMT', [{ ref: 'A1', amount: '10.001', invoiceNumbers: ['INV-1003'] }]));
    expect(badAmount.statusCode).toBe(400);
    expect(badAmount.json().message).toMatch(/Entry 1 \(A1\)/);

    const json = await t.app.inject({ method: 'POST', url: '/api/v1/imports/bank-statement', headers: { cookie: finance.cookie }, payload: { xml: 'no' } });
    expect(json.statusCode).toBe(400);

    expect(await counts()).toEqual(before);
  });

  it('enforces API key scopes: a read key cannot import (403), a write-ledger key can, a revoked one gets 401', async () => {
    const admin = await t.loginAs('admin');
    const key = async (scopes: string[]) => (await t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: { cookie: admin.cookie }, payload: { name: `bank ${scopes}`, scopes } })).json();
    const reader = await key(['read']);
    const writer = await key(['write-ledger']);
    const xml = camtV2('MSG-KEY', [{ ref: 'K1', amount: '5.00', text: 'INV-4002 part' }]);

    const denied = await importXml(xml, { authorization: `Bearer ${reader.key}` });
    expect(denied.statusCode).toBe(403);
    const payment = { customerRef: 'GLOBEX', date: '2026-11-22', amount: 100, currency: 'EUR' };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/payments', headers: { authorization: `Bearer ${reader.key}` }, payload: payment })).statusCode).toBe(403);
    // Reads: the CSV exports take read keys (GET /invoices is staff-only for now, see server/routes/invoices.ts).
    const read = await t.app.inject({ url: '/api/v1/exports/invoices.csv', headers: { authorization: `Bearer ${reader.key}` } });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.body).toContain('ACME,Acme Trading Ltd,INV-1001,');
    const posted = await t.app.inject({ method: 'POST', url: '/api/v1/payments', headers: { authorization: `Bearer ${writer.key}`, 'idempotency-key': 'erp-42' }, payload: payment });
    expect(posted.statusCode, posted.body).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/bank/review', headers: { authorization: `Bearer ${reader.key}` } })).statusCode).toBe(403);

    const allowed = await importXml(xml, { authorization: `Bearer ${writer.key}` });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json().posted).toBe(1);
    const audit = await t.app.db.selectFrom('journal_transactions').select('actor').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`api-key:bank write-ledger:${writer.id}`);

    await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${writer.id}`, headers: { cookie: admin.cookie } });
    expect((await importXml(camtV2('MSG-KEY-2', [{ ref: 'K2', amount: '5.00', text: 'INV-4002' }]), { authorization: `Bearer ${writer.key}` })).statusCode).toBe(401);
  });

  it('imports a bank CSV export through a column mapping, with the same matching and re-import safety', async () => {
    const csv = ['Buchungstag;Betrag;Verwendungszweck;Auftraggeber;IBAN', '21.11.2026;145,00;RE INV-4002;Umbrella plc;DE02 1203 0000 0000 2020 51', '21.11.2026;-12,50;Kontogebühr;;', '22.11.2026;1.000,00;Vorschuss;Unknown Person;'].join('\n');
    const query = new URLSearchParams({ account: 'DE89370400440532013000', currency: 'EUR', date: 'Buchungstag', amount: 'Betrag', reference: 'Verwendungszweck', name: 'Auftraggeber', iban: 'IBAN', dateFormat: 'DD.MM.YYYY', decimalComma: 'true', delimiter: ';' });
    const post = (body: string) => t.app.inject({ method: 'POST', url: `/api/v1/imports/bank-csv?${query}`, headers: { cookie: finance.cookie, 'content-type': 'text/csv' }, payload: body });

    const first = await post(csv);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ posted: 1, review: 1, duplicates: 0, skipped: [{ label: 'row 3', reason: 'debit (money out)' }] });
    expect(first.json().lines[0]).toMatchObject({ customerRef: 'UMBRELLA', allocations: [{ invoiceNumber: 'INV-4002', amount: 14_500 }] });
    expect(await openAmount('INV-4002')).toBe(0);

    const before = await counts();
    expect((await post(csv)).json()).toMatchObject({ posted: 0, review: 0, duplicates: 2 });
    expect(await counts()).toEqual(before);

    const badDate = await post(['Buchungstag;Betrag;Verwendungszweck;Auftraggeber;IBAN', '31.02.2026;5,00;x;y;'].join('\n'));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ field: 'row 2: Buchungstag' });
    const missingColumn = await t.app.inject({ method: 'POST', url: `/api/v1/imports/bank-csv?${new URLSearchParams({ account: 'X', currency: 'EUR', date: 'Datum', amount: 'Betrag' })}`, headers: { cookie: finance.cookie, 'content-type': 'text/csv' }, payload: 'Buchungstag,Betrag\n' });
    expect(missingColumn.json()).toMatchObject({ statusCode: 400, field: 'date' });
    expect(await counts()).toEqual(before);
  });

  it('puts a line an interrupted import left half-done into review instead of skipping it forever', async () => {
    const statement = await t.app.db.selectFrom('bank_statements').select('id').limit(1).executeTakeFirstOrThrow();
    await t.app.db
      .insertInto('bank_entries')
      .values({ statement_id: statement.id, account_iban: 'DE89370400440532013000', entry_ref: 'CRASH-1', booking_date: '2026-11-23', amount: 700n, currency: 'EUR', remittance: '', status: 'pending', created_at: new Date(Date.now() - 10 * 60_000) })
      .execute();
    const response = await importXml(camtV2('MSG-CRASH', [{ ref: 'CRASH-1', amount: '7.00', text: 'whatever' }]));
    expect(response.json().lines[0]).toMatchObject({ entryRef: 'CRASH-1', status: 'review', reason: expect.stringMatching(/stopped before finishing/) });
    expect((await importXml(camtV2('MSG-CRASH', [{ ref: 'CRASH-1', amount: '7.00', text: 'whatever' }]))).json().lines[0].status).toBe('duplicate');
  });
});
