/**
 * A small seeded PRNG for the fuzzers (sfc32): the same seed gives the same frames and bodies,
 * so a failure reproduces with `FUZZ_SEED=<seed printed by the test>`.
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  bytes(n: number): Uint8Array;
  /** Printable junk, sometimes with quotes, control characters, emoji and SQL-ish bits. */
  text(maxLength: number): string;
}

export function fuzzSeed(): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (Date.now() % 1_000_000_007) + 1;
}

const TEXT_PIECES = ['a', 'Z', '0', ' ', '"', "'", '\\', '\u0000', '\n', '%', '€', '😀', "'; drop table invoices; --", '<script>', '../', '{{x}}', '${x}', '\uD800'];

export function createRandom(seed: number): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162 ^ (seed * 17);
  let d = seed | 0;
  const next = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  const random: Random = {
    seed,
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
    text: (maxLength) => {
      let out = '';
      const length = Math.floor(next() * (maxLength + 1));
      while (out.length < length) out += random.pick(TEXT_PIECES);
      return out.slice(0, Math.max(length, 0));
    },
  };
  return random;
}
