/**
 * Hostile clients for `/sync/:sessionId/:doc`. Each worker opens a raw socket, sends bursts of
 * odd-but-valid frames (fuzz-sync-frames.ts), each burst followed by a probe (a sync step 1 the
 * server must answer with a step 2, so the burst was survived), and finally one hostile frame and
 * the probe: either the server closes the socket (counted by code and reason) or it answers the
 * probe, and the hostile frame was tolerated (counted by kind). The probes also keep every worker
 * in lock-step with the server, so the load stays bounded.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { encodeSyncStep1 } from '../../server/sync/protocol.ts';
import { rawSocket, type Credentials } from '../integration/sync/sync-fixtures.ts';
import { createRandom, type Random } from './fuzz-random.ts';
import { SyncFrameFuzzer, type HostileKind } from './fuzz-sync-frames.ts';

export interface SyncFuzzOptions {
  /** `ws://…/sync/<session>/<doc>` (a `?token=` is added for link credentials). */
  readonly url: string;
  readonly credentials: readonly Credentials[];
  /** Fuzz frames to send in all (probes not counted). */
  readonly frames: number;
  readonly workers: number;
  readonly seed: number;
  readonly foreignClientIds: () => readonly number[];
  /** Stop early after this long (the report then says how far it got). */
  readonly maxMs?: number;
  /** Odd-but-valid frames sent before a connection's one hostile frame: 0 to this − 1. */
  readonly maxBenignBeforeHostile?: number;
  /** Connections that send only odd-but-valid bursts, each probed (they must all survive). */
  readonly benignOnlyShare?: number;
}

export interface SyncFuzzReport {
  framesSent: number;
  hostileFrames: number;
  benignFrames: number;
  connections: number;
  connectFailures: number;
  /** `code reason` (digits folded to N) → how many hostile sockets the server closed with it. */
  readonly closesByReason: Map<string, number>;
  /** Hostile kinds the server answered without closing (valid by chance, e.g. mutated updates). */
  readonly toleratedByKind: Map<HostileKind, number>;
  /** Closes that followed only benign frames: these are server bugs. */
  readonly unexpectedCloses: Map<string, number>;
  /** Probes never answered nor closed within the timeout: a stuck server. */
  stuck: number;
  elapsedMs: number;
}

const PROBE = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
const PROBE_TIMEOUT_MS = 10_000;

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
const reasonKey = (code: number, reason: string) => `${code} ${reason.replace(/\d+/g, 'N').slice(0, 90)}`;

