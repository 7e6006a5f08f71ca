import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInvoiceImportJob } from '../../../server/imports/import-runner.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { databaseKinds } from '../../support/test-database.ts';
import { addCustomers, HEADER, invoiceRows } from './import-fixtures.ts';

describe.each(databaseKinds())('CSV invoice import on %s', (kind) => {
  let t: TestApp;
  let finance: string;

  const post = (csv: string, cookie = finance, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie, 'content-type': 'text/csv', ...headers }, payload: csv });

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date('2026-06-30T12:00:00Z') });
    finance = (await t.loginAs('finance')).cookie;
    await addCustomers(t.app, finance, ['C-1', 'C-2']);
  });
  afterAll(() => t.close());

  // Columns in a non-canonical order, a BOM, CRLF line ends, quoted fields (a comma and a line
  // break inside), a blank line, and bad rows between good ones.
  const mixed = [
    '\uFEFFinvoice_number,customer_ref,amount,issue_date,due_date,paid_date,disputed,currency,customer_name',
    'A-1,C-1,"1,250.50",2026-01-10,2026-02-09,,,USD,"Acme, Inc."',
    'A-2,C-1,99.99,2026-01-11,2026-02-10,2026-02-01,no,,',
    '',
    'A-3,C-2,20,2026-01-12,2026-02-11,,yes,USD,"Multi',
    'line name"',
    'A-4,C-2,15.00,2026-01-12,2026-02-11,2026-03-01,true,USD,',
    'A-5,C-1,ten,2026-01-13,2026-02-12,,,USD,',
    'A-6,C-9,5.00,2026-01-13,2026-02-12,,,USD,',
    'A-7,C-1,7.00,2026-01-13,2026-01-01,,maybe,EUR,',
    'A-8,C-1,8.00,2026-01-13,2026-02-12,2026-07-04,,USD,',
  ].join('\r\n');

  it('imports the good rows through the ledger and reports each bad one with row and column', async () => {
    const response = await post(mixed);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ rowsRead: 8, imported: 5, skipped: 0, customersCreated: 1, rejectedCount: 3 });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    // Row numbers are the spreadsheet's: the blank line is row 4, the two-line quoted record is row 5 alone.
    expect(body.rejected.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [7, 'amount'],
      [9, 'disputed'],
      [9, 'due_date'],
      [10, 'paid_date'],
    ]);
    expect(body.rejected[3].message).toBe('paid_date 2026-07-04 is in the future.');

    const a1 = await t.app.ledger.findInvoice('A-1');
    expect(a1).toMatchObject({ customerRef: 'C-1', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 125050, openAmount: 125050, currency: 'USD', status: 'open', openDisputeId: null });
    expect(await t.app.ledger.findInvoice('A-2')).toMatchObject({ amount: 9999, openAmount: 0, status: 'paid' });
    const a3 = await t.app.ledger.findInvoice('A-3');
    expect(a3).toMatchObject({ amount: 2000, openAmount: 2000, status: 'disputed' });
    expect(a3?.openDisputeId).toEqual(expect.any(String));
    // Disputed and paid: the dispute was resolved (upheld) and the payment taken in full.
    expect(await t.app.ledger.findInvoice('A-4')).toMatchObject({ amount: 1500, openAmount: 0, status: 'paid', openDisputeId: null });
    // A-6 names a customer nobody created: the import created C-9 for it.
    expect(await t.app.ledger.findInvoice('A-6')).toMatchObject({ customerRef: 'C-9', amount: 500, status: 'open' });
    for (const number of ['A-5', 'A-7', 'A-8']) expect(await t.app.ledger.findInvoice(number)).toBeUndefined();
    // And through the public API, as any client sees them.
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/invoices?customer=C-2', headers: { cookie: finance } });
    expect(listed.json().map((invoice: { number: string }) => invoice.number).sort()).toEqual(['A-3', 'A-4']);
  });

  it('is idempotent: the same file again imports nothing and skips every good row', async () => {
    const response = await post(mixed);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ rowsRead: 8, imported: 0, skipped: 5, customersCreated: 0, rejectedCount: 3 });
    // Still one payment's worth: A-2 is paid once, not overpaid.
    expect(await t.app.ledger.findInvoice('A-2')).toMatchObject({ openAmount: 0, status: 'paid' });
    const invoices = await t.app.ledger.listCustomerInvoices((await t.app.ledger.findInvoice('A-1'))!.customerId);
    expect(invoices.filter((invoice) => invoice.number.startsWith('A-')).map((invoice) => invoice.number).sort()).toEqual(['A-1', 'A-2']);
  });

  it('creates unknown customers (name from customer_name, else the ref; audited) and leaves existing ones alone', async () => {
    const csv = [
      HEADER,
      'N-1,"New One, Ltd",E-1,2026-03-01,2026-03-31,10.00,EUR,,',
      'N-1,,E-2,2026-03-02,2026-04-01,20.00,EUR,,',
      'N-2,,E-3,2026-03-02,2026-04-01,30.00,USD,,',
      'C-1,Renamed by a file,E-4,2026-03-02,2026-04-01,40.00,USD,,',
    ].join('\n');
    const response = await post(csv);
    expect(response.json()).toMatchObject({ rowsRead: 4, imported: 4, customersCreated: 2, rejectedCount: 0 });
    const customers: { ref: string; name: string; currency: string; paymentTermsDays: number; salesOwnerId: string | null; creditLimit: number; id: string }[] = (await t.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { cookie: finance } })).json();
    const byRef = new Map(customers.map((customer) => [customer.ref, customer]));
    expect(byRef.get('N-1')).toMatchObject({ name: 'New One, Ltd', currency: 'EUR', paymentTermsDays: 30, salesOwnerId: null, creditLimit: 0, openBalance: 3000 });
    expect(byRef.get('N-2')).toMatchObject({ name: 'N-2', currency: 'USD', openBalance: 3000 });
    expect(byRef.get('C-1')?.name).not.toBe('Renamed by a file');
    // Audited like POST /customers, as the importing user.
    const audit = await t.app.db.selectFrom('audit_log').select(['actor', 'command']).where('customer_id', '=', byRef.get('N-1')!.id).where('command', '=', 'createCustomer').execute();
    expect(audit).toEqual([{ actor: expect.stringContaining('finance'), command: 'createCustomer' }]);
    // Again: nothing new, no second customer.
    expect((await post(csv)).json()).toMatchObject({ imported: 0, skipped: 4, customersCreated: 0 });
    expect(await t.app.db.selectFrom('customers').select('id').where('ref', '=', 'N-1').execute()).toHaveLength(1);
  });

  it('refuses a file over the limit while streaming (no Content-Length), keeping the batches before it', async () => {
    const source = new PassThrough();
    const outcome = runInvoiceImportJob(
      { db: t.app.db, ledger: t.app.ledger, now: t.app.config.now },
      { source, sourceName: 'http', ctx: { actor: { kind: 'system', name: 'test' }, requestId: 'limit-test' }, totalBytes: null, maxBytes: 4_000, batchRows: 20 },
    );
    // 40 rows (well under the limit) first; once two batches are in, the rest, which passes it.
    const rows = invoiceRows('L', 300).split('\n');
    source.write(`${HEADER}\n${rows.slice(0, 40).join('\n')}\n`);
    for (let attempt = 0; attempt < 600 && !(await t.app.ledger.findInvoice('L-20')); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    source.end(rows.slice(40).join('\n'));
    const result = await outcome;
    expect(result).toMatchObject({ kind: 'too-large', limit: 4_000 });
    if (result.kind !== 'too-large') return;
    expect(result.counts.imported).toBeGreaterThan(0);
    expect(result.counts.imported % 20).toBe(0);
    expect(await t.app.ledger.findInvoice('L-1')).toBeDefined();
    expect(await t.app.ledger.findInvoice('L-300')).toBeUndefined();
    const job = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${result.id}`, headers: { cookie: finance } })).json();
    expect(job).toMatchObject({ status: 'failed', imported: result.counts.imported });
    expect(job.error).toContain('limit');
  });

  it('rejects a row whose invoice number exists with other content, naming the column and both values', async () => {
    const response = await post(`${HEADER}\nC-1,,A-1,2026-01-10,2026-02-09,1250.00,USD,,\nC-1,,B-1,2026-01-10,2026-02-09,3.00,USD,,\n`);
    expect(response.json()).toMatchObject({
      imported: 1,
      skipped: 0,
      rejected: [{ row: 2, column: 'amount', message: 'Invoice A-1 already exists with amount 1250.50; this row has 1250.00. Use a new invoice number or correct the row.' }],
    });
    expect(await t.app.ledger.findInvoice('A-1')).toMatchObject({ amount: 125050 });
  });

  it('handles one invoice twice in a file: a repeat is skipped, a clash rejected', async () => {
    const csv = `${HEADER}\nC-1,,D-1,2026-02-01,2026-03-01,10.00,USD,,\nC-1,,D-1,2026-02-01,2026-03-01,10.00,USD,,\nC-1,,D-1,2026-02-01,2026-03-01,11.00,USD,,\n`;
    expect((await post(csv)).json()).toMatchObject({ imported: 1, skipped: 1, rejectedCount: 1, rejected: [{ row: 4, column: 'amount' }] });
  });

  it('reports progress by id while a file is still streaming in', async () => {
    // The runner the route uses, with small batches so the test stays quick; the upload pauses mid-file.
    const source = new PassThrough();
    const id = crypto.randomUUID();
    const running = runInvoiceImportJob(
      { db: t.app.db, ledger: t.app.ledger, now: t.app.config.now },
      { id, source, sourceName: 'http', ctx: { actor: { kind: 'system', name: 'test' }, requestId: 'progress-test' }, totalBytes: null, maxBytes: 1 << 20, batchRows: 100 },
    );
    source.write(`${HEADER}\n${invoiceRows('P', 250)}`);
    const progress = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { cookie: finance } })).json();
    let mid = await progress();
    for (let attempt = 0; attempt < 600 && !(mid.rowsRead >= 200); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      mid = await progress();
    }
    expect(mid).toMatchObject({ id, status: 'running', rowsRead: 200, imported: 200, source: 'http', finishedAt: null });
    expect(mid.bytesRead).toBeGreaterThan(0);
    // Another import over HTTP is not held up by this stalled one.
    expect((await post(`${HEADER}\nC-2,,S-1,2026-02-01,2026-03-01,1.00,USD,,\n`)).json()).toMatchObject({ imported: 1 });
    source.end(invoiceRows('Q', 40));
    expect(await running).toMatchObject({ kind: 'done', id, counts: { imported: 290, rejectedCount: 0 } });
    expect(await t.app.ledger.findInvoice('Q-40')).toMatchObject({ amount: 4025 });
    const finished = await progress();
    expect(finished).toMatchObject({ status: 'done', rowsRead: 290, imported: 290, skipped: 0, error: null });
    expect(finished.finishedAt).toEqual(expect.any(String));
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/imports?limit=5', headers: { cookie: finance } })).json();
    expect(list.map((job: { id: string }) => job.id)).toContain(id);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/imports/${crypto.randomUUID()}`, headers: { cookie: finance } })).statusCode).toBe(404);
  });

  it('takes the job id from the Import-Id header, once', async () => {
    const id = crypto.randomUUID();
    const csv = `${HEADER}\nC-2,,H-1,2026-02-01,2026-03-01,1.00,USD,,\n`;
    expect((await post(csv, finance, { 'import-id': id })).json()).toMatchObject({ id, imported: 1 });
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: { cookie: finance } })).json()).toMatchObject({ id, status: 'done', imported: 1 });
    expect((await post(csv, finance, { 'import-id': id })).statusCode).toBe(409);
  });

  it('lets only finance and admin import', async () => {
    const sales = (await t.loginAs('sales')).cookie;
    const admin = (await t.loginAs('admin')).cookie;
    const csv = `${HEADER}\nC-2,,R-1,2026-02-01,2026-03-01,1.00,USD,,\n`;
    const denied = await post(csv, sales);
    expect(denied.statusCode).toBe(403);
    expect(await t.app.ledger.findInvoice('R-1')).toBeUndefined();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(401);
    expect((await post(csv, admin)).json()).toMatchObject({ imported: 1 });
  });

  it('refuses what is not a usable CSV with 4xx and a message, storing nothing', async () => {
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: finance, 'content-type': 'application/json' }, payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
    expect(json.json().message).toContain('text/csv');
    const multipart = await t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: finance, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' });
    expect(multipart.statusCode).toBe(415);
    const noBody = await t.app.inject({ method: 'POST', url: '/api/v1/imports/invoices', headers: { cookie: finance } });
    expect(noBody.statusCode).toBe(415);

    const badHeader = await post('invoice,amount\nX-1,5\n');
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json()).toMatchObject({ field: 'customer_ref' });
    expect(badHeader.json().message).toContain('invoice_number');
    const empty = await post('');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('empty');
    const unclosed = await post(`${HEADER}\nC-1,,U-1,2026-01-01,2026-02-01,1.00,USD,,\n"C-1,,U-2,2026-01-01,2026-02-01,1.00,USD,,\n${'x'.repeat(70_000)}`);
    expect(unclosed.statusCode).toBe(400);
    expect(unclosed.json()).toMatchObject({ field: 'csv' });
    expect(unclosed.json().message).toContain('row 3');
    expect(unclosed.json().message).toContain('1 imported');
    expect(await t.app.ledger.findInvoice('U-1')).toMatchObject({ amount: 100 });
    expect(await t.app.ledger.findInvoice('U-2')).toBeUndefined();
    expect(await t.app.ledger.findInvoice('X-1')).toBeUndefined();
  });

  it('answers 413 to a declared body over the limit, before reading it', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => {});
    const { port } = t.app.server.address() as AddressInfo;
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({ port, method: 'POST', path: '/api/v1/imports/invoices', headers: { cookie: finance, 'content-type': 'text/csv', 'content-length': String(600 * 1024 * 1024) } });
      request.on('response', (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      request.on('error', reject);
      request.write(`${HEADER}\n`);
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).message).toContain('limit');
  });
});
