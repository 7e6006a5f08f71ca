/**
 * Concurrent payments on one invoice never over-apply: the executor locks the invoice rows it
 * applies to (`select … for update`) on PostgreSQL, and PGlite serialises transactions. Real
 * sockets: the app listens and the requests race over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

describe.each(databaseKinds())('concurrent payments on %s', (kind) => {
  let t: TestApp;
  let base: string;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
    cookie = (await t.loginAs('finance')).cookie;
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, key?: string) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) });

  it('lets exactly as many explicit allocations through as the invoice has open', async () => {
    expect((await post('/customers', { ref: 'RACE', name: 'Race Co', currency: 'USD' })).status).toBe(201);
    expect((await post('/invoices', { customerRef: 'RACE', number: 'RACE-1', issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 10_000 }] })).status).toBe(201);
    const responses = await Promise.all(
      Array.from({ length: 24 }, () => post('/payments', { customerRef: 'RACE', date: '2026-02-01', amount: 600, currency: 'USD', allocations: [{ invoiceNumber: 'RACE-1', amount: 600 }] })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(16);
    expect(statuses.filter((status) => status === 422)).toHaveLength(8);
    const invoice = await (await fetch(`${base}/invoices/RACE-1`, { headers: { cookie } })).json();
    expect(invoice.openAmount).toBe(400);
    const trial = await (await fetch(`${base}/ledger/trial-balance`, { headers: { cookie } })).json();
    expect(trial).toMatchObject({ balanced: true, invoicesOutOfStep: 0 });
  });

  it('commits concurrent payments together, each with its own actor, request id, key and answer', async () => {
    const admin = (await t.loginAs('admin')).cookie;
    const invoices = Array.from({ length: 30 }, (_, index) => `GROUP-${index}`);
    for (const number of invoices) expect((await post('/invoices', { customerRef: 'RACE', number, issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 1_000 }] })).status).toBe(201);
    const pay = (number: string, amount: number, key: string, as = cookie) =>
      fetch(`${base}/payments`, { method: 'POST', headers: { cookie: as, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ customerRef: 'RACE', date: '2026-02-01', amount, currency: 'USD', allocations: [{ invoiceNumber: number, amount }] }) });
    const earlier = await (await pay('GROUP-0', 100, `group-earlier-${kind}`)).json();

    const burst = await Promise.all([
      ...invoices.map((number, index) => pay(number, 500, `group-${kind}-${index}`, index % 2 ? admin : cookie)),
      pay('GROUP-1', 5_000, `group-${kind}-too-much`), // more than is open: refused, the rest post
      pay('GROUP-0', 100, `group-earlier-${kind}`), // a replay: the stored answer
      pay('GROUP-0', 999, `group-earlier-${kind}`), // the same key, another body
    ]);
    const statuses = burst.map((response) => response.status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(201));
    expect(statuses.slice(30)).toEqual([422, 201, 422]);
    expect((await burst[31]!.json()).id).toBe(earlier.id);
    expect(await burst[32]!.json()).toMatchObject({ code: 'idempotency_mismatch', field: 'Idempotency-Key' });

    const audit = await t.app.db.selectFrom('audit_log').select(['actor', 'request_id', 'at', 'subject_id']).where('command', '=', 'receivePayment').where('request_id', 'in', burst.map((response) => response.headers.get('x-request-id')!)).execute();
    expect(audit).toHaveLength(30);
    expect(new Set(audit.map((row) => row.request_id)).size).toBe(30);
    expect(new Set(audit.map((row) => row.actor)).size).toBe(2);
    // One transaction's rows share its start time: fewer distinct times than payments = grouped.
    // PGlite runs a whole transaction without yielding to the socket reads (its WASM answers in
    // microtasks), so requests reach the ledger one after another there and go alone.
    if (kind === 'postgres') expect(new Set(audit.map((row) => row.at.toISOString())).size).toBeLessThan(30);
    for (const number of invoices.slice(1)) expect((await (await fetch(`${base}/invoices/${number}`, { headers: { cookie } })).json()).openAmount).toBe(500);
    const trial = await (await fetch(`${base}/ledger/trial-balance`, { headers: { cookie } })).json();
    expect(trial).toMatchObject({ balanced: true, invoicesOutOfStep: 0 });
  });

  // PostgreSQL only: PGlite is one connection, so a transaction holding a lock holds everything.
  it.runIf(kind === 'postgres')('lets the other payments through while one waits for an invoice locked elsewhere', async () => {
    const invoices = Array.from({ length: 12 }, (_, index) => `HELD-${index}`);
    for (const number of invoices) expect((await post('/invoices', { customerRef: 'RACE', number, issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 1_000 }] })).status).toBe(201);
    // Another transaction (an import batch, say) holds HELD-0 and HELD-1 until we let go.
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = t.app.db.transaction().execute(async (trx) => {
      await trx.selectFrom('invoices').select('id').where('number', 'in', ['HELD-0', 'HELD-1']).forUpdate().execute();
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    const pay = (number: string) => post('/payments', { customerRef: 'RACE', date: '2026-02-01', amount: 100, currency: 'USD', allocations: [{ invoiceNumber: number, amount: 100 }] }, `held-${kind}-${number}`);
    // The locked two first, so that they are the ones in flight when the others arrive.
    const blocked = [pay('HELD-0'), pay('HELD-1')];
    const others = invoices.slice(2).map(pay);
    const settledWhileHeld = await Promise.race([Promise.all(others).then((responses) => responses.map((response) => response.status)), new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 8_000))]);
    release();
    await holder;
    expect(settledWhileHeld).toEqual(Array(10).fill(201));
    expect((await Promise.all(blocked)).map((response) => response.status)).toEqual([201, 201]);
    for (const number of invoices) expect((await (await fetch(`${base}/invoices/${number}`, { headers: { cookie } })).json()).openAmount).toBe(900);
  });

  it('posts one payment for many concurrent requests with the same Idempotency-Key', async () => {
    expect((await post('/invoices', { customerRef: 'RACE', number: 'RACE-2', issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 5_000 }] })).status).toBe(201);
    const body = { customerRef: 'RACE', date: '2026-02-01', amount: 1_000, currency: 'USD', allocations: [{ invoiceNumber: 'RACE-2', amount: 1_000 }] };
    const responses = await Promise.all(Array.from({ length: 10 }, () => post('/payments', body, `race-key-${kind}`)));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    expect(new Set(bodies.map((b: { id: string }) => b.id)).size).toBe(1);
    const invoice = await (await fetch(`${base}/invoices/RACE-2`, { headers: { cookie } })).json();
    expect(invoice.openAmount).toBe(4_000);
  });

  it('shows a balanced trial balance at every moment while payments are being posted', async () => {
    expect((await post('/customers', { ref: 'BUSY', name: 'Busy Co', currency: 'USD' })).status).toBe(201);
    expect((await post('/invoices', { customerRef: 'BUSY', number: `BUSY-${kind}`, issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 1_000_000 }] })).status).toBe(201);
    let posting = true;
    const payer = async () => {
      for (let i = 0; i < 15; i++) {
        const paid = await post('/payments', { customerRef: 'BUSY', date: '2026-02-01', amount: 150, currency: 'USD', allocations: [{ invoiceNumber: `BUSY-${kind}`, amount: 100 }] });
        expect(paid.status).toBe(201);
      }
    };
    const checks: { balanced: boolean; problems: string[] }[] = [];
    const checker = async () => {
      while (posting) checks.push(await (await fetch(`${base}/ledger/trial-balance`, { headers: { cookie } })).json());
    };
    const checking = checker();
    await Promise.all([payer(), payer(), payer(), payer()]);
    posting = false;
    await checking;
    expect(checks.length).toBeGreaterThan(2);
    expect(checks.filter((check) => !check.balanced).map((check) => check.problems)).toEqual([]);
  });

  it('answers concurrent creations of one invoice or customer once, and the others with the stored answer or a conflict', async () => {
    expect((await post('/customers', { ref: 'DOUBLE', name: 'Double Co', currency: 'USD' })).status).toBe(201);
    const invoice = { customerRef: 'DOUBLE', number: `DOUBLE-${kind}`, issueDate: '2026-01-01', lines: [{ description: 'x', quantity: 1, unitPrice: 2_500 }] };
    // A double-click: the same Idempotency-Key and body → one invoice, the same answer for all.
    const sameKey = await Promise.all(Array.from({ length: 4 }, () => post('/invoices', invoice, `double-${kind}`)));
    expect(sameKey.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(new Set((await Promise.all(sameKey.map((response) => response.json()))).map((b: { number: string; id?: string }) => JSON.stringify(b))).size).toBe(1);
    // Without a key, one number with different lines from several requests: one invoice, the rest
    // refused as conflicts (4xx, never 500). (An identical re-issue is answered with the invoice.)
    const unkeyed = (price: number) => ({ ...invoice, number: `DOUBLE-UNKEYED-${kind}`, lines: [{ description: 'x', quantity: 1, unitPrice: price }] });
    const racing = (await Promise.all([1, 2, 3, 4].map((n) => post('/invoices', unkeyed(n * 1_000))))).map((response) => response.status);
    expect(racing.filter((status) => status === 201)).toHaveLength(1);
    expect(racing.filter((status) => status >= 400 && status < 500)).toHaveLength(3);
    const listed = await (await fetch(`${base}/invoices?customer=DOUBLE`, { headers: { cookie } })).json();
    const items = (Array.isArray(listed) ? listed : listed.items) as { number: string }[];
    expect(items.filter((i) => i.number.startsWith(`DOUBLE-`) && i.number.endsWith(kind)).length).toBe(2);

    const customers = await Promise.all(Array.from({ length: 4 }, () => post('/customers', { ref: `TWIN-${kind}`, name: 'Twin Co', currency: 'USD' })));
    const statuses = customers.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409]);
    for (const refused of customers.filter((response) => response.status === 409)) expect(await refused.json()).toMatchObject({ code: 'conflict', field: 'ref' });
    const trial = await (await fetch(`${base}/ledger/trial-balance`, { headers: { cookie } })).json();
    expect(trial).toMatchObject({ balanced: true });
  });
});
