/**
 * Sync update latency: one bench client (same code) against our `/sync` (auth on upgrade, record
 * validation, SQL persistence on PostgreSQL) and against the reference `@y/websocket-server`
 * (`setupWSConnection`, no auth, no persistence), each server in its own child process started in
 * this run. Every client writes one placement per second into its room; the latency is from the
 * write to its arrival at each other client of the room. Printed: p50/p99 for 60 clients/20
 * rooms, 200/50 and 500/100, and the ratio (goal: our p99 ≤ 0.5 × reference at 500/100).
 * During our runs, flag→finance (a dispute flag written on a "phone" until the finance client
 * sees it `open`, i.e. the ledger dispute exists) and resolve→phone (finance resolves over HTTP
 * until the phone sees `resolved`) are measured in 10 rooms (goal < 1 s p99).
 * A third server, the floor (serveFloor), only relays bytes: its p99 is the lowest this machine
 * and this bench client allow any server, so floor/reference says what ratio is reachable here.
 * Each configuration runs ROUNDS times (default 2), rotating which server goes first, since
 * on a shared machine the load changes from one run to the next; the rows pool the rounds and
 * give the median of the per-round p99 ratios too. Also printed: each server's CPU time per 1000
 * delivered updates (from /proc, user+system), a figure machine noise moves much less than p99.
 * Run: npx tsx bench/sync-latency.ts   (SECONDS=10 RATE=1 ROUNDS=2 ONLY=500/100; BENCH_DATABASE_URL;
 * PROFILE=cashlens writes a --cpu-prof of our server to /tmp/sync-prof)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import readline from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket, { WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

const SECONDS = Number(process.env.SECONDS ?? 10);
const RATE = Number(process.env.RATE ?? 1);
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 2));
const ALL_CONFIGS = [
  { clients: 60, rooms: 20 },
  { clients: 200, rooms: 50 },
  { clients: 500, rooms: 100 },
] as const;
/** `ONLY=60/20` runs one configuration (for profiling). */
const CONFIGS = process.env.ONLY ? ALL_CONFIGS.filter((c) => `${c.clients}/${c.rooms}` === process.env.ONLY) : ALL_CONFIGS;
const MAX_ROOMS = 100;
const DISPUTE_ROOMS = Number(process.env.DISPUTES ?? 10);

interface ServerInfo {
  readonly port: number;
  readonly cookie?: string;
  readonly sessions?: ReadonlyArray<{ readonly id: string; readonly invoices: readonly string[] }>;
}

// ---------------------------------------------------------------------------------------------
// Child mode: serve one of the two servers and print where it listens.

/** How long the server's event loop was blocked (stderr, on exit): tells server cost from machine noise. */
function reportEventLoop(kind: string): void {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  process.on('SIGTERM', () => {
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.error(`  ${kind} server event-loop delay: p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`);
  });
}

