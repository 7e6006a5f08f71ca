/**
 * Presence at most ~15 Hz (DESIGN §6): the scene may report poses every frame; only one per
 * interval goes out, and the last pose of a burst is sent when the interval ends so a peer
 * never freezes one step short of where someone stopped.
 */
export interface Throttle<T> {
  push(value: T): void;
  cancel(): void;
}

export function throttle<T>(
  send: (value: T) => void,
  intervalMs = 1000 / 15,
  clock: { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void } = {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): Throttle<T> {
  let lastSent = -Infinity;
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  const flush = () => {
    timer = null;
    if (!pending) return;
    lastSent = clock.now();
    const { value } = pending;
    pending = null;
    send(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = lastSent + intervalMs - clock.now();
      if (wait <= 0) flush();
      else if (timer === null) timer = clock.setTimeout(flush, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
