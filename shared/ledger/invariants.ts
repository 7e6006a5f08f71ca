/**
 * The ledger's invariants over a journal, as a pure check (unit/property tests, and the
 * trial balance reuses the same definitions in SQL):
 * 1. every transaction balances (debits = credits);
 * 2. AR control = Σ customer balances = Σ invoice open amounts − unapplied cash, where a
 *    customer's balance is its AR minus its unapplied cash;
 * 3. no invoice is applied beyond its amount (0 ≤ open ≤ amount), no payment's unapplied cash < 0.
 */
import { Account, isBalanced, type TransactionPlan } from './accounts.ts';

export interface InvariantReport {
  readonly ok: boolean;
  readonly violations: readonly string[];
  readonly arControl: bigint;
  readonly unappliedCash: bigint;
  readonly customerBalances: ReadonlyMap<string, bigint>;
}

export function checkInvariants(journal: readonly TransactionPlan[], invoices: readonly { readonly id: string; readonly amount: bigint; readonly open: bigint }[]): InvariantReport {
  const violations: string[] = [];
  let arControl = 0n;
  let unappliedCash = 0n;
  const customerBalances = new Map<string, bigint>();
  const openByInvoice = new Map<string, bigint>();
  const unappliedByPayment = new Map<string, bigint>();
  for (const [index, plan] of journal.entries()) {
    if (!isBalanced(plan.postings)) violations.push(`transaction ${index} (${plan.kind}) does not balance`);
    for (const posting of plan.postings) {
      if (posting.account === Account.ar) {
        arControl += posting.amount;
        customerBalances.set(posting.customerId, (customerBalances.get(posting.customerId) ?? 0n) + posting.amount);
        if (!posting.invoiceId) violations.push(`transaction ${index} posts AR without an invoice`);
        else openByInvoice.set(posting.invoiceId, (openByInvoice.get(posting.invoiceId) ?? 0n) + posting.amount);
      }
      if (posting.account === Account.unappliedCash) {
        unappliedCash -= posting.amount;
        customerBalances.set(posting.customerId, (customerBalances.get(posting.customerId) ?? 0n) + posting.amount);
        if (!posting.paymentId) violations.push(`transaction ${index} posts unapplied cash without a payment`);
        else unappliedByPayment.set(posting.paymentId, (unappliedByPayment.get(posting.paymentId) ?? 0n) - posting.amount);
      }
    }
  }
  const customerTotal = [...customerBalances.values()].reduce((a, b) => a + b, 0n);
  if (customerTotal !== arControl - unappliedCash) violations.push(`Σ customer balances ${customerTotal} ≠ AR control ${arControl} − unapplied ${unappliedCash}`);
  let openTotal = 0n;
  for (const invoice of invoices) {
    const open = openByInvoice.get(invoice.id) ?? 0n;
    openTotal += open;
    if (open !== invoice.open) violations.push(`invoice ${invoice.id}: journal says ${open} open, record says ${invoice.open}`);
    if (open < 0n || open > invoice.amount) violations.push(`invoice ${invoice.id}: open ${open} outside [0, ${invoice.amount}]`);
  }
  if (openTotal !== arControl) violations.push(`Σ invoice open ${openTotal} ≠ AR control ${arControl}`);
  for (const [paymentId, unapplied] of unappliedByPayment) if (unapplied < 0n) violations.push(`payment ${paymentId}: unapplied cash ${unapplied} < 0`);
  return { ok: violations.length === 0, violations, arControl, unappliedCash, customerBalances };
}
