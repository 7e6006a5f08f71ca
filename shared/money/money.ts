/**
 * Money is a bigint of minor units plus an ISO 4217 currency. Never floats. Operations refuse
 * mixed currencies (a bug, so they throw); parsing user input returns a Result instead.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';
import { isCurrency, minorUnitExponent, type Currency } from './currency.ts';

export interface Money {
  readonly amount: bigint;
  readonly currency: Currency;
}

export const money = (amount: bigint | number, currency: Currency): Money => {
  if (typeof amount === 'number' && !Number.isSafeInteger(amount)) throw new RangeError(`Money needs an integer number of minor units, got ${amount}`);
  return { amount: BigInt(amount), currency };
};

export const zero = (currency: Currency): Money => ({ amount: 0n, currency });

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new TypeError(`Currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: a.amount + b.amount, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: a.amount - b.amount, currency: a.currency };
}

export function sum(items: readonly Money[], currency: Currency): Money {
  return items.reduce((total, item) => add(total, item), zero(currency));
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export const isZero = (m: Money) => m.amount === 0n;
export const isNegative = (m: Money) => m.amount < 0n;
export const minBigint = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * Splits `total` by integer `ratios` without losing a minor unit: each share is floored and the
 * remainder goes, one unit at a time, to the largest fractional parts (ties: earlier first).
 * Deterministic, and the shares always add up to `total`.
 */
export function allocate(total: Money, ratios: readonly (bigint | number)[]): Money[] {
  const weights = ratios.map((ratio) => BigInt(ratio));
  if (weights.length === 0) throw new RangeError('allocate needs at least one ratio');
  if (weights.some((weight) => weight < 0n)) throw new RangeError('allocate ratios must not be negative');
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) throw new RangeError('allocate ratios must not all be zero');
  const sign = total.amount < 0n ? -1n : 1n;
  const magnitude = total.amount * sign;
  const shares = weights.map((weight) => (magnitude * weight) / weightSum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (magnitude * weight) % weightSum }));
  let left = magnitude - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index] = shares[index]! + 1n;
    left -= 1n;
  }
  return shares.map((share) => ({ amount: share * sign, currency: total.currency }));
}

/** Decimal major units as text ("1234.5", "-0.07") → minor units, exactly; no floats involved. */
export function parseMajorUnits(text: string, currency: string, field = 'amount'): Result<Money> {
  if (!isCurrency(currency)) return fail(ErrorCode.unknownCurrency, `Unknown currency "${currency}"`, 'currency');
  const exponent = minorUnitExponent(currency);
  // Commas are accepted only as thousands groups ("1,234.56"); a decimal comma ("12,50") would
  // otherwise read as 1,250 — a 100× amount — so anything else with a comma is refused.
  const match = /^\s*(-)?(\d{1,3}(?:,\d{3})+|\d{1,15})(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return fail(ErrorCode.validation, `"${text}" is not a decimal amount (use a point for decimals, e.g. 1234.50)`, field);
  const [, minus, grouped, fraction = ''] = match;
  const whole = grouped!.replaceAll(',', '');
  if (whole.length > 15) return fail(ErrorCode.validation, `"${text}" is too large`, field);
  if (fraction.length > exponent) return fail(ErrorCode.validation, `"${text}" has more than ${exponent} decimals for ${currency}`, field);
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return ok({ amount: minus ? -minor : minor, currency });
}

/** Minor units → plain decimal text in major units ("1234.50"), for CSV and mail. */
export function formatMajorUnits(m: Money): string {
  const exponent = minorUnitExponent(m.currency);
  const negative = m.amount < 0n;
  const digits = (negative ? -m.amount : m.amount).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
