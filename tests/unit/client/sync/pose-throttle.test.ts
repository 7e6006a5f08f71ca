import { describe, expect, it } from 'vitest';
import { throttle } from '../../../../client/sync/pose-throttle.ts';

/** A hand-driven clock: time moves only when the test says so. */
function manualClock() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number) {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(handle: unknown) {
      const index = timers.findIndex((t) => t.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        now = next.at;
        next.fn();
      }
      now = until;
    },
  };
}

describe('presence throttle', () => {
  it('sends at most 15 poses a second, and always the last one of a burst', () => {
    const clock = manualClock();
    const sent: number[] = [];
    const t = throttle<number>((v) => sent.push(v), 1000 / 15, clock);
    // 60 Hz input for one second.
    for (let frame = 0; frame < 60; frame++) {
      t.push(frame);
      clock.advance(1000 / 60);
    }
    clock.advance(200);
    expect(sent.length).toBeLessThanOrEqual(16);
    expect(sent.length).toBeGreaterThanOrEqual(14);
    expect(sent[0]).toBe(0);
    expect(sent.at(-1)).toBe(59);
    expect([...sent].sort((a, b) => a - b)).toEqual(sent);
  });

  it('sends an isolated pose at once and nothing after cancel', () => {
    const clock = manualClock();
    const sent: string[] = [];
    const t = throttle<string>((v) => sent.push(v), 100, clock);
    t.push('a');
    expect(sent).toEqual(['a']);
    t.push('b');
    t.cancel();
    clock.advance(500);
    expect(sent).toEqual(['a']);
  });
});
