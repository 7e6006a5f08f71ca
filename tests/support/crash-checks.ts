/**
 * The checks of one crash cycle, run against the restarted server (tests/support/crash-harness.ts).
 * Each appends plain sentences to `problems` instead of throwing, so a bench can keep counting.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { sessionMaps } from '../../shared/doc/index.ts';
import { DEFAULT_BATCH_ROWS } from '../../server/imports/invoice-import.ts';
import { join, type Participant } from '../integration/sync/sync-fixtures.ts';
import type { ServerClient } from './crash-server.ts';

/** One payment the burst sent, and what the client heard back before the kill. */
export interface PaymentRecord {
  readonly key: string;
  readonly body: { customerRef: string; date: string; amount: number; currency: string; reference: string };
  state: 'pending' | 'acked' | 'refused' | 'unanswered';
  status?: number;
  response?: { id: string };
}

/** An edit relayed more than the persistence window before its cycle's kill: it must survive. */
export interface DueEdit {
  readonly key: string;
  readonly ageAtKill: number;
}

export interface ImportRun {
  readonly id: string;
  /** The customer all its invoices belong to. */
  readonly ref: string;
  readonly csv: string;
  readonly rows: number;
  /** The HTTP status, when the import answered before the kill. */
  readonly answer: number | undefined;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** PGlite's pid lock left by the killed process was recognised as stale: the new process holds it. */
export function lockProblems(dataDir: string, pid: number): string[] {
  const file = path.join(dataDir, 'cashlens.lock');
  const owner = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'missing';
  return owner === String(pid) ? [] : [`the data-dir lock names ${owner}, not the restarted server ${pid}`];
}

/** The trial balance and its invariants (server/ledger/trial-balance.ts). */
export async function ledgerProblems(api: ServerClient, when: string): Promise<string[]> {
  const balance = await api.expect(200, 'GET', '/ledger/trial-balance');
  return balance.balanced ? [] : [`trial balance not balanced ${when}: ${balance.problems.join('; ')}`];
}

async function paymentsByReference(api: ServerClient, payers: readonly { id: string }[]): Promise<Map<string, { id: string }[]>> {
  const byReference = new Map<string, { id: string }[]>();
  for (const payer of payers) {
    for (const payment of await api.expect(200, 'GET', `/payments?customerId=${payer.id}&limit=5000`)) {
      byReference.set(payment.reference, [...(byReference.get(payment.reference) ?? []), payment]);
    }
  }
  return byReference;
}

/**
 * Every acknowledged payment stored exactly once; then what a client does after a crash — send
 * again with the same key and body — must answer the same and post nothing new.
 */
export async function checkPayments(api: ServerClient, payers: readonly { id: string }[], payments: readonly PaymentRecord[], resendAcked: number, problems: string[]): Promise<{ verified: number; resent: number }> {
  const before = await paymentsByReference(api, payers);
  let verified = 0;
  for (const record of payments) {
    const stored = before.get(record.key) ?? [];
    if (record.state === 'acked') {
      if (stored.length === 1 && stored[0]!.id === record.response!.id) verified++;
      else problems.push(`payment ${record.key} was acknowledged (${record.response!.id}) but is stored ${stored.length} times`);
    } else if (record.state === 'refused') problems.push(`payment ${record.key} was refused with ${record.status}: ${JSON.stringify(record.response)}`);
    else if (stored.length > 1) problems.push(`unanswered payment ${record.key} is stored ${stored.length} times`);
  }

  const acked = payments.filter((p) => p.state === 'acked');
  const resend = [...acked.slice(-resendAcked), ...payments.filter((p) => p.state === 'unanswered')];
  for (const record of resend) {
    const again = await api.send('POST', '/payments', { json: record.body, headers: { 'idempotency-key': record.key } });
    const earlier = record.state === 'acked' ? record.response : before.get(record.key)?.[0];
    if (again.status !== 201) problems.push(`re-sending payment ${record.key} answered ${again.status}: ${JSON.stringify(again.body)}`);
    else if (record.state === 'acked' && !isDeepStrictEqual(again.body, record.response)) problems.push(`re-sending payment ${record.key} answered differently: ${JSON.stringify(again.body)} vs ${JSON.stringify(record.response)}`);
    else if (earlier && again.body.id !== earlier.id) problems.push(`re-sending payment ${record.key} posted a new payment ${again.body.id} instead of returning ${earlier.id}`);
  }
  const after = await paymentsByReference(api, payers);
  for (const record of resend) {
    const count = after.get(record.key)?.length ?? 0;
    if (count !== 1) problems.push(`after re-sending, payment ${record.key} is stored ${count} times`);
  }
  return { verified, resent: resend.length };
}

/** The import's invoices vs its job tally at the kill; then the re-import a user would run. Returns how far it had got. */
export async function checkImport(api: ServerClient, run: ImportRun, problems: string[]): Promise<string> {
  const total = run.rows;
  const countInvoices = async () => (await api.expect(200, 'GET', `/invoices?customer=${run.ref}&limit=5000`)).length as number;
  const job = await api.send('GET', `/imports/${run.id}`);
  const invoices = await countInvoices();
  let atKill: string;
  if (job.status === 404) {
    atKill = 'not started';
    if (invoices !== 0) problems.push(`import ${run.id} has no job row but ${invoices} invoices`);
  } else {
    const tally = job.body.imported as number;
    atKill = `${job.body.status} at ${tally}/${total} (${invoices} invoices)`;
    const nextBatch = Math.min(DEFAULT_BATCH_ROWS, total - tally);
    if (job.body.status === 'done' && invoices !== total) problems.push(`import ${run.id} is done but ${invoices} of ${total} invoices exist`);
    // The tally is written just after each batch commits: at most one batch ahead of it.
    if (invoices !== tally && invoices !== tally + nextBatch) problems.push(`import ${run.id}: ${invoices} invoices vs a job tally of ${tally} (batches of ${DEFAULT_BATCH_ROWS})`);
  }
  if (run.answer !== undefined && run.answer !== 200) problems.push(`the import answered ${run.answer}`);
  if (invoices < total) {
    const again = await api.expect(200, 'POST', '/imports/invoices', { csv: run.csv, headers: { 'import-id': randomUUID() } });
    if (again.imported + again.skipped !== total || again.skipped !== invoices) problems.push(`re-import: ${again.imported} imported + ${again.skipped} skipped, expected ${total - invoices} + ${invoices}`);
    const now = await countInvoices();
    if (now !== total) problems.push(`after re-import ${now} of ${total} invoices exist`);
  }
  return atKill;
}

/** How many of the due edits a fresh client finds after the restart; the rest are problems. */
export async function checkEdits(api: ServerClient, sessionId: string, due: readonly DueEdit[], why: string, problems: string[]): Promise<number> {
  let reader: Participant | undefined;
  try {
    reader = join(api.server.wsUrl, sessionId, 'team', api.credentials);
    await withTimeout(reader.synced, 20_000, 'a fresh Yjs client to sync');
    const placements = sessionMaps(reader.doc).placements;
    const missing = due.filter((edit) => !placements.has(edit.key));
    if (missing.length > 0) problems.push(`${missing.length} of ${due.length} Yjs updates relayed ${why} are gone (the oldest ${Math.max(...missing.map((edit) => edit.ageAtKill))} ms before the kill)`);
    return due.length - missing.length;
  } finally {
    reader?.destroy();
  }
}
