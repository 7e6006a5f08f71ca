/**
 * Honest participants (the stock y-websocket provider, via sync-fixtures' `join`) that keep
 * editing while the fuzzers attack: every participant moves its own placement every `intervalMs`
 * and every other participant times its arrival. Keys repeat so the document stays small.
 */
import { setPlacement } from '../../shared/doc/index.ts';
import { join, type Credentials, type Participant } from '../integration/sync/sync-fixtures.ts';

export interface HonestTraffic {
  readonly participants: readonly Participant[];
  /** Write → arrival at each other participant, in ms. */
  readonly latenciesMs: number[];
  /** Writes not yet seen by every other participant. */
  pendingArrivals(): number;
  /** How often a provider's socket closed (it should never, while others fuzz). */
  disconnects(): number;
  stop(): void;
  /** Leaves: destroys the providers and documents and forgets them. */
  destroy(): void;
}

const KEYS_PER_WRITER = 8;

export async function startHonestTraffic(wsBase: string, sessionId: string, credentials: Credentials, count: number, intervalMs: number): Promise<HonestTraffic> {
  const participants = Array.from({ length: count }, () => join(wsBase, sessionId, 'shared', credentials));
  await Promise.all(participants.map((p) => p.synced));
  const sentAt = new Map<string, { at: number; waiting: number }>();
  const latenciesMs: number[] = [];
  let disconnects = 0;
  participants.forEach((p, index) => {
    p.provider.awareness.setLocalState({ user: { id: `honest-${index}`, name: `Honest ${index}`, role: 'finance', color: '#123456' } });
    p.provider.on('connection-close', () => disconnects++);
    p.doc.getMap('placements').observe((event) => {
      const now = performance.now();
      for (const key of event.keysChanged) {
        if (!key.startsWith('product:honest-') || key.startsWith(`product:honest-${index}-`)) continue;
        const value = event.target.get(key) as { position: number[] } | undefined;
        const writer = key.split('-')[1];
        const write = sentAt.get(`${writer}:${value?.position[0]}`);
        if (!write) continue;
        latenciesMs.push(now - write.at);
        if (--write.waiting === 0) sentAt.delete(`${writer}:${value?.position[0]}`);
      }
    });
  });
  let seq = 0;
  const timer = setInterval(() => {
    seq++;
    participants.forEach((p, index) => {
      sentAt.set(`${index}:${seq}`, { at: performance.now(), waiting: count - 1 });
      setPlacement(p.doc, `product:honest-${index}-${seq % KEYS_PER_WRITER}`, [seq, 0, 0], [0, 0, 0, 1], `honest-${index}`);
    });
  }, intervalMs);
  return {
    participants,
    latenciesMs,
    pendingArrivals: () => sentAt.size,
    disconnects: () => disconnects,
    stop: () => clearInterval(timer),
    destroy: () => {
      clearInterval(timer);
      // Let the documents go, so heap measurements after this see only the server.
      for (const p of participants.splice(0)) p.destroy();
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
