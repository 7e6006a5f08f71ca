/**
 * Crash safety, shared by tests/integration/reliability/crash-safety.test.ts and
 * bench/crash-cycles.ts. One cycle: the real server (child process) takes a burst of payments
 * (each with an Idempotency-Key), a CSV invoice import and live Yjs edits; SIGKILL lands at a
 * random moment; the server restarts on the same data; then:
 * - the trial balance is balanced (no partial or unbalanced transaction);
 * - every payment answered 2xx is stored exactly once, and re-sending its key and body returns
 *   the same answer without a second posting; one without an answer is stored at most once,
 *   and exactly once after the client retries it;
 * - the import's invoices agree with its job tally (whole batches only), and re-importing the
 *   file completes it;
 * - every Yjs update the server relayed (to a second client) more than `persistWindowMs` before
 *   the kill is in the document.
 * `finish()` re-checks the edits of every cycle, stops the server cleanly and checks the journal in SQL.
 * Failures are collected as sentences (`problems`), not thrown, so a bench can keep counting.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { setPlacement, sessionMaps } from '../../shared/doc/index.ts';
import { DEFAULT_BATCH_ROWS } from '../../server/imports/invoice-import.ts';
import { HEADER } from '../integration/imports/import-fixtures.ts';
import { join, type Participant } from '../integration/sync/sync-fixtures.ts';
import { checkJournalInSql } from './crash-journal-checks.ts';
import { CRASH_ADMIN, startServer, type ServerProcess, type ServerTarget } from './crash-server.ts';

export interface CrashRunOptions {
  readonly entry: string;
  readonly target: ServerTarget;
  /** Seeds the kill moments and amounts; print it to replay a run. */
  readonly seed: number;
  readonly killAfterMs: readonly [min: number, max: number];
  /** Updates the server relayed this long before the kill must survive (DESIGN: stored within ≤ 100 ms). */
  readonly persistWindowMs: number;
  readonly paymentWorkers: number;
  readonly importRows: number;
  /** The import starts this long into the burst. */
  readonly importDelayMs: number;
  /**
   * PGlite has ONE connection: while an import batch (2,000 invoices, seconds on a busy machine)
   * holds it, the sync write-behind waits, so updates sent then are not yet stored. When true,
   * the persistence window is counted back from the import's start instead of the kill.
   */
  readonly importStallsSync: boolean;
  /** Acknowledged payments re-sent per cycle (those nearest the kill); all unanswered ones always are. */
  readonly resendAcked: number;
  readonly log?: (line: string) => void;
}

export interface CycleReport {
  readonly cycle: number;
  readonly killedAfterMs: number;
  readonly restartMs: number;
  /** The checks after the restart, retries and re-import included. */
  readonly checksMs: number;
  readonly paymentsAcked: number;
  readonly paymentsUnanswered: number;
  readonly paymentsVerified: number;
  readonly paymentsResent: number;
  readonly importAtKill: string;
  readonly updatesSent: number;
  /** Relayed by the server at least `persistWindowMs` before the kill. */
  readonly updatesDue: number;
  readonly updatesVerified: number;
  readonly problems: string[];
}

interface PaymentRecord {
  readonly key: string;
  readonly body: { customerRef: string; date: string; amount: number; currency: string; reference: string };
  state: 'pending' | 'acked' | 'refused' | 'unanswered';
  status?: number;
  response?: { id: string };
}

interface Edit {
  readonly key: string;
  readonly at: number;
}

/** An edit relayed more than the persistence window before its cycle's kill: it must survive. */
interface DueEdit {
  readonly key: string;
  readonly ageAtKill: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: a tiny seeded generator, so a failing run can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A logged-in HTTP client of one server process. */
class Api {
  private cookie = '';
  constructor(readonly server: ServerProcess) {}

