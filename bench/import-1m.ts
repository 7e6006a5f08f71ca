/**
 * CSV invoice import throughput and memory on PostgreSQL (DESIGN §5, issue 4: goal ≥ 50,000
 * rows/s at 1M rows, memory flat). Generates a CSV (IMPORT_ROWS, default 1,000,000; 20 % paid,
 * 2 % disputed, 200 customers), then measures in the same run:
 *   1. csv-parse alone over the file (the floor of any streaming import),
 *   2. a plain multi-row INSERT of the same rows into a bare table, 2,000 rows per statement
 *      (what a side-door import without a ledger would cost),
 *   3. ours: POST /api/v1/imports/invoices streaming the file over HTTP into the real app
 *      (validation, existence checks, ledger.postBatch with journal, audit and payments),
 * and prints rows/s, our ratio to each reference, and RSS sampled every second (peak and the
 * RSS at each quarter of the file, to show it stays flat).
 * Run: npx tsx bench/import-1m.ts   (IMPORT_ROWS=50000 for a quick run; BENCH_DATABASE_URL to
 * point at another server, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { createUser } from '../server/auth/users.ts';
import { defaultConfig } from '../server/config.ts';

const ROWS = Number(process.env.IMPORT_ROWS ?? 1_000_000);
const CUSTOMERS = 200;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `cashlens_bench_import_${process.pid}`;
const dbUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cashlens-import-bench-'));
const file = path.join(dir, 'invoices.csv');

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function generate(): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? undefined : once(out, 'drain'));
  await write('customer_ref,customer_name,invoice_number,issue_date,due_date,amount,currency,paid_date,disputed\n');
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    const mm = String(month).padStart(2, '0');
    const dd = String(day).padStart(2, '0');
    const dueMonth = String(month === 12 ? 12 : month + 1).padStart(2, '0');
    const paid = i % 5 === 0 ? `2025-${dueMonth}-${dd}` : '';
    const disputed = i % 50 === 7 ? 'yes' : '';
    chunk += `CUST-${i % CUSTOMERS},Customer ${i % CUSTOMERS},INV-${String(i).padStart(8, '0')},2025-${mm}-${dd},2025-${dueMonth}-${dd},${(i % 100_000) + 1}.${String(i % 100).padStart(2, '0')},USD,${paid},${disputed}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

async function csvParseOnly(): Promise<number> {
  const started = performance.now();
  let rows = 0;
  for await (const _record of fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) rows++;
  return (rows - 1) / ((performance.now() - started) / 1000);
}

async function plainInsert(): Promise<number> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  await client.query('create table bench_plain_invoices (customer_ref text, customer_name text, number text primary key, issue_date date, due_date date, amount bigint, currency text, paid_date date, disputed boolean)');
  const started = performance.now();
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(',')})`);
    await client.query(`insert into bench_plain_invoices values ${tuples.join(',')}`, params);
    batch = [];
  };
  let header = true;
  for await (const r of fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true })) as AsyncIterable<string[]>) {
    if (header) {
      header = false;
      continue;
    }
    batch.push([r[0], r[1], r[2], r[3], r[4], BigInt(r[5]!.replace('.', '')), r[6], r[7] || null, r[8] === 'yes']);
    if (batch.length >= 2_000) await flush();
  }
  await flush();
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return ROWS / seconds;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Seconds spent inside each ledger method during our run (the app's own ledger, timed in place). */
const ledgerSeconds: Record<string, number> = {};

