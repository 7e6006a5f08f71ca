/**
 * A customer's collection risk from its open balances, for lists and cards: high when anything
 * is 61+ days past due or more than half the open AR is overdue, or the credit limit is
 * exceeded; medium when anything is overdue or the limit is 80 % used; low otherwise.
 */
export type CustomerRisk = 'low' | 'medium' | 'high';

export interface RiskFacts {
  readonly open: bigint;
  readonly overdue: bigint;
  readonly overdue61: bigint;
  readonly creditLimit: bigint;
}

export function customerRisk(facts: RiskFacts): CustomerRisk {
  const overLimit = facts.creditLimit > 0n && facts.open > facts.creditLimit;
  if (facts.overdue61 > 0n || overLimit || (facts.open > 0n && facts.overdue * 2n > facts.open)) return 'high';
  if (facts.overdue > 0n || (facts.creditLimit > 0n && facts.open * 10n >= facts.creditLimit * 8n)) return 'medium';
  return 'low';
}
