/**
 * Group commit: requests that arrive while `maxInFlight` batches are already running wait and
 * then go together, up to `maxBatch` at a time, into one `runBatch` call. An idle server runs
 * each request at once on its own (a batch of one, no added latency); under load the batches
 * grow by themselves, so a transaction's fixed costs (begin, locks, commit and its WAL flush,
 * round trips) are paid once per batch instead of once per request.
 */
export interface GroupCommitOptions<I, O> {
  readonly maxBatch: number;
  readonly maxInFlight: number;
  /**
   * Settles every item on its own, in order (one request's failure is not its neighbours'); a
   * throw fails every item of the batch (when no item's outcome is known, e.g. a failed commit).
   */
  readonly runBatch: (items: readonly I[]) => Promise<readonly PromiseSettledResult<O>[]>;
}

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (outcome: O) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Batches run so far and the items in them (for benchmarks and tests). */
  stats(): { readonly batches: number; readonly items: number; readonly largest: number };
}

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const queue: Waiting<I, O>[] = [];
  let inFlight = 0;
  let batches = 0;
  let items = 0;
  let largest = 0;

  function started(items: readonly I[]): Promise<readonly PromiseSettledResult<O>[]> {
    try {
      return options.runBatch(items);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      batches++;
      items += batch.length;
      largest = Math.max(largest, batch.length);
      // The next batch starts before this one's callers resume.
      const done = () => {
        inFlight--;
        pump();
      };
      started(batch.map((waiting) => waiting.item)).then(
        (outcomes) => {
          done();
          batch.forEach((waiting, index) => {
            const outcome = outcomes[index];
            if (outcome?.status === 'fulfilled') waiting.resolve(outcome.value);
            else waiting.reject(outcome ? outcome.reason : new Error('group commit: no outcome for this request'));
          });
        },
        (error: unknown) => {
          done();
          batch.forEach((waiting) => waiting.reject(error));
        },
      );
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    stats: () => ({ batches, items, largest }),
  };
}
