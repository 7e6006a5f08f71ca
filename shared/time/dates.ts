/**
 * Calendar dates as 'YYYY-MM-DD' strings in UTC. Day arithmetic goes through epoch days so
 * there are no time zones or DST in the ledger.
 */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a day; months and days overflow like Date.UTC's. */
function utcMidnight(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  // Not Date.UTC(year, …): it reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

/**
 * A day the ledger accepts: a real calendar day of 1900–9999, the same range as the API's
 * IsoDate schema (shared/schemas/common.ts), so a CSV row cannot store what a request may not.
 */
export function isLedgerDate(value: string): value is IsoDate {
  return isIsoDate(value) && value >= '1900-01-01';
}

/** A real day of years 0001–9999. Year 0000 is refused: PostgreSQL has none (1 BC precedes AD 1). */
export function isIsoDate(value: string): value is IsoDate {
  const match = ISO_DATE.exec(value);
  if (!match || match[1] === '0000') return false;
  const date = utcMidnight(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toISOString().slice(0, 10) === value;
}

export function toEpochDay(date: IsoDate): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** b − a in whole days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function utcDate(instant: Date): IsoDate {
  return instant.toISOString().slice(0, 10);
}

export function daysInMonth(year: number, month1: number): number {
  return utcMidnight(year, month1, 0).getUTCDate();
}

/** A calendar month as 'YYYY-MM'. ISO months, like ISO dates, sort correctly as strings. */
export type IsoMonth = string;

/** The month a date falls in. */
export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

/** Day of the month, 1–31. */
export function dayOfMonth(date: IsoDate): number {
  return Number(date.slice(8, 10));
}

/** `month` moved by `months` calendar months (negative goes back). */
export function addMonths(month: IsoMonth, months: number): IsoMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

/** Number of days in a 'YYYY-MM' month. */
export function daysInMonthOf(month: IsoMonth): number {
  return daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

/** The last day of a 'YYYY-MM' month. */
export function lastDayOfMonth(month: IsoMonth): IsoDate {
  return `${month}-${String(daysInMonthOf(month)).padStart(2, '0')}`;
}