/** A raw socket that counts sync step 2 answers, so a probe can wait for "all answered". */
class ProbedSocket {
  private answers = 0;
  private expected = 0;
  private closeInfo: { code: number; reason: string } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly closed: Promise<{ code: number; reason: string }>,
  ) {
    socket.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) this.answers++;
      this.wake?.();
    });
    void closed.then((info) => {
      this.closeInfo = info;
      this.wake?.();
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN && !this.closeInfo;
  }

  send(data: Uint8Array | string, isStep1 = false): boolean {
    if (!this.open) return false;
    if (isStep1) this.expected++;
    this.socket.send(data);
    return true;
  }

  /** Sends the probe; resolves 'answered', the close, or 'stuck'. */
  async probe(): Promise<'answered' | 'stuck' | { code: number; reason: string }> {
    this.send(PROBE, true);
    const deadline = Date.now() + PROBE_TIMEOUT_MS;
    for (;;) {
      if (this.closeInfo) return this.closeInfo;
      if (this.answers >= this.expected) return 'answered';
      if (Date.now() > deadline) return 'stuck';
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  async end(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    else if (this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
}

const withToken = (url: string, credentials: Credentials) => (credentials.token ? `${url}?token=${encodeURIComponent(credentials.token)}` : url);

async function worker(options: SyncFuzzOptions, random: Random, report: SyncFuzzReport): Promise<void> {
  const deadline = performance.now() + (options.maxMs ?? Number.POSITIVE_INFINITY);
  while (report.framesSent < options.frames && performance.now() < deadline && report.connectFailures < 100) {
    const credentials = random.pick(options.credentials);
    let conn: ProbedSocket;
    try {
      const { socket, closed } = await rawSocket(withToken(options.url, credentials), credentials);
      conn = new ProbedSocket(socket, closed);
    } catch {
      report.connectFailures++;
      continue;
    }
    report.connections++;
    const fuzzer = new SyncFrameFuzzer(random, options.foreignClientIds);
    const sendBenign = (count: number) => {
      for (let i = count; i > 0; i--) {
        const frame = fuzzer.benign();
        if (conn.send(frame.data, frame.kind === 'step1')) {
          report.framesSent++;
          report.benignFrames++;
        }
      }
    };
    try {
      if (random.chance(options.benignOnlyShare ?? 0.15)) {
        // Only odd-but-valid frames: the socket must survive every burst.
        for (let burst = random.between(1, 3); burst > 0; burst--) {
          sendBenign(random.between(1, 20));
          const outcome = await conn.probe();
          if (outcome === 'stuck') report.stuck++;
          if (outcome === 'answered') continue;
          if (outcome !== 'stuck') bump(report.unexpectedCloses, reasonKey(outcome.code, outcome.reason));
          break;
        }
        continue;
      }
      sendBenign(random.int(options.maxBenignBeforeHostile ?? 10));
      const hostile = fuzzer.hostile();
      const isStep1 = typeof hostile.data !== 'string' && hostile.data[0] === 0 && hostile.data[1] === 0;
      if (!conn.send(hostile.data, isStep1)) continue;
      report.framesSent++;
      report.hostileFrames++;
      const outcome = await conn.probe();
      if (outcome === 'stuck') report.stuck++;
      else if (outcome === 'answered') bump(report.toleratedByKind, hostile.kind);
      // 1006: the server closed (1009) and reset the connection while the client was still sending.
      else bump(report.closesByReason, outcome.code === 1006 ? `1006 connection reset after ${hostile.kind}` : reasonKey(outcome.code, outcome.reason));
    } finally {
      fuzzer.destroy();
      await conn.end();
    }
  }
}

/** Runs `workers` hostile clients until `frames` fuzz frames have been sent. */
export async function runSyncFuzz(options: SyncFuzzOptions): Promise<SyncFuzzReport> {
  const report: SyncFuzzReport = {
    framesSent: 0,
    hostileFrames: 0,
    benignFrames: 0,
    connections: 0,
    connectFailures: 0,
    closesByReason: new Map(),
    toleratedByKind: new Map(),
    unexpectedCloses: new Map(),
    stuck: 0,
    elapsedMs: 0,
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.workers }, (_, i) => worker(options, createRandom(options.seed * 1009 + i), report)));
  report.elapsedMs = performance.now() - started;
  return report;
}

/** The report as lines for a log or a bench. */
export function describeSyncFuzz(report: SyncFuzzReport): string[] {
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([key, n]) => `    ${String(n).padStart(6)}  ${key}`);
  return [
    `  frames ${report.framesSent} (${report.hostileFrames} hostile, ${report.benignFrames} odd-but-valid) over ${report.connections} connections in ${(report.elapsedMs / 1000).toFixed(1)} s = ${Math.round(report.framesSent / (report.elapsedMs / 1000))} frames/s`,
    `  closes by reason:`,
    ...sorted(report.closesByReason),
    `  hostile frames tolerated (valid by chance), by kind:`,
    ...sorted(report.toleratedByKind as Map<string, number>),
    `  unexpected closes after odd-but-valid frames: ${report.unexpectedCloses.size === 0 ? 'none' : ''}`,
    ...sorted(report.unexpectedCloses),
    `  stuck probes: ${report.stuck}, connect failures: ${report.connectFailures}`,
  ];
}
