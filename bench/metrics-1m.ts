/**
 * `/metrics` for one as-of date over 1M invoices (+ ~0.85M payments, their AR and cash/revenue
 * postings) on PostgreSQL, against the reference in the same run: one aggregate full-scan query
 * over the same journal (`select count(*), sum(amount) from journal_entries`). Goal: ≤ 3×.
 * The data is generated in SQL with the shapes the ledger executor writes (invoices, journal
 * transactions and balanced entries with the invoice dates on AR lines), because posting 1M
 * invoices through HTTP is the import bench's job, not this one's.
 * Run: npx tsx bench/metrics-1m.ts   (INVOICES=1000000; BENCH_DATABASE_URL)
 */
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { defaultConfig } from '../server/config.ts';
import { createUser } from '../server/auth/users.ts';
import { openPostgres } from '../server/db/database.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INVOICES = Number(process.env.INVOICES ?? 1_000_000);
const RUNS = 5;
const dbName = `cashlens_bench_metrics_${process.pid}`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const database = await openPostgres(url.toString());
const app = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'warn', now: () => new Date('2026-11-23T12:00:00Z') }), { database });
try {
  const started = performance.now();
  await sql`insert into customers (ref, name, currency) select 'M' || g, 'Metrics ' || g, 'USD' from generate_series(1, 2000) g`.execute(app.db);
  // Invoices over ~3 years before the as-of date; 85 % paid 0–90 days after issue (some after D).
  await sql`
    create unlogged table gen as
    select g as n, gen_random_uuid() as invoice_id, gen_random_uuid() as itx, gen_random_uuid() as payment_id, gen_random_uuid() as ptx,
           c.ids[1 + g % 2000] as customer_id,
           ('2026-11-23'::date - (g % 1100)) as issue_date, (10000 + (g::bigint * 7919) % 900000) as amount,
           (g % 100) < 85 as paid, ((g::bigint * 31) % 91)::int as pay_after
    from generate_series(1, ${INVOICES}) g, (select array_agg(id order by id) as ids from customers) c`.execute(app.db);
  await sql`insert into journal_transactions (id, kind, customer_id, currency, effective_date, actor, request_id)
    select itx, 'invoice', customer_id, 'USD', issue_date, 'bench', 'bench' from gen
    union all select ptx, 'payment', customer_id, 'USD', issue_date + pay_after, 'bench', 'bench' from gen where paid`.execute(app.db);
  await sql`insert into invoices (id, number, customer_id, currency, issue_date, due_date, net, tax, amount, open_amount, issue_transaction_id, content_hash)
    select invoice_id, 'M-' || n, customer_id, 'USD', issue_date, issue_date + 30, amount, 0, amount, case when paid then 0 else amount end, itx, 'bench' from gen`.execute(app.db);
  await sql`insert into payments (id, customer_id, currency, payment_date, amount, unapplied, transaction_id)
    select payment_id, customer_id, 'USD', issue_date + pay_after, amount, 0, ptx from gen where paid`.execute(app.db);
  await sql`insert into journal_entries (transaction_id, account, customer_id, invoice_id, payment_id, currency, amount, entry_date, issue_date, due_date)
    select itx, 'ar', customer_id, invoice_id, null::uuid, 'USD', amount, issue_date, issue_date, issue_date + 30 from gen
    union all select itx, 'revenue', customer_id, null, null, 'USD', -amount, issue_date, null::date, null::date from gen
    union all select ptx, 'cash', customer_id, null::uuid, payment_id, 'USD', amount, issue_date + pay_after, null::date, null::date from gen where paid
    union all select ptx, 'ar', customer_id, invoice_id, payment_id, 'USD', -amount, issue_date + pay_after, issue_date, issue_date + 30 from gen where paid`.execute(app.db);
  await sql`insert into disputes (id, invoice_id, customer_id, reason, note, status, opened_on, opened_by)
    select gen_random_uuid(), invoice_id, customer_id, 'pricing', 'bench', 'open', issue_date + 5, 'bench' from gen where n % 997 = 0 and not paid`.execute(app.db);
  await sql`drop table gen`.execute(app.db);
  await sql`analyze`.execute(app.db);
  const entries = Number((await sql<{ n: string }>`select count(*)::text as n from journal_entries`.execute(app.db)).rows[0]!.n);
  console.log(`generated ${INVOICES} invoices, ${entries} journal entries in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  await createUser(app.db, { email: 'bench@bench.test', name: 'Bench', role: 'finance', password: 'bench password' });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'bench@bench.test', password: 'bench password' } });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

  const reference: number[] = [];
  const metrics: number[] = [];
  let report = '';
  for (let run = 0; run < RUNS + 1; run++) {
    let t0 = performance.now();
    await sql`select count(*), sum(amount) from journal_entries`.execute(app.db);
    if (run > 0) reference.push(performance.now() - t0);
    t0 = performance.now();
    const response = await app.inject({ url: '/api/v1/metrics?asOf=2026-11-23&currency=USD', headers: { cookie } });
    if (run > 0) metrics.push(performance.now() - t0);
    report = response.body;
  }
  const ratio = median(metrics) / median(reference);
  console.log(`reference full-scan aggregate (median of ${RUNS}): ${median(reference).toFixed(0)} ms`);
  console.log(`GET /api/v1/metrics (median of ${RUNS}):          ${median(metrics).toFixed(0)} ms`);
  console.log(`ratio /metrics ÷ full scan: ${ratio.toFixed(2)}×  (goal ≤ 3×)`);
  console.log(`report: ${report}`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await app.close();
  await database.close();
  // Other plugins may still hold pooled connections that a forced drop terminates; that is expected here.
  process.on('uncaughtException', () => undefined);
  await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  await admin.end();
}
