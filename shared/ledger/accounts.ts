/**
 * The chart of accounts of the AR ledger and the shape of one posting.
 * Invariants every plan keeps: the postings of one transaction sum to zero (debits = credits,
 * debit positive); AR postings always name an invoice (the customer subledger is AR by invoice);
 * unapplied-cash postings always name the payment whose cash they hold.
 */
export const Account = {
  /** Accounts receivable, per customer and invoice (the subledger). */
  ar: 'ar',
  cash: 'cash',
  revenue: 'revenue',
  taxPayable: 'tax_payable',
  /** Cash received but not applied to an invoice: the customer's credit, per payment. */
  unappliedCash: 'unapplied_cash',
  writeOffExpense: 'write_off_expense',
} as const;
export type Account = (typeof Account)[keyof typeof Account];
export const accounts: readonly Account[] = Object.values(Account);

export const TransactionKind = {
  invoice: 'invoice',
  payment: 'payment',
  application: 'application',
  unapplication: 'unapplication',
  creditNote: 'credit_note',
  writeOff: 'write_off',
  refund: 'refund',
  reversal: 'reversal',
} as const;
export type TransactionKind = (typeof TransactionKind)[keyof typeof TransactionKind];

/** One line of a journal transaction. `amount` > 0 is a debit, < 0 a credit, in minor units. */
export interface Posting {
  readonly account: Account;
  readonly amount: bigint;
  readonly customerId: string;
  readonly invoiceId?: string;
  readonly paymentId?: string;
}

export interface TransactionPlan {
  readonly kind: TransactionKind;
  readonly customerId: string;
  readonly currency: string;
  /** Effective (accounting) date, YYYY-MM-DD. */
  readonly date: string;
  readonly postings: readonly Posting[];
  readonly reversesId?: string;
}

export const debit = (account: Account, amount: bigint, refs: Omit<Posting, 'account' | 'amount'>): Posting => ({ account, amount, ...refs });
export const credit = (account: Account, amount: bigint, refs: Omit<Posting, 'account' | 'amount'>): Posting => ({ account, amount: -amount, ...refs });

/** Zero postings are dropped: they carry no information and would only clutter the journal. */
export function transaction(plan: TransactionPlan): TransactionPlan {
  return { ...plan, postings: plan.postings.filter((posting) => posting.amount !== 0n) };
}

export function isBalanced(postings: readonly Posting[]): boolean {
  return postings.reduce((total, posting) => total + posting.amount, 0n) === 0n;
}