async function serveCashlens(): Promise<void> {
  const pg = (await import('pg')).default;
  const { buildApp } = await import('../server/app.ts');
  const { defaultConfig } = await import('../server/config.ts');
  const { createUser } = await import('../server/auth/users.ts');
  const { openPostgres } = await import('../server/db/database.ts');
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `cashlens_bench_sync_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const database = await openPostgres(url.toString());
  const app = await buildApp(defaultConfig({ seedDemo: false, logLevel: 'warn' }), { database });
  const shutdown = async () => {
    await app.close();
    await database.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  await app.listen({ port: 0, host: '127.0.0.1' });
  await app.compileDeferredSchemas(); // as main.ts does right after listening
  await createUser(app.db, { email: 'bench@bench.test', name: 'Bench', role: 'finance', password: 'bench password' });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'bench@bench.test', password: 'bench password' } });
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const ctx = { actor: { kind: 'system', name: 'bench' } as const, requestId: 'bench' };
  const sessions: Array<{ id: string; invoices: string[] }> = [];
  for (let i = 0; i < MAX_ROOMS; i++) {
    await app.db.insertInto('customers').values({ ref: `S${i}`, name: `Sync ${i}`, currency: 'USD', sales_owner_id: null, credit_limit: 0n, payment_terms_days: 30, segment: 'standard', contacts: '[]' }).execute();
    const invoices: string[] = [];
    for (let k = 0; k < (i < DISPUTE_ROOMS ? CONFIGS.length * ROUNDS : 0); k++) {
      const number = `SINV-${i}-${k}`;
      const issued = await app.ledger.issueInvoice(ctx, { customerRef: `S${i}`, number, issueDate: '2026-10-01', lines: [{ description: 'x', quantity: 1, unitPrice: 10_000 }] });
      if (!issued.ok) throw new Error(issued.error.message);
      invoices.push(number);
    }
    const created = await app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { cookie }, payload: { customerRef: `S${i}`, title: `Room ${i}` } });
    sessions.push({ id: created.json().id, invoices });
  }
  const port = (app.server.address() as { port: number }).port;
  console.log(JSON.stringify({ port, cookie, sessions } satisfies ServerInfo));
}

/**
 * The floor: not a y-websocket server but the least work any server could do for this bench —
 * it answers sync step 1 with an empty step 2 and relays every other frame's bytes to the rest of
 * its room, without decoding, applying or storing anything. Its p99 is what this machine and this
 * bench client give when the server costs next to nothing: no real server can go below it.
 */
async function serveFloor(): Promise<void> {
  const http = await import('node:http');
  const wss = new WebSocketServer({ noServer: true });
  const rooms = new Map<string, Set<WebSocket>>();
  const emptyStep2 = Buffer.from([0, 1, 2, 0, 0]); // sync, step 2, update of 2 bytes: no structs, empty delete set
  const server = http.createServer((_request, response) => response.end('okay'));
  wss.on('connection', (socket: WebSocket, request: { url?: string }) => {
    const name = request.url ?? '/';
    const room = rooms.get(name) ?? new Set<WebSocket>();
    rooms.set(name, room);
    room.add(socket);
    socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 0) return socket.send(emptyStep2);
      for (const peer of room) if (peer !== socket && peer.readyState === WebSocket.OPEN) peer.send(data);
    });
    socket.on('close', () => room.delete(socket));
  });
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port } satisfies ServerInfo)));
  process.on('SIGTERM', () => process.exit(0));
}

async function serveReference(): Promise<void> {
  const http = await import('node:http');
  const { setupWSConnection } = await import('@y/websocket-server/utils');
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_request, response) => response.end('okay'));
  wss.on('connection', setupWSConnection);
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port } satisfies ServerInfo)));
  process.on('SIGTERM', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The bench client: a bare y-websocket protocol client (sync only), identical for both servers.

class BenchClient {
  readonly doc = new Y.Doc();
  private socket!: WebSocket;
  private synced!: () => void;
  readonly ready = new Promise<void>((resolve) => (this.synced = resolve));

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly onArrival: (key: string, value: unknown) => void,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
    for (const name of ['placements', 'disputes']) {
      this.doc.getMap(name).observe((event, transaction) => {
        if (transaction.origin !== this) return;
        for (const key of event.keysChanged) this.onArrival(`${name}/${key}`, event.target.get(key));
      });
    }
  }

  connect(): Promise<void> {
    this.socket = new WebSocket(this.url, { headers: this.headers });
    this.socket.binaryType = 'nodebuffer';
    this.socket.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.send(encoding.toUint8Array(encoder));
    });
    this.socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== 0) return; // awareness and the rest: not measured
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced();
    });
    this.socket.on('close', (code, reason) => {
      if (code !== 1000 && code !== 1005) console.error(`bench client closed: ${code} ${reason.toString()}`);
    });
    return this.ready;
  }

  private send(frame: Uint8Array): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '   n/a' : `${ms.toFixed(1).padStart(6)}`);

interface RunResult {
  readonly latencies: number[];
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
  /** Server CPU (user + system) during the measured window. */
  readonly cpuMs: number;
  readonly flagToFinance: number[];
  readonly resolveToPhone: number[];
}

async function createSession(info: ServerInfo, room: number, title: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${info.port}/api/v1/sessions`, {
    method: 'POST',
    headers: { cookie: info.cookie!, 'content-type': 'application/json', origin: `http://127.0.0.1:${info.port}` },
    body: JSON.stringify({ customerRef: `S${room}`, title }),
  });
  if (response.status !== 201) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** CPU time (user + system) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

type ServerKind = 'cashlens' | 'reference' | 'floor';

