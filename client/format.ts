/** Display formatting only; money stays integer minor units everywhere else. */
import { isCurrency, minorUnitExponent } from '../shared/money/currency.ts';
import { formatMajorUnits } from '../shared/money/money.ts';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * How many minor units a currency has (2 for USD, 0 for JPY, 3 for KWD), from the ledger's own
 * table: Intl's idea differs for some (it shows HUF with 0 decimals, the ledger counts fillér),
 * and reading it from Intl would scale amounts by 100.
 */
export function currencyDigits(currency: string): number {
  return isCurrency(currency) ? minorUnitExponent(currency) : 2;
}

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    const digits = currencyDigits(currency);
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Formats from the exact decimal text, so no amount goes through a float on its way to the screen. */
export function formatMoney(minorUnits: number, currency: string): string {
  // Chart axes ask for fractional ticks (0.25 of a cent): shown at the nearest minor unit.
  return formatterFor(currency).format(minorToMajorText(Math.round(minorUnits), currency) as Intl.StringNumericLiteral);
}

/**
 * "1234.5" → 123450 minor units, by string arithmetic so no float ever touches the amount.
 * Returns null for anything that is not a plain non-negative decimal with at most the
 * currency's digits. A form accepts a decimal comma ("19,99"); group separators are refused.
 */
export function parseMajorToMinor(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const match = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + (fraction ? Number(fraction.padEnd(digits, '0')) : 0);
}

/** 123450 → "1234.50" for an input field. */
export function minorToMajorText(minorUnits: number, currency: string): string {
  return formatMajorUnits({ amount: BigInt(minorUnits), currency: isCurrency(currency) ? currency : 'USD' });
}

export function formatDays(days: number): string {
  return `${days.toFixed(1)} d`;
}

const dateFormatter = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

export function formatDate(isoDate: string): string {
  return dateFormatter.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export const reasonLabels: Readonly<Record<string, string>> = {
  pricing: 'Pricing',
  quantity: 'Quantity',
  quality: 'Quality',
  not_received: 'Not received',
  duplicate: 'Duplicate',
  terms: 'Terms',
  other: 'Other',
};
