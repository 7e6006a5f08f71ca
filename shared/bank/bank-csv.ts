/**
 * A bank's CSV export → the same `BankStatement` a CAMT.053 file gives, through a column
 * mapping (banks name and format their columns differently). Pure: records in (already split by
 * a CSV parser, header first), statement or a domain error naming row and column out. Negative
 * amounts are money out and skipped. Rows without a transaction id get a digest reference plus
 * the count of identical rows before them, so re-importing the same file claims the same refs.
 */
import { ErrorCode } from '../errors.ts';
import { parseMajorUnits } from '../money/money.ts';
import { isCurrency } from '../money/currency.ts';
import { fail, ok, type Result } from '../result.ts';
import type { BankLine, BankStatement, SkippedEntry } from './camt053.ts';

export const DateFormat = { iso: 'YYYY-MM-DD', european: 'DD.MM.YYYY', us: 'MM/DD/YYYY' } as const;
export type DateFormat = (typeof DateFormat)[keyof typeof DateFormat];

export interface BankCsvMapping {
  readonly account: string;
  readonly currency: string;
  /** Header names of the columns. */
  readonly date: string;
  readonly amount: string;
  readonly reference?: string;
  readonly name?: string;
  readonly iban?: string;
  readonly id?: string;
  readonly dateFormat?: DateFormat;
  /** "1.234,56" rather than "1,234.56". */
  readonly decimalComma?: boolean;
}

function toIsoDate(text: string, format: DateFormat): string | undefined {
  const t = text.trim();
  const parts =
    format === DateFormat.iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(t)?.slice(1) : format === DateFormat.european ? /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(t)?.slice(1).reverse() : (([m, d, y]) => (y ? [y, m, d] : undefined))(/^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t)?.slice(1) ?? []);
  if (!parts || parts.length !== 3) return undefined;
  const iso = parts.join('-');
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function digest(input: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) hash = Math.imul(hash ^ input.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

export function parseBankCsv(records: readonly (readonly string[])[], mapping: BankCsvMapping): Result<BankStatement> {
  if (!isCurrency(mapping.currency)) return fail(ErrorCode.unknownCurrency, `Unknown currency "${mapping.currency}".`, 'currency');
  const [header, ...rows] = records;
  if (!header) return fail(ErrorCode.validation, 'The CSV is empty.', 'body');
  const names = header.map((cell) => cell.replace(/^\uFEFF/, '').trim().toLowerCase());
  const columns: Partial<Record<'date' | 'amount' | 'reference' | 'name' | 'iban' | 'id', number>> = {};
  for (const key of ['date', 'amount', 'reference', 'name', 'iban', 'id'] as const) {
    const wanted = mapping[key];
    if (wanted === undefined) continue;
    const index = names.indexOf(wanted.trim().toLowerCase());
    if (index < 0) return fail(ErrorCode.validation, `The header has no column "${wanted}" (mapped as ${key}); it has: ${header.join(', ')}.`, key);
    columns[key] = index;
  }

  const lines: BankLine[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Map<string, number>();
  for (const [i, record] of rows.entries()) {
    const row = i + 2;
    if (record.every((cell) => cell.trim() === '')) continue;
    const cell = (key: keyof typeof columns) => (columns[key] === undefined ? undefined : (record[columns[key]!] ?? '').trim() || undefined);
    const bookingDate = toIsoDate(cell('date') ?? '', mapping.dateFormat ?? DateFormat.iso);
    if (!bookingDate) return fail(ErrorCode.validation, `Row ${row}: "${cell('date') ?? ''}" is not a date in ${mapping.dateFormat ?? DateFormat.iso}.`, `row ${row}: ${mapping.date}`);
    const rawAmount = (cell('amount') ?? '').replace(/\s/g, '');
    const normalized = mapping.decimalComma ? rawAmount.replaceAll('.', '').replace(',', '.') : rawAmount.replaceAll(',', '');
    const amount = parseMajorUnits(normalized, mapping.currency, `row ${row}: ${mapping.amount}`);
    if (!amount.ok) return fail(ErrorCode.validation, `Row ${row}: ${amount.error.message}.`, `row ${row}: ${mapping.amount}`);
    const label = `row ${row}`;
    if (amount.value.amount <= 0n) {
      skipped.push({ label, reason: amount.value.amount === 0n ? 'zero amount' : 'debit (money out)' });
      continue;
    }
    const reference = cell('reference');
    const debtorName = cell('name');
    const debtorIban = cell('iban')?.replace(/\s+/g, '').toUpperCase();
    const content = [bookingDate, amount.value.amount, debtorName, debtorIban, reference].join('|');
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    const ref = cell('id') ?? `csv:${bookingDate}:${digest(content)}:${occurrence}`;
    lines.push({ ref, label, bookingDate, amount: amount.value.amount, currency: mapping.currency, debtorName, debtorIban, endToEndId: undefined, remittance: { structured: [], unstructured: reference ? [reference] : [] } });
  }
  const account = mapping.account.replace(/\s+/g, '').toUpperCase();
  return ok({ messageId: `csv:${account}`, statementId: `csv:${account}:${lines[0]?.bookingDate ?? ''}`, accountIban: account, currency: mapping.currency, lines, skipped });
}