async function run(kind: ServerKind, server: { child: ChildProcess; info: ServerInfo }, clients: number, rooms: number, configIndex: number, round: number): Promise<RunResult> {
  const info = server.info;
  const latencies: number[] = [];
  const flagToFinance: number[] = [];
  const resolveToPhone: number[] = [];
  const pendingFlags = new Map<string, { flaggedAt: number; resolvedAt?: number }>();
  // Fresh rooms every run on both servers (the reference gets new room names): a document that
  // has been through earlier runs carries their history, which is not what is being compared.
  const sessionIds = kind === 'cashlens' ? await Promise.all(Array.from({ length: rooms }, (_, room) => createSession(info, room, `Room ${room} run ${configIndex}.${round}`))) : [];
  const roomUrl = (room: number) => (kind === 'cashlens' ? `ws://127.0.0.1:${info.port}/sync/${sessionIds[room]!}/shared` : `ws://127.0.0.1:${info.port}/bench-${configIndex}-${round}-room-${room}`);
  const headers: Record<string, string> = kind === 'cashlens' ? { cookie: info.cookie! } : {};
  let measuring = false;

  const all: BenchClient[] = [];
  for (let i = 0; i < clients; i++) {
    const room = i % rooms;
    const client = new BenchClient(roomUrl(room), headers, (key, value) => {
      const now = performance.now();
      if (key.startsWith('placements/')) {
        const by = (value as { by?: string } | undefined)?.by ?? '';
        const sentAt = Number(by.split('@')[1]);
        if (measuring && Number.isFinite(sentAt)) latencies.push(now - sentAt);
        return;
      }
      const flag = value as { status?: string } | undefined;
      const pending = pendingFlags.get(key);
      if (!pending || !flag) return;
      if (flag.status === 'open' && i % rooms === room && Math.floor(i / rooms) === 1 && !('openSeen' in pending)) {
        Object.assign(pending, { openSeen: true });
        flagToFinance.push(now - pending.flaggedAt);
      }
      if (flag.status === 'resolved' && Math.floor(i / rooms) === 0 && pending.resolvedAt !== undefined && !('resolvedSeen' in pending)) {
        Object.assign(pending, { resolvedSeen: true });
        resolveToPhone.push(now - pending.resolvedAt);
      }
    });
    all.push(client);
  }
  // Connect with bounded concurrency, as a crowd arriving rather than a single burst.
  for (let i = 0; i < all.length; i += 25) await Promise.all(all.slice(i, i + 25).map((client) => client.connect()));

  const timers: NodeJS.Timeout[] = [];
  let seq = 0;
  all.forEach((client, i) => {
    const start = setTimeout(() => {
      timers.push(
        setInterval(() => {
          const map = client.doc.getMap('placements');
          client.doc.transact(() => map.set(`invoice:c${i}`, { position: [(seq++ % 100) / 100, 0, 0], quaternion: [0, 0, 0, 1], by: `c${i}@${performance.now()}` }));
        }, 1000 / RATE),
      );
    }, Math.random() * (1000 / RATE));
    timers.push(start);
  });

  await new Promise((resolve) => setTimeout(resolve, 1000));
  measuring = true;
  const cpuAtStart = cpuMs(server.child.pid!);

  const disputeWork: Promise<void>[] = [];
  if (kind === 'cashlens') {
    for (let room = 0; room < Math.min(DISPUTE_ROOMS, rooms); room++) {
      const phone = all[room]!;
      const invoice = info.sessions![room]!.invoices[configIndex * ROUNDS + round]!;
      const key = `disputes/${invoice}`;
      disputeWork.push(
        (async () => {
          await new Promise((resolve) => setTimeout(resolve, 500 + room * 300));
          pendingFlags.set(key, { flaggedAt: performance.now() });
          phone.doc.getMap('disputes').set(invoice, { reason: 'pricing', note: 'bench', flaggedBy: 'Phone', flaggedAt: new Date().toISOString(), status: 'requested' });
          const start = performance.now();
          let disputeId: string | undefined;
          while (!disputeId && performance.now() - start < 10_000) {
            disputeId = (phone.doc.getMap('disputes').get(invoice) as { disputeId?: string } | undefined)?.disputeId;
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          await new Promise((resolve) => setTimeout(resolve, 200));
          if (!disputeId) return;
          pendingFlags.get(key)!.resolvedAt = performance.now();
          const response = await fetch(`http://127.0.0.1:${info.port}/api/v1/disputes/${disputeId}/resolve`, {
            method: 'POST',
            headers: { cookie: info.cookie!, 'content-type': 'application/json', origin: `http://127.0.0.1:${info.port}` },
            body: JSON.stringify({ outcome: 'upheld', note: 'bench' }),
          });
          if (response.status !== 200) console.error(`resolve: ${response.status} ${await response.text()}`);
        })(),
      );
    }
  }

  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  await Promise.all(disputeWork);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  measuring = false;
  const cpu = cpuMs(server.child.pid!) - cpuAtStart;
  for (const timer of timers) clearInterval(timer);
  for (const client of all) client.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  latencies.sort((a, b) => a - b);
  return { latencies, p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length, cpuMs: cpu, flagToFinance, resolveToPhone };
}

function startServer(kind: ServerKind): Promise<{ child: ChildProcess; info: ServerInfo }> {
  const child = spawn(process.execPath, [...(process.env.PROFILE === kind ? ['--cpu-prof', '--cpu-prof-dir=/tmp/sync-prof'] : []), '--import', 'tsx', import.meta.filename, '--serve', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    // The server's own log lines (pino JSON) share stdout: the info line is the one with `port`.
    const onLine = (line: string) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || !('port' in parsed) || 'level' in parsed) return;
      lines.off('line', onLine);
      lines.on('line', (rest) => console.error(`  ${kind}: ${rest.slice(0, 300)}`));
      resolve({ child, info: parsed as ServerInfo });
    };
    lines.on('line', onLine);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Round {
  readonly own: RunResult;
  readonly ref: RunResult;
  readonly floor: RunResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
}

async function main(): Promise<void> {
  const servers = { cashlens: await startServer('cashlens'), reference: await startServer('reference'), floor: await startServer('floor') };
  console.log(`sync update latency, ${SECONDS} s per run, ${RATE} update/s per client (ms; "ours" = auth + validation + PostgreSQL persistence)`);
  console.log(`${ROUNDS} round(s) per configuration, rotating which server runs first; p50/p99 pooled over the rounds, ratios also as the median of rounds`);
  console.log('"floor" relays bytes and does nothing else (no Yjs, no state): the lowest p99 this machine and bench client allow any server');
  console.log('clients/rooms |  ours p50   p99 | ref p50   p99 | floor p50   p99 | ours/ref p99 (median) | floor/ref p99 (median) | CPU ms/1000 updates ours/ref/floor');
  const flags: number[] = [];
  const resolves: number[] = [];
  try {
    for (const [index, config] of CONFIGS.entries()) {
      const rounds: Round[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const order: ServerKind[] = ['reference', 'cashlens', 'floor'];
        for (let r = 0; r < round % order.length; r++) order.push(order.shift()!);
        const results = {} as Record<ServerKind, RunResult>;
        for (const kind of order) results[kind] = await run(kind, servers[kind], config.clients, config.rooms, index, round);
        rounds.push({ own: results.cashlens, ref: results.reference, floor: results.floor });
        if (config.clients === 500) {
          flags.push(...results.cashlens.flagToFinance);
          resolves.push(...results.cashlens.resolveToPhone);
        }
      }
      const pooled = (pick: (r: Round) => RunResult) => rounds.flatMap((r) => pick(r).latencies).sort((a, b) => a - b);
      const own = pooled((r) => r.own);
      const ref = pooled((r) => r.ref);
      const floor = pooled((r) => r.floor);
      const cpuPer1000 = (pick: (r: Round) => RunResult) => {
        const cpu = rounds.reduce((sum, r) => sum + pick(r).cpuMs, 0);
        const samples = rounds.reduce((sum, r) => sum + pick(r).samples, 0);
        return ((cpu / samples) * 1000).toFixed(0);
      };
      const p99 = { own: percentile(own, 99), ref: percentile(ref, 99), floor: percentile(floor, 99) };
      const ratio = (pick: (r: Round) => RunResult, pooledP99: number) => `${(pooledP99 / p99.ref).toFixed(2)} (${median(rounds.map((r) => pick(r).p99 / r.ref.p99)).toFixed(2)})`;
      console.log(
        [
          `${config.clients}/${config.rooms}`.padStart(13),
          ` ${fmt(percentile(own, 50))}${fmt(p99.own)}`,
          `${fmt(percentile(ref, 50))}${fmt(p99.ref)}`,
          `  ${fmt(percentile(floor, 50))}${fmt(p99.floor)}`,
          ratio((r) => r.own, p99.own).padStart(21),
          ratio((r) => r.floor, p99.floor).padStart(22),
          `${cpuPer1000((r) => r.own)}/${cpuPer1000((r) => r.ref)}/${cpuPer1000((r) => r.floor)}`.padStart(34),
        ].join(' | '),
      );
      console.log(`${''.padStart(13)}   per-round p99 ours/ref/floor: ${rounds.map((r) => `${r.own.p99.toFixed(1)}/${r.ref.p99.toFixed(1)}/${r.floor.p99.toFixed(1)}`).join(', ')}; samples ${own.length}/${ref.length}/${floor.length}`);
    }
    flags.sort((a, b) => a - b);
    resolves.sort((a, b) => a - b);
    console.log(`goal: ours p99 ≤ 0.5 × reference p99 at 500/100`);
    console.log(`flag→finance   (500/100 load, ${flags.length} disputes): p50 ${fmt(percentile(flags, 50))} ms  p99/max ${fmt(percentile(flags, 99))} ms  (goal < 1000)`);
    console.log(`resolve→phone  (500/100 load, ${resolves.length} disputes): p50 ${fmt(percentile(resolves, 50))} ms  p99/max ${fmt(percentile(resolves, 99))} ms  (goal < 1000)`);
  } finally {
    for (const server of Object.values(servers)) await stopServer(server.child);
  }
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  reportEventLoop(process.argv[serveIndex + 1] ?? '');
  const kind = process.argv[serveIndex + 1];
  await (kind === 'reference' ? serveReference() : kind === 'floor' ? serveFloor() : serveCashlens());
} else {
  await main();
}
