import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../../../server/auth/session-cache.ts';

describe('SessionCache', () => {
  const farFuture = new Date('2100-01-01T00:00:00Z');
  const now = new Date('2026-01-01T00:00:00Z');

  it('answers from memory within the TTL and forgets after it', () => {
    let clock = 0;
    const cache = new SessionCache<string>(5_000, () => clock);
    cache.set('h', 'alice', 'u1', farFuture, cache.currentGeneration);
    clock = 4_999;
    expect(cache.get('h', now)).toBe('alice');
    clock = 5_001;
    expect(cache.get('h', now)).toBeUndefined();
  });

  it('never serves a session past its own expiry', () => {
    const cache = new SessionCache<string>(5_000, () => 0);
    cache.set('h', 'alice', 'u1', new Date('2026-01-01T00:00:01Z'), cache.currentGeneration);
    expect(cache.get('h', now)).toBe('alice');
    expect(cache.get('h', new Date('2026-01-01T00:00:01Z'))).toBeUndefined();
  });

  it('forgets a token or all of a user at once, and ignores a lookup that started before the revocation', () => {
    const cache = new SessionCache<string>(5_000, () => 0);
    cache.set('a1', 'alice', 'u1', farFuture, cache.currentGeneration);
    cache.set('a2', 'alice', 'u1', farFuture, cache.currentGeneration);
    cache.set('b', 'bob', 'u2', farFuture, cache.currentGeneration);
    cache.forgetUser('u1');
    expect([cache.get('a1', now), cache.get('a2', now), cache.get('b', now)]).toEqual([undefined, undefined, 'bob']);
    const before = cache.currentGeneration;
    cache.forgetToken('b');
    cache.set('b', 'bob', 'u2', farFuture, before);
    expect(cache.get('b', now)).toBeUndefined();
  });
});
