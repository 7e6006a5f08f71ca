/**
 * Cash application rules for one bank line, pure. In order:
 *  1. reference — invoice numbers found in the structured or unstructured remittance; the amount
 *     is spread over the referenced open invoices oldest-due first (partial and multi-invoice
 *     payments), anything beyond them stays unapplied cash of that customer;
 *  2. exact amount and customer — the payer is known (IBAN or name remembered from an earlier
 *     confirmation, or the name equals a customer's) and the amount equals exactly one open
 *     invoice of theirs, or all of their open invoices together.
 * Anything else — unknown payer, several candidates, invoices of several customers, another
 * currency — goes to review with suggestions. Never guesses: a wrong automatic match is worse
 * than a review item.
 */
import type { BankLine } from './camt053.ts';

export interface OpenInvoiceFact {
  readonly number: string;
  readonly customerId: string;
  readonly customerRef: string;
  readonly currency: string;
  readonly dueDate: string;
  readonly openAmount: bigint;
}

export interface MatchFacts {
  /** Invoices whose numbers occur in the line's remittance, keyed by `normalizeInvoiceToken`. */
  readonly referenced: ReadonlyMap<string, OpenInvoiceFact>;
  /** The customer the payer is known as (remembered identity or exact name), if any. */
  readonly payer: { readonly customerId: string; readonly customerRef: string; readonly via: string } | undefined;
  /** Open invoices of `payer`, when known. */
  readonly payerOpenInvoices: readonly OpenInvoiceFact[];
  /** Open invoices of anyone whose open amount equals the line's amount (for suggestions). */
  readonly sameAmountInvoices: readonly OpenInvoiceFact[];
}

export interface Allocation {
  readonly invoiceNumber: string;
  readonly amount: bigint;
}

export type MatchDecision =
  | { readonly kind: 'post'; readonly customerId: string; readonly customerRef: string; readonly allocations: readonly Allocation[]; readonly unapplied: bigint; readonly reason: string }
  | { readonly kind: 'review'; readonly reason: string; readonly customerId: string | undefined; readonly suggestions: readonly OpenInvoiceFact[] };

export const normalizeInvoiceToken = (token: string) => token.toUpperCase();
export const normalizeName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
export const normalizeIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();

/** Words of the remittance that could be invoice numbers ("INV-1001", "2024/17"), with whole structured refs. */
export function invoiceTokens(line: Pick<BankLine, 'remittance'>): string[] {
  const tokens = new Set<string>();
  const add = (token: string) => {
    const trimmed = token.replace(/^[.#:\-]+|[.#:\-]+$/g, '');
    if (trimmed.length >= 2 && trimmed.length <= 64 && /\d/.test(trimmed)) tokens.add(trimmed);
  };
  for (const ref of line.remittance.structured) add(ref.trim());
  for (const text of [...line.remittance.structured, ...line.remittance.unstructured]) for (const word of text.split(/[\s,;+&()]+/)) add(word);
  return [...tokens];
}

const byDue = (a: OpenInvoiceFact, b: OpenInvoiceFact) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number);

/** Spreads `amount` over `invoices` oldest-due first; what is left is unapplied. */
export function allocateOldestFirst(amount: bigint, invoices: readonly OpenInvoiceFact[]): { allocations: Allocation[]; unapplied: bigint } {
  let left = amount;
  const allocations: Allocation[] = [];
  for (const invoice of [...invoices].sort(byDue)) {
    if (left === 0n) break;
    const share = invoice.openAmount < left ? invoice.openAmount : left;
    if (share > 0n) allocations.push({ invoiceNumber: invoice.number, amount: share });
    left -= share;
  }
  return { allocations, unapplied: left };
}

export function matchPayment(line: Pick<BankLine, 'amount' | 'currency' | 'remittance'>, facts: MatchFacts): MatchDecision {
  const review = (reason: string, suggestions: readonly OpenInvoiceFact[], customerId = facts.payer?.customerId): MatchDecision => ({ kind: 'review', reason, customerId, suggestions: [...suggestions].sort(byDue).slice(0, 10) });

  const referenced = [...new Map([...facts.referenced.values()].map((invoice) => [invoice.number, invoice])).values()];
  if (referenced.length > 0) {
    const customers = new Set(referenced.map((invoice) => invoice.customerId));
    if (customers.size > 1) return review(`The remittance names invoices of ${customers.size} customers.`, referenced, undefined);
    const [first] = referenced as [OpenInvoiceFact];
    if (referenced.some((invoice) => invoice.currency !== line.currency)) return review(`The remittance names invoices in another currency than the payment (${line.currency}).`, referenced, first.customerId);
    const open = referenced.filter((invoice) => invoice.openAmount > 0n);
    if (open.length === 0) return review(`The invoices named (${referenced.map((i) => i.number).join(', ')}) are already settled.`, facts.payerOpenInvoices, first.customerId);
    const { allocations, unapplied } = allocateOldestFirst(line.amount, open);
    const names = open.map((invoice) => invoice.number).join(', ');
    return { kind: 'post', customerId: first.customerId, customerRef: first.customerRef, allocations, unapplied, reason: `reference ${names}${unapplied > 0n ? '; the rest kept as unapplied cash' : ''}` };
  }

  if (facts.payer) {
    const open = facts.payerOpenInvoices.filter((invoice) => invoice.currency === line.currency && invoice.openAmount > 0n);
    const exact = open.filter((invoice) => invoice.openAmount === line.amount);
    if (exact.length === 1) {
      const [invoice] = exact as [OpenInvoiceFact];
      return { kind: 'post', customerId: facts.payer.customerId, customerRef: facts.payer.customerRef, allocations: [{ invoiceNumber: invoice.number, amount: line.amount }], unapplied: 0n, reason: `exact amount of ${invoice.number}, payer known by ${facts.payer.via}` };
    }
    if (exact.length > 1) return review(`${exact.length} open invoices of ${facts.payer.customerRef} have exactly this amount.`, exact);
    const total = open.reduce((sum, invoice) => sum + invoice.openAmount, 0n);
    if (open.length > 1 && total === line.amount) {
      return { kind: 'post', customerId: facts.payer.customerId, customerRef: facts.payer.customerRef, allocations: open.map((i) => ({ invoiceNumber: i.number, amount: i.openAmount })), unapplied: 0n, reason: `all open invoices of ${facts.payer.customerRef}, payer known by ${facts.payer.via}` };
    }
    return review(`No reference, and no open invoice of ${facts.payer.customerRef} matches this amount.`, open);
  }

  const candidates = facts.sameAmountInvoices.filter((invoice) => invoice.currency === line.currency);
  return review(candidates.length > 0 ? `Unknown payer; ${candidates.length} open invoice(s) have exactly this amount.` : 'Unknown payer and no reference to an invoice.', candidates, undefined);
}
