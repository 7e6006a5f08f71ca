/**
 * A short-lived memo of session-cookie lookups, so an authenticated request does not pay a
 * database round trip for its cookie every time (the ledger's payments bench does ~6 round trips
 * per payment; this one is pure overhead).
 *
 * Revocation semantics (the choice, written down):
 * - In THIS process a revocation is immediate: logout (`deleteSession`) and a user change that
 *   ends their sessions (`updateUser`: deactivated, new password, new role) drop the entries.
 * - With Redis, logouts and user changes on other instances reach this one at once too (the sync
 *   server's control channel, server/sync/redis-fanout.ts).
 * - A revocation nobody announces (a manual SQL edit, a Redis outage) is seen within
 *   `SESSION_CACHE_TTL_MS` (5 s): the longest a revoked cookie keeps working here.
 * - Expiry is exact: a cached entry is still checked against the session's `expires_at`.
 * - Misses are not cached: an unknown cookie always reaches the database, and cannot fill memory.
 * Entries are bounded (oldest dropped first), so memory stays flat whatever the traffic.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry<U> {
  readonly user: U;
  readonly userId: string;
  readonly sessionExpiresAt: Date;
  readonly cachedAt: number;
}

export class SessionCache<U> {
  private readonly entries = new Map<string, Entry<U>>();
  /** Bumped by every forget: a lookup that started before a revocation must not cache its (stale) row. */
  private generation = 0;

  constructor(
    private readonly ttlMs = SESSION_CACHE_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get(tokenHash: string, now: Date): U | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (this.clock() - entry.cachedAt > this.ttlMs || entry.sessionExpiresAt <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.user;
  }

  /** Pass to `set` the value read before the database lookup began. */
  get currentGeneration(): number {
    return this.generation;
  }

  set(tokenHash: string, user: U, userId: string, sessionExpiresAt: Date, lookupGeneration: number): void {
    if (lookupGeneration !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { user, userId, sessionExpiresAt, cachedAt: this.clock() });
  }

  forgetToken(tokenHash: string): void {
    this.generation++;
    this.entries.delete(tokenHash);
  }

  forgetUser(userId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.userId === userId) this.entries.delete(hash);
  }
}