  async login(): Promise<void> {
    const response = await fetch(`${this.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CRASH_ADMIN) });
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('cashlens_session='));
    if (response.status !== 200 || !cookie) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    this.cookie = cookie.split(';')[0]!;
  }

  get credentials() {
    return { cookie: this.cookie };
  }

  async send(method: string, url: string, options: { json?: unknown; csv?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { cookie: this.cookie, ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) (headers['content-type'] = 'application/json'), (body = JSON.stringify(options.json));
    if (options.csv !== undefined) (headers['content-type'] = 'text/csv'), (body = options.csv);
    const response = await fetch(`${this.server.url}/api/v1${url}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async expect(status: number, method: string, url: string, options: Parameters<Api['send']>[2] = {}): Promise<any> {
    const response = await this.send(method, url, options);
    if (response.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

export class CrashRun {
  private readonly random: () => number;
  private readonly tag = randomBytes(3).toString('hex');
  private readonly dueEdits: DueEdit[] = [];

  private constructor(
    private readonly options: CrashRunOptions,
    private server: ServerProcess,
    private api: Api,
    private readonly sessionId: string,
  ) {
    this.random = seededRandom(options.seed);
  }

  /** Starts the server, logs in and opens the collaborative session the edits go to. */
  static async begin(options: CrashRunOptions): Promise<CrashRun> {
    const server = await startServer(options.entry, options.target);
    const api = new Api(server);
    try {
      await api.login();
      const ref = `CRASH-S-${randomBytes(3).toString('hex')}`;
      await api.expect(201, 'POST', '/customers', { json: { ref, name: 'Crash session customer', currency: 'USD' } });
      const session = await api.expect(201, 'POST', '/sessions', { json: { customerRef: ref, title: 'Crash safety' } });
      options.log?.(`server pid ${server.pid} started in ${server.startMs.toFixed(0)} ms on ${options.target.databaseUrl ? 'PostgreSQL' : 'PGlite'}`);
      return new CrashRun(options, server, api, session.id);
    } catch (error) {
      await server.kill();
      throw error;
    }
  }

  get firstStartMs(): number {
    return this.server.startMs;
  }

  async cycle(n: number): Promise<CycleReport> {
    const problems: string[] = [];
    const today = new Date().toISOString().slice(0, 10);
    const label = `c${n}-${this.tag}`;

    // Fresh customers each cycle, each with an open invoice, so payments both apply and go unapplied.
    const payers: { ref: string; id: string }[] = [];
    for (let w = 0; w < this.options.paymentWorkers; w++) {
      const ref = `CRASH-P-${label}-${w}`;
      const customer = await this.api.expect(201, 'POST', '/customers', { json: { ref, name: `Payer ${w}`, currency: 'USD' } });
      await this.api.expect(201, 'POST', '/invoices', { json: { customerRef: ref, number: `CRASH-${label}-${w}`, issueDate: today, lines: [{ description: 'Crash test', quantity: 1, unitPrice: 20_000 }] } });
      payers.push({ ref, id: customer.id });
    }

    // The observer's receipt time says when the server had applied (and queued for storage) an
    // edit: the persistence window counts from there, not from a send that may wait in a busy loop.
    const writer = join(this.server.wsUrl, this.sessionId, 'team', this.api.credentials);
    const observer = join(this.server.wsUrl, this.sessionId, 'team', this.api.credentials);
    await withTimeout(Promise.all([writer.synced, observer.synced]), 20_000, 'the Yjs writer and observer to sync');
    const relayedAt = new Map<string, number>();
    sessionMaps(observer.doc).placements.observe((event) => {
      for (const key of event.keysChanged) if (!relayedAt.has(key)) relayedAt.set(key, Date.now());
    });

    // The burst: payment workers, one import, edits every ~15 ms; then SIGKILL.
    let stopping = false;
    const payments: PaymentRecord[] = [];
    const server = this.server;
    const paying = payers.map(async (payer, w) => {
      for (let i = 0; !stopping; i++) {
        const key = `crash-${label}-${w}-${i}`;
        const record: PaymentRecord = { key, body: { customerRef: payer.ref, date: today, amount: 100 + Math.floor(this.random() * 900), currency: 'USD', reference: key }, state: 'pending' };
        payments.push(record);
        try {
          const response = await fetch(`${server.url}/api/v1/payments`, { method: 'POST', headers: { ...this.api.credentials, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(record.body) });
          const body = await response.json();
          Object.assign(record, { state: response.ok ? 'acked' : 'refused', status: response.status, response: body });
        } catch {
          record.state = 'unanswered';
          return;
        }
      }
    });

    const importId = randomUUID();
    const importRef = `CRASH-I-${label}`;
    let csv = `${HEADER}\n`;
    for (let i = 1; i <= this.options.importRows; i++) csv += `${importRef},Crash import,CI-${label}-${i},2026-01-05,2026-02-04,${i % 997}.25,USD,${i % 5 === 0 ? '2026-02-01' : ''},\n`;
    let importAnswer: number | undefined;
    let importSentAt = Infinity;
    const importing = sleep(this.options.importDelayMs).then(async () => {
      if (stopping) return;
      importSentAt = Date.now();
      await this.api.send('POST', '/imports/invoices', { csv, headers: { 'import-id': importId } }).then((response) => (importAnswer = response.status), () => undefined);
    });

    const cycleEdits: Edit[] = [];
    const editing = setInterval(() => {
      if (!writer.provider.wsconnected) return;
      const key = `invoice:crash-${label}-${cycleEdits.length}`;
      if (setPlacement(writer.doc, key, [cycleEdits.length % 10, 0, 0.5], [0, 0, 0, 1], 'crash-harness').ok) cycleEdits.push({ key, at: Date.now() });
    }, 15);

    const [min, max] = this.options.killAfterMs;
    const killedAfterMs = Math.round(min + this.random() * (max - min));
    await sleep(killedAfterMs);
    stopping = true;
    const killedAt = Date.now();
    await this.server.kill();
    clearInterval(editing);
    writer.destroy();
    observer.destroy();
    await Promise.all([...paying, importing]);
    const windowEnd = this.options.importStallsSync ? Math.min(killedAt, importSentAt) : killedAt;
    const due = cycleEdits.filter((edit) => (relayedAt.get(edit.key) ?? Infinity) <= windowEnd - this.options.persistWindowMs).map((edit) => ({ key: edit.key, ageAtKill: killedAt - relayedAt.get(edit.key)! }));
    this.dueEdits.push(...due);

    this.server = await startServer(this.options.entry, this.options.target);
    this.api = new Api(this.server);
    await this.api.login();
    const checking = performance.now();
    if (!this.options.target.databaseUrl) problems.push(...this.lockProblems());

    problems.push(...(await this.ledgerProblems('after restart')));
    const paid = await this.checkPayments(payers, payments, problems);
    const importAtKill = await this.checkImport({ id: importId, ref: importRef, csv, answer: importAnswer }, problems);
    problems.push(...(await this.ledgerProblems('after retries and re-import')));
    const updatesVerified = await this.checkEdits(due, problems);

    const report: CycleReport = {
      cycle: n,
      killedAfterMs,
      restartMs: Math.round(this.server.startMs),
      checksMs: Math.round(performance.now() - checking),
      paymentsAcked: payments.filter((p) => p.state === 'acked').length,
      paymentsUnanswered: payments.filter((p) => p.state === 'unanswered').length,
      paymentsVerified: paid.verified,
      paymentsResent: paid.resent,
      importAtKill,
      updatesSent: cycleEdits.length,
      updatesDue: due.length,
      updatesVerified,
      problems,
    };
    this.options.log?.(
      `cycle ${n}: killed after ${killedAfterMs} ms, restarted in ${report.restartMs} ms, checked in ${report.checksMs} ms; payments ${report.paymentsAcked} acked / ${report.paymentsVerified} verified, ${report.paymentsUnanswered} unanswered, ${report.paymentsResent} re-sent; import ${importAtKill}; Yjs ${updatesVerified}/${due.length} due verified (${cycleEdits.length} sent)${problems.length ? `; PROBLEMS: ${problems.join(' | ')}` : ''}`,
    );
    return report;
  }

  /** Every edit older than the window is still there; stops the server cleanly; the journal in SQL. */
  async finish(): Promise<{ updatesVerified: number; problems: string[] }> {
    const problems = await this.ledgerProblems('at the end');
    const updatesVerified = await this.checkEdits(this.dueEdits, problems);
    await this.server.stop();
    problems.push(...(await checkJournalInSql(this.options.target)));
    return { updatesVerified, problems };
  }

  /** For afterAll after a failure: the server must not outlive the test. */
  async abort(): Promise<void> {
    await this.server.kill();
  }

  /** PGlite's pid lock was recognised as stale: the new process holds it now. */
  private lockProblems(): string[] {
    const file = path.join(this.options.target.dataDir, 'cashlens.lock');
    const owner = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'missing';
    return owner === String(this.server.pid) ? [] : [`the data-dir lock names ${owner}, not the restarted server ${this.server.pid}`];
  }

  private async ledgerProblems(when: string): Promise<string[]> {
    const balance = await this.api.expect(200, 'GET', '/ledger/trial-balance');
    return balance.balanced ? [] : [`trial balance not balanced ${when}: ${balance.problems.join('; ')}`];
  }

  private async paymentsByReference(payers: readonly { id: string }[]): Promise<Map<string, { id: string }[]>> {
    const byReference = new Map<string, { id: string }[]>();
    for (const payer of payers) {
      for (const payment of await this.api.expect(200, 'GET', `/payments?customerId=${payer.id}&limit=5000`)) {
        byReference.set(payment.reference, [...(byReference.get(payment.reference) ?? []), payment]);
      }
    }
    return byReference;
  }

  private async checkPayments(payers: readonly { id: string }[], payments: readonly PaymentRecord[], problems: string[]): Promise<{ verified: number; resent: number }> {
    const before = await this.paymentsByReference(payers);
    let verified = 0;
    for (const record of payments) {
      const stored = before.get(record.key) ?? [];
      if (record.state === 'acked') {
        if (stored.length === 1 && stored[0]!.id === record.response!.id) verified++;
        else problems.push(`payment ${record.key} was acknowledged (${record.response!.id}) but is stored ${stored.length} times`);
      } else if (record.state === 'refused') problems.push(`payment ${record.key} was refused with ${record.status}: ${JSON.stringify(record.response)}`);
      else if (stored.length > 1) problems.push(`unanswered payment ${record.key} is stored ${stored.length} times`);
    }

    // What a client does after a crash: send again with the same key and body.
    const acked = payments.filter((p) => p.state === 'acked');
    const resend = [...acked.slice(-this.options.resendAcked), ...payments.filter((p) => p.state === 'unanswered')];
    for (const record of resend) {
      const again = await this.api.send('POST', '/payments', { json: record.body, headers: { 'idempotency-key': record.key } });
      const earlier = record.state === 'acked' ? record.response : before.get(record.key)?.[0];
      if (again.status !== 201) problems.push(`re-sending payment ${record.key} answered ${again.status}: ${JSON.stringify(again.body)}`);
      else if (record.state === 'acked' && !isDeepStrictEqual(again.body, record.response)) problems.push(`re-sending payment ${record.key} answered differently: ${JSON.stringify(again.body)} vs ${JSON.stringify(record.response)}`);
      else if (earlier && again.body.id !== earlier.id) problems.push(`re-sending payment ${record.key} posted a new payment ${again.body.id} instead of returning ${earlier.id}`);
    }
    const after = await this.paymentsByReference(payers);
    for (const record of resend) {
      const count = after.get(record.key)?.length ?? 0;
      if (count !== 1) problems.push(`after re-sending, payment ${record.key} is stored ${count} times`);
    }
    return { verified, resent: resend.length };
  }

  /** The import's invoices vs its job tally at the kill; then the re-import a user would run. */
  private async checkImport(run: { id: string; ref: string; csv: string; answer: number | undefined }, problems: string[]): Promise<string> {
    const total = this.options.importRows;
    const countInvoices = async () => (await this.api.expect(200, 'GET', `/invoices?customer=${run.ref}&limit=5000`)).length as number;
    const job = await this.api.send('GET', `/imports/${run.id}`);
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
      const again = await this.api.expect(200, 'POST', '/imports/invoices', { csv: run.csv, headers: { 'import-id': randomUUID() } });
      if (again.imported + again.skipped !== total || again.skipped !== invoices) problems.push(`re-import: ${again.imported} imported + ${again.skipped} skipped, expected ${total - invoices} + ${invoices}`);
      const now = await countInvoices();
      if (now !== total) problems.push(`after re-import ${now} of ${total} invoices exist`);
    }
    return atKill;
  }

  /** How many of the due edits a fresh client finds after the restart; the rest are problems. */
  private async checkEdits(due: readonly DueEdit[], problems: string[]): Promise<number> {
    let reader: Participant | undefined;
    try {
      reader = join(this.server.wsUrl, this.sessionId, 'team', this.api.credentials);
      await withTimeout(reader.synced, 20_000, 'a fresh Yjs client to sync');
      const placements = sessionMaps(reader.doc).placements;
      const missing = due.filter((edit) => !placements.has(edit.key));
      if (missing.length > 0) problems.push(`${missing.length} of ${due.length} Yjs updates relayed ≥ ${this.options.persistWindowMs} ms before the kill${this.options.importStallsSync ? ' and the import' : ''} are gone (the oldest ${Math.max(...missing.map((edit) => edit.ageAtKill))} ms before the kill)`);
      return due.length - missing.length;
    } finally {
      reader?.destroy();
    }
  }
}