async function ours(): Promise<{ rowsPerSecond: number; peakRss: number; samples: { t: number; rows: number; rss: number }[]; summary: unknown }> {
  const app = await buildApp(defaultConfig({ databaseUrl: dbUrl, seedDemo: false, logLevel: 'warn', port: 0, host: '127.0.0.1', dataDir: dir }));
  await app.db
    .insertInto('customers')
    .values(Array.from({ length: CUSTOMERS }, (_, i) => ({ ref: `CUST-${i}`, name: `Customer ${i}`, currency: 'USD', credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' })))
    .execute();
  await createUser(app.db, { email: 'bench@cashlens.test', name: 'Bench', role: 'finance', password: 'bench password 1' });
  // Wall time inside the ledger calls the import makes (sequential per batch, so the sums are wall time).
  const ledger = app.ledger as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['postBatch', 'findInvoices', 'findInvoice', 'ensureCustomers'] as const) {
    const original = ledger[name];
    if (typeof original !== 'function') continue;
    let active = 0;
    let since = 0;
    ledger[name] = async (...args: unknown[]) => {
      if (active++ === 0) since = performance.now();
      try {
        return await original.apply(app.ledger, args);
      } finally {
        if (--active === 0) ledgerSeconds[name] = (ledgerSeconds[name] ?? 0) + (performance.now() - since) / 1000;
      }
    };
  }
  // …and how much of postBatch is the domain-event handlers it awaits after commit (webhooks outbox, sync).
  const emit = app.events.emit.bind(app.events);
  app.events.emit = (async (...args: Parameters<typeof emit>) => {
    const since = performance.now();
    try {
      return await emit(...args);
    } finally {
      ledgerSeconds['event handlers (inside postBatch)'] = (ledgerSeconds['event handlers (inside postBatch)'] ?? 0) + (performance.now() - since) / 1000;
    }
  }) as typeof app.events.emit;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@cashlens.test', password: 'bench password 1' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const id = crypto.randomUUID();
  const samples: { t: number; rows: number; rss: number }[] = [];
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const sampler = setInterval(async () => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    const job = await app.db.selectFrom('import_jobs').select('rows_read').where('id', '=', id).executeTakeFirst();
    samples.push({ t: (performance.now() - started) / 1000, rows: job?.rows_read ?? 0, rss });
  }, 1_000);
  const size = fs.statSync(file).size;
  const summary = await new Promise<unknown>((resolve, reject) => {
    const request = http.request({ port, method: 'POST', path: '/api/v1/imports/invoices', headers: { cookie, 'content-type': 'text/csv', 'content-length': size, 'import-id': id } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${res.statusCode} ${body}`))));
    });
    request.on('error', reject);
    fs.createReadStream(file).pipe(request);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await app.close();
  return { rowsPerSecond: ROWS / seconds, peakRss, samples, summary };
}

try {
  await admin(`create database ${dbName}`);
  console.log(`generating ${ROWS.toLocaleString('en')} rows …`);
  await generate();
  console.log(`file: ${mb(fs.statSync(file).size)} MB; machine: ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}`);
  const parseOnly = await csvParseOnly();
  console.log(`reference csv-parse alone:            ${Math.round(parseOnly).toLocaleString('en')} rows/s`);
  const insert = await plainInsert();
  console.log(`reference plain multi-row INSERT:     ${Math.round(insert).toLocaleString('en')} rows/s`);
  const result = await ours();
  console.log(`ours (HTTP → ledger.postBatch):       ${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s  (goal ≥ 50,000)`);
  console.log(`ratio ours / plain INSERT: ${(result.rowsPerSecond / insert).toFixed(3)}; ours / csv-parse: ${(result.rowsPerSecond / parseOnly).toFixed(3)}`);
  console.log(`summary: ${JSON.stringify(result.summary).slice(0, 200)}`);
  const total = ROWS / result.rowsPerSecond;
  console.log(`time of our ${total.toFixed(1)} s inside ledger calls: ${Object.entries(ledgerSeconds).map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s (${Math.round((seconds / total) * 100)} %)`).join(', ')}`);
  console.log(`peak RSS: ${mb(result.peakRss)} MB`);
  const quarter = (fraction: number) => result.samples.find((s) => s.rows >= ROWS * fraction) ?? result.samples.at(-1);
  console.log(`RSS at 25/50/75/100 % of rows: ${[0.25, 0.5, 0.75, 1].map((f) => `${mb(quarter(f)?.rss ?? 0)} MB`).join(' / ')}`);
  const step = Math.max(1, Math.floor(result.samples.length / 12));
  for (const s of result.samples.filter((_, i) => i % step === 0)) console.log(`  t=${s.t.toFixed(0).padStart(4)} s  rows=${String(s.rows).padStart(8)}  rss=${mb(s.rss)} MB`);
} finally {
  await admin(`drop database if exists ${dbName} with (force)`).catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}
