/**
 * When a message whose send failed is tried again: exponential from one minute, capped at six
 * hours, so an SMTP outage of a day costs a handful of attempts and nothing is dropped.
 */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 6 * 60 * 60_000;

/** `attempts`: how many sends have failed so far (≥ 1). */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
}
