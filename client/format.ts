/** Display formatting only; money stays integer minor units everywhere else. */
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** How many minor units a currency has (2 for USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

export function formatMoney(minorUnits: number, currency: string): string {
  return formatterFor(currency).format(minorUnits / 10 ** currencyDigits(currency));
}

/**
 * "1234.5" → 123450 minor units, by string arithmetic so no float ever touches the amount.
 * Returns null for anything that is not a plain non-negative decimal with at most the
 * currency's digits.
 */
export function parseMajorToMinor(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const match = /^\s*(\d{1,13})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(match[1]) * 10 ** digits + (fraction ? Number(fraction.padEnd(digits, '0')) : 0);
}

/** 123450 → "1234.50" for an input field, by string arithmetic (no float rounding). */
export function minorToMajorText(minorUnits: number, currency: string): string {
  const digits = currencyDigits(currency);
  if (digits === 0) return String(minorUnits);
  const text = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  return `${minorUnits < 0 ? '-' : ''}${text.slice(0, -digits)}.${text.slice(-digits)}`;
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
