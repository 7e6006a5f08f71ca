import { describe, expect, it } from 'vitest';
import { MAX_RETRY_MS, retryDelayMs } from '../../../../shared/collections/retry-backoff.ts';

describe('mail retry backoff', () => {
  it('doubles from a minute and caps at six hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(9)).toBe(256 * 60_000);
    expect(retryDelayMs(10)).toBe(MAX_RETRY_MS);
    expect(retryDelayMs(500)).toBe(MAX_RETRY_MS);
  });
});
