import { describe, expect, it } from 'vitest';
import { Limiter } from '../../../../server/sync/limiter.ts';

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, in arrival order, and keeps going after a failure', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (n === 3) throw new Error('task 3 failed');
      return n;
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => limiter.run(task(n))));
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // The slots are all free again: two more run at once.
    await Promise.all([limiter.run(task(7)), limiter.run(task(8))]);
    expect(peak).toBe(2);
  });
});
