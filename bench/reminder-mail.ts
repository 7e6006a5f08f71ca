/**
 * Reminder mail delivered per second by the outbox (`deliverOutbox`: claim, stale check, SMTP
 * send, mark sent) to a real in-process SMTP server (tests/integration/collections/smtp-sink.ts),
 * on PostgreSQL. Reference, measured in the same run: a transport that opens a connection per
 * message (what sending cost before: `{ url, pool: true }` was not pooled, see mail-outbox.ts). Then the
 * pooled transport one message at a time with Nagle on and with TCP_NODELAY, and pooled with DEFAULT_SMTP_CONNECTIONS connections busy at once (what the server runs).
 * Run: npx tsx bench/reminder-mail.ts   (MESSAGES=300; BENCH_DATABASE_URL)
 */
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { defaultConfig } from '../server/config.ts';
import { openPostgres } from '../server/db/database.ts';
import { DEFAULT_SMTP_CONNECTIONS, deliverOutbox, enqueueMail, smtpMailer, type SmtpOptions } from '../server/collections/mail-outbox.ts';
import { startSmtpSink } from '../tests/integration/collections/smtp-sink.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MESSAGES = Number(process.env.MESSAGES ?? 300);
const dbName = `cashlens_bench_mail_${process.pid}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const database = await openPostgres(url.toString());
const app = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'warn', port: 0, host: '127.0.0.1' }), { database });
const smtp = await startSmtpSink();

async function run(label: string, options: SmtpOptions): Promise<number> {
  const now = new Date();
  for (let i = 0; i < MESSAGES; i++) {
    await enqueueMail(app.db, { messageKey: `${label}:${i}`, customerId: null, kind: 'alert', to: `ap${i}@bench.example`, subject: `Reminder ${i}`, body: `Invoice INV-${i} is due.\n`.repeat(20) }, now);
  }
  const mailer = smtpMailer(smtp.url, 'Cashlens Collections <collections@bench.local>', options);
  const before = smtp.received.length;
  const started = performance.now();
  let sent = 0;
  while (sent < MESSAGES) {
    const report = await deliverOutbox(app.db, mailer, new Date(), 50);
    if (report.failed > 0) throw new Error(`${label}: ${report.failed} failed`);
    sent += report.sent;
  }
  const seconds = (performance.now() - started) / 1000;
  mailer.close();
  if (smtp.received.length - before !== MESSAGES) throw new Error(`${label}: the sink got ${smtp.received.length - before} of ${MESSAGES}`);
  return MESSAGES / seconds;
}

try {
  const perConnection = await run('per-connection', { pooled: false });
  const pooledNagle = await run('pooled-nagle', { pooled: true, maxConnections: 1, noDelay: false });
  const pooledOne = await run('pooled-1', { pooled: true, maxConnections: 1 });
  const pooled = await run('pooled', { pooled: true, maxConnections: DEFAULT_SMTP_CONNECTIONS });
  const line = (label: string, perSecond: number) => console.log(`${label.padEnd(48)} ${perSecond.toFixed(0).padStart(6)} msg/s  ${(1000 / perSecond).toFixed(1).padStart(6)} ms/msg  ×${(perSecond / perConnection).toFixed(2)}`);
  console.log(`reminder mail through the outbox to an in-process SMTP server, ${MESSAGES} messages each (PostgreSQL)`);
  line('reference: a new SMTP connection per message', perConnection);
  line('pooled, 1 connection, Nagle on', pooledNagle);
  line('pooled, 1 connection, TCP_NODELAY', pooledOne);
  line(`pooled, ${DEFAULT_SMTP_CONNECTIONS} connections (the server's setting)`, pooled);
} finally {
  await smtp.close();
  await app.close();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
