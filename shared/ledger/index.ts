/** The AR ledger's pure rules: accounts, planners per command, status, invariants. */
export * from './accounts.ts';
export * from './ledger-state.ts';
export * from './allocate-cash.ts';
export * from './plan-invoice.ts';
export * from './plan-payment.ts';
export * from './plan-cash-application.ts';
export * from './plan-invoice-reduction.ts';
export * from './plan-reversal.ts';
export * from './invoice-status.ts';
export * from './invariants.ts';
