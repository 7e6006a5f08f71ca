import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../../../server/ledger/group-commit.ts';

/** A batch runner the test finishes by hand, recording the batches it was given. */
function manualRunner() {
  const batches: number[][] = [];
  const finishers: (() => void)[] = [];
  const runBatch = (items: readonly number[]) => {
    batches.push([...items]);
    return new Promise<PromiseSettledResult<number>[]>((resolve) => finishers.push(() => resolve(items.map((item) => ({ status: 'fulfilled', value: item * 10 })))));
  };
  return { batches, runBatch, finishNext: () => finishers.shift()!() };
}

describe('group commit', () => {
  it('runs a request at once while below the in-flight limit, then groups the ones that waited', async () => {
    const runner = manualRunner();
    const group = createGroupCommit({ maxBatch: 3, maxInFlight: 2, runBatch: runner.runBatch });
    const answers = [1, 2, 3, 4, 5, 6, 7].map((item) => group.submit(item));
    expect(runner.batches).toEqual([[1], [2]]);
    runner.finishNext();
    await answers[0];
    expect(runner.batches).toEqual([[1], [2], [3, 4, 5]]);
    runner.finishNext();
    await answers[1];
    expect(runner.batches).toEqual([[1], [2], [3, 4, 5], [6, 7]]);
    runner.finishNext();
    runner.finishNext();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(group.stats()).toEqual({ batches: 4, items: 7, largest: 3 });
  });

  it('fails every request of a batch that throws, each of one that settles per request on its own, and carries on', async () => {
    let calls = 0;
    const group = createGroupCommit<number, number>({
      maxBatch: 10,
      maxInFlight: 1,
      runBatch: async (items) => {
        calls++;
        if (calls === 2) throw new Error('database went away');
        return items.map((item) => (item === 5 ? { status: 'rejected', reason: new Error('five is refused') } : { status: 'fulfilled', value: item + 1 }));
      },
    });
    const first = group.submit(1);
    const waiting = [group.submit(2), group.submit(3)];
    const settled = await Promise.allSettled([first, ...waiting]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    // One request's failure is its own: the others of its batch still get their answers.
    const next = [group.submit(4), group.submit(5), group.submit(6)];
    const mixed = await Promise.allSettled(next);
    expect(mixed.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message))).toEqual([5, 'five is refused', 7]);
  });
});
