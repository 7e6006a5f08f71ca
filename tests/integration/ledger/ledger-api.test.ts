import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('ledger API on %s', (kind) => {
  let t: TestApp;
  let finance: string;
  let sales: { cookie: string; userId: string };
  let otherSales: string;
  let seq = 0;

  const post = (url: string, payload: object, cookie = finance, key?: string) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) } });
  const get = (url: string, cookie = finance) => t.app.inject({ url: `/api/v1${url}`, headers: { cookie } });
  const entryCount = async () => Number((await t.app.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const trial = async () => (await get('/ledger/trial-balance')).json();

  async function newCustomer(owner: string | null = null, currency = 'USD') {
    const ref = `T${++seq}`;
    const response = await post('/customers', { ref, name: `Test ${ref}`, currency, salesOwnerId: owner, creditLimit: 1_000_000, paymentTermsDays: 30, contacts: [{ name: 'AP', email: 'ap@example.com' }] });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; ref: string };
  }
  async function issue(customerRef: string, amount: number, issueDate = '2026-01-10', number = `INV-T${++seq}`) {
    const response = await post('/invoices', { customerRef, number, issueDate, lines: [{ description: 'Kit', quantity: 1, unitPrice: amount }] });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; number: string; dueDate: string; openAmount: number; status: string };
  }

  beforeAll(async () => {
    t = await startTestApp(kind, { now: () => new Date('2026-06-01T12:00:00Z') });
    finance = (await t.loginAs('finance')).cookie;
    sales = await t.loginAs('sales');
    otherSales = (await t.loginAs('sales')).cookie;
  });
  afterAll(() => t.close());

  it('issues, pays oldest-due-first with overpayment to unapplied cash, applies, unapplies, refunds — trial balance stays balanced', async () => {
    const customer = await newCustomer();
    const first = await issue(customer.ref, 10_000, '2026-01-10');
    expect(first).toMatchObject({ dueDate: '2026-02-09', openAmount: 10_000, status: 'open' });
    const second = await issue(customer.ref, 5_000, '2026-02-10');

    const payment = await post('/payments', { customerRef: customer.ref, date: '2026-03-01', amount: 18_000, currency: 'USD' });
    expect(payment.statusCode).toBe(201);
    expect(payment.json()).toMatchObject({ amount: 18_000, unapplied: 3_000, allocations: [{ invoiceNumber: first.number, amount: 10_000 }, { invoiceNumber: second.number, amount: 5_000 }] });
    const third = await issue(customer.ref, 4_000, '2026-03-05');
    const applied = await post(`/payments/${payment.json().id}/apply`, { date: '2026-03-06' });
    expect(applied.json()).toMatchObject({ unapplied: 0, allocations: [{ invoiceNumber: third.number, amount: 3_000 }] });
    expect((await get(`/invoices/${third.number}`)).json()).toMatchObject({ openAmount: 1_000, status: 'partially_paid' });

    const unapplied = await post(`/payments/${payment.json().id}/unapply`, { invoiceNumber: second.number, amount: 2_000, date: '2026-03-07' });
    expect(unapplied.statusCode).toBe(201);
    expect(unapplied.json().unapplied).toBe(2_000);
    const refund = await post(`/payments/${payment.json().id}/refunds`, { amount: 2_000, date: '2026-03-08' });
    expect(refund.statusCode).toBe(201);

    const list = await get(`/customers/${customer.id}`);
    expect(list.json()).toMatchObject({ openBalance: 3_000, unappliedCash: 0, openInvoices: 3_000 });
    expect(list.json().activity.map((a: { command: string }) => a.command)).toEqual(expect.arrayContaining(['receivePayment', 'applyCash', 'unapplyCash', 'refund', 'createCustomer']));
    expect(await trial()).toMatchObject({ balanced: true, problems: [] });
  });

  it('credit notes, write-offs and reversals; an invoice with payments cannot be reversed; a void invoice shows as void', async () => {
    const customer = await newCustomer();
    const invoice = await issue(customer.ref, 10_000);
    const credit = await post('/credit-notes', { invoiceNumber: invoice.number, amount: 1_500, reason: 'price correction', date: '2026-01-20' });
    expect(credit.json()).toMatchObject({ kind: 'credit_note', amount: 1_500, invoices: [{ openAmount: 8_500 }] });
    const writeOff = await post('/write-offs', { invoiceNumber: invoice.number, reason: 'uncollectable', date: '2026-05-01' });
    expect(writeOff.json()).toMatchObject({ amount: 8_500, invoices: [{ openAmount: 0, status: 'written_off' }] });
    const reversedWriteOff = await post('/ledger/reversals', { transactionId: writeOff.json().transactionId, date: '2026-05-02' });
    expect(reversedWriteOff.json().invoices[0]).toMatchObject({ openAmount: 8_500, status: 'partially_paid' });
    const again = await post('/ledger/reversals', { transactionId: writeOff.json().transactionId, date: '2026-05-02' });
    expect(again.statusCode).toBe(409);

    const issueTx = (await get(`/ledger/entries?invoice=${invoice.number}&account=ar`)).json().find((e: { kind: string }) => e.kind === 'invoice').transactionId;
    const blocked = await post('/ledger/reversals', { transactionId: issueTx });
    expect(blocked).toMatchObject({ statusCode: 409 });
    expect(blocked.json().message).toMatch(/reverse those first/);

    const clean = await issue(customer.ref, 700);
    const cleanTx = (await get(`/ledger/entries?invoice=${clean.number}`)).json()[0].transactionId;
    const voided = await post('/ledger/reversals', { transactionId: cleanTx, date: '2026-02-01' });
    expect(voided.json().invoices[0]).toMatchObject({ status: 'void', openAmount: 0 });
    expect((await get(`/invoices?customer=${customer.ref}&status=void`)).json().map((i: { number: string }) => i.number)).toEqual([clean.number]);
    expect(await trial()).toMatchObject({ balanced: true });
  });

  it('honours Idempotency-Key: same body → same response and one posting; other body → 422', async () => {
    const customer = await newCustomer();
    const invoice = await issue(customer.ref, 9_000);
    const body = { customerRef: customer.ref, date: '2026-02-01', amount: 1_000, currency: 'USD', allocations: [{ invoiceNumber: invoice.number, amount: 1_000 }] };
    const key = `pay-${kind}-${seq}`;
    const first = await post('/payments', body, finance, key);
    const entries = await entryCount();
    const second = await post('/payments', body, finance, key);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(await entryCount()).toBe(entries);
    const other = await post('/payments', { ...body, amount: 2_000, allocations: [{ invoiceNumber: invoice.number, amount: 2_000 }] }, finance, key);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_mismatch', field: 'Idempotency-Key' });
    expect(await entryCount()).toBe(entries);
    expect((await get(`/invoices/${invoice.number}`)).json().openAmount).toBe(8_000);
    // A replay that the ledger would now refuse (nothing left open) still gets the stored response.
    const settle = { ...body, amount: 8_000, allocations: [{ invoiceNumber: invoice.number, amount: 8_000 }] };
    const settled = await post('/payments', settle, finance, `${key}-settle`);
    expect(settled.statusCode).toBe(201);
    const replayed = await post('/payments', settle, finance, `${key}-settle`);
    expect(replayed.statusCode).toBe(201);
    expect(replayed.json()).toEqual(settled.json());
    expect((await get(`/invoices/${invoice.number}`)).json().openAmount).toBe(0);

    // A client cannot take a key the server uses itself for a bank line.
    const before = await entryCount();
    const internalLooking = await post('/payments', body, finance, 'bank-entry:DE89370400440532013000:REF-1');
    expect(internalLooking.statusCode).toBe(400);
    expect(internalLooking.json()).toMatchObject({ field: 'Idempotency-Key' });
    expect(await entryCount()).toBe(before);
  });

  it('refuses bad input with 4xx naming the field and posts nothing', async () => {
    const customer = await newCustomer();
    const stranger = await newCustomer();
    const invoice = await issue(customer.ref, 5_000);
    const foreign = await issue(stranger.ref, 5_000);
    const before = await entryCount();
    const pay = (patch: object) => post('/payments', { customerRef: customer.ref, date: '2026-02-01', amount: 1_000, currency: 'USD', ...patch });
    const cases: [object, number, string][] = [
      [{ amount: -5 }, 400, 'amount'],
      [{ amount: 10.5 }, 400, 'amount'],
      [{ amount: 0 }, 400, 'amount'],
      [{ currency: 'XYZ' }, 400, 'currency'],
      [{ currency: 'usd' }, 400, 'currency'],
      [{ date: '2026-02-31' }, 400, 'date'],
      [{ date: 'yesterday' }, 400, 'date'],
      [{ allocations: [{ invoiceNumber: invoice.number, amount: 5_001 }], amount: 6_000 }, 422, 'allocations.0.amount'],
      [{ allocations: [{ invoiceNumber: invoice.number, amount: 900 }, { invoiceNumber: foreign.number, amount: 100 }] }, 400, 'allocations.1.invoiceNumber'],
      [{ allocations: [{ invoiceNumber: invoice.number, amount: 2_000 }] }, 422, 'amount'],
    ];
    for (const [patch, status, field] of cases) {
      const response = await pay(patch);
      expect([response.statusCode, response.json().field], JSON.stringify(patch)).toEqual([status, field]);
    }
    expect((await post('/invoices', { customerRef: customer.ref, number: 'BAD-1', issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: -1 }] })).json().field).toBe('lines.0.unitPrice');
    expect((await post('/invoices', { customerRef: customer.ref, number: 'BAD-2', issueDate: '2026-01-01', currency: 'EUR', lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] })).json()).toMatchObject({ code: 'currency_mismatch', field: 'currency' });
    expect((await post('/invoices', { customerRef: customer.ref, number: invoice.number, issueDate: '2026-01-02', lines: [{ description: 'x', quantity: 1, unitPrice: 1 }] })).json()).toMatchObject({ code: 'conflict', field: 'number' });
    expect((await post('/credit-notes', { invoiceNumber: invoice.number, amount: 5_001, reason: 'x' })).json()).toMatchObject({ field: 'amount' });
    expect(await entryCount()).toBe(before);
  });

  it('disputes: sales opens on its own customer and comments; finance resolves with a credit once; events fire', async () => {
    const customer = await newCustomer(sales.userId);
    const invoice = await issue(customer.ref, 8_000);
    const resolved: unknown[] = [];
    t.app.events.on('dispute.resolved', (payload) => void resolved.push(payload));

    const opened = await post('/disputes', { invoiceNumber: invoice.number, reason: 'pricing', note: 'Quoted 10% less', openedOn: '2026-02-01' }, sales.cookie);
    expect(opened.statusCode).toBe(201);
    const dispute = opened.json();
    const reopened = await post('/disputes', { invoiceNumber: invoice.number, reason: 'quality', note: 'again', openedOn: '2026-02-02' }, sales.cookie);
    expect(reopened.json().id).toBe(dispute.id);
    expect((await post('/disputes', { invoiceNumber: invoice.number, reason: 'pricing', note: 'x' }, otherSales)).statusCode).toBe(403);
    expect((await post(`/disputes/${dispute.id}/comments`, { body: 'Customer sent the quote' }, sales.cookie)).statusCode).toBe(201);
    expect((await get(`/invoices/${invoice.number}`, sales.cookie)).json()).toMatchObject({ status: 'disputed', openDisputeId: dispute.id });
    expect((await get('/disputes?status=open')).json().map((d: { id: string }) => d.id)).toContain(dispute.id);

    expect((await post(`/disputes/${dispute.id}/resolve`, { outcome: 'credit', creditAmount: 800, note: 'agreed' }, sales.cookie)).statusCode).toBe(403);
    const before = await entryCount();
    const tooMuch = await post(`/disputes/${dispute.id}/resolve`, { outcome: 'credit', creditAmount: 8_001, note: 'x', resolvedOn: '2026-02-10' });
    expect(tooMuch.json()).toMatchObject({ field: 'creditAmount' });
    expect(await entryCount()).toBe(before);
    const resolve = await post(`/disputes/${dispute.id}/resolve`, { outcome: 'credit', creditAmount: 800, note: 'agreed', resolvedOn: '2026-02-10' });
    expect(resolve.statusCode).toBe(200);
    expect(resolve.json().resolution).toMatchObject({ outcome: 'credit', creditAmount: 800 });
    expect(resolved).toEqual([expect.objectContaining({ disputeId: dispute.id, outcome: 'credit', creditAmount: 800, invoiceNumber: invoice.number })]);
    const twice = await post(`/disputes/${dispute.id}/resolve`, { outcome: 'upheld', note: 'again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().field).toBe('outcome');
    const detail = (await get(`/disputes/${dispute.id}`)).json();
    expect(detail).toMatchObject({ status: 'resolved', invoice: { openAmount: 7_200, status: 'partially_paid' } });
    expect(detail.comments).toHaveLength(1);
  });

  it('scopes reads by role: sales sees its own customers only and posts nothing; promises record for own customers', async () => {
    const mine = await newCustomer(sales.userId);
    const theirs = await newCustomer(null);
    const invoice = await issue(mine.ref, 3_000);
    const other = await issue(theirs.ref, 3_000);
    const refs = (await get('/customers', sales.cookie)).json().map((c: { ref: string }) => c.ref);
    expect(refs).toContain(mine.ref);
    expect(refs).not.toContain(theirs.ref);
    expect((await get(`/invoices/${invoice.number}`, sales.cookie)).statusCode).toBe(200);
    expect((await get(`/invoices/${other.number}`, sales.cookie)).statusCode).toBe(403);
    expect((await get(`/customers/${theirs.id}`, sales.cookie)).statusCode).toBe(403);
    expect((await post('/payments', { customerRef: mine.ref, date: '2026-02-01', amount: 100, currency: 'USD' }, sales.cookie)).statusCode).toBe(403);
    expect((await get('/ledger/trial-balance', sales.cookie)).statusCode).toBe(403);
    const promise = await post('/promises', { customerRef: mine.ref, invoiceNumbers: [invoice.number], amount: 3_000, date: '2026-06-15' }, sales.cookie);
    expect(promise.statusCode).toBe(201);
    expect((await post('/promises', { customerRef: mine.ref, invoiceNumbers: [invoice.number], amount: 3_001, date: '2026-06-15' }, sales.cookie)).json().field).toBe('amount');
    expect((await post('/promises', { customerRef: mine.ref, invoiceNumbers: [invoice.number], amount: 10, date: '2026-05-01' }, sales.cookie)).json().field).toBe('date');
    expect((await post('/promises', { customerRef: theirs.ref, invoiceNumbers: [other.number], amount: 10, date: '2026-06-15' }, sales.cookie)).statusCode).toBe(403);
  });

  it('lists invoices by status, overdue and disputed, and exports aging as CSV', async () => {
    const customer = await newCustomer();
    const overdue = await issue(customer.ref, 2_000, '2026-01-01');
    await issue(customer.ref, 3_000, '2026-05-20');
    const overdueList = (await get(`/invoices?customer=${customer.ref}&overdue=true`)).json();
    expect(overdueList.map((i: { number: string }) => i.number)).toEqual([overdue.number]);
    expect((await get(`/invoices?customer=${customer.ref}&disputed=true`)).json()).toEqual([]);
    const csv = await get(`/exports/aging.csv?asOf=2026-06-01`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain(`${customer.ref},Test ${customer.ref},USD,30.00,0.00,0.00,0.00,20.00,50.00`);
    const docs = await t.app.inject({ url: '/docs/json' });
    expect(Object.keys(docs.json().paths)).toEqual(expect.arrayContaining(['/api/v1/payments', '/api/v1/disputes/{id}/resolve', '/api/v1/ledger/trial-balance', '/api/v1/metrics']));
  });
});
