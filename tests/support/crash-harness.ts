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
 * The checks live in crash-checks.ts; failures are collected as sentences (`problems`), not thrown.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { setPlacement, sessionMaps } from '../../shared/doc/index.ts';
import { HEADER } from '../integration/imports/import-fixtures.ts';
import { join } from '../integration/sync/sync-fixtures.ts';
import { checkEdits, checkImport, checkPayments, ledgerProblems, lockProblems, withTimeout, type DueEdit, type PaymentRecord } from './crash-checks.ts';
import { checkJournalInSql } from './crash-journal-checks.ts';
import { ServerClient, startServer, type ServerProcess, type ServerTarget } from './crash-server.ts';

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

export class CrashRun {
  private readonly random: () => number;
  private readonly tag = randomBytes(3).toString('hex');
  private readonly dueEdits: DueEdit[] = [];

  private constructor(
    private readonly options: CrashRunOptions,
    private server: ServerProcess,
    private api: ServerClient,
    private readonly sessionId: string,
  ) {
    this.random = seededRandom(options.seed);
  }

  /** Starts the server, logs in and opens the collaborative session the edits go to. */
  static async begin(options: CrashRunOptions): Promise<CrashRun> {
    const server = await startServer(options.entry, options.target);
    const api = new ServerClient(server);
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

  private get windowText(): string {
    return `≥ ${this.options.persistWindowMs} ms before the kill${this.options.importStallsSync ? ' and the import' : ''}`;
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

    const cycleEdits: string[] = [];
    const editing = setInterval(() => {
      if (!writer.provider.wsconnected) return;
      const key = `invoice:crash-${label}-${cycleEdits.length}`;
      if (setPlacement(writer.doc, key, [cycleEdits.length % 10, 0, 0.5], [0, 0, 0, 1], 'crash-harness').ok) cycleEdits.push(key);
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
    const due: DueEdit[] = cycleEdits.filter((key) => (relayedAt.get(key) ?? Infinity) <= windowEnd - this.options.persistWindowMs).map((key) => ({ key, ageAtKill: killedAt - relayedAt.get(key)! }));
    this.dueEdits.push(...due);

    this.server = await startServer(this.options.entry, this.options.target);
    this.api = new ServerClient(this.server);
    await this.api.login();
    const checking = performance.now();
    if (!this.options.target.databaseUrl) problems.push(...lockProblems(this.options.target.dataDir, this.server.pid));

    problems.push(...(await ledgerProblems(this.api, 'after restart')));
    const paid = await checkPayments(this.api, payers, payments, this.options.resendAcked, problems);
    const importAtKill = await checkImport(this.api, { id: importId, ref: importRef, csv, rows: this.options.importRows, answer: importAnswer }, problems);
    problems.push(...(await ledgerProblems(this.api, 'after retries and re-import')));
    const updatesVerified = await checkEdits(this.api, this.sessionId, due, this.windowText, problems);

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
    const problems = await ledgerProblems(this.api, 'at the end');
    const updatesVerified = await checkEdits(this.api, this.sessionId, this.dueEdits, this.windowText, problems);
    await this.server.stop();
    problems.push(...(await checkJournalInSql(this.options.target)));
    return { updatesVerified, problems };
  }

  /** For afterAll after a failure: the server must not outlive the test. */
  async abort(): Promise<void> {
    await this.server.kill();
  }
}
