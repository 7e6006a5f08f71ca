import { describe, expect, it } from 'vitest';
import { evaluateHold } from '../../../../shared/collections/credit-hold.ts';

const base = { creditLimit: 10_000n, unbilledOrders: 0n, overdueThreshold: 0n };

describe('credit holds', () => {
  it('counts unbilled orders in the exposure and holds above the limit', () => {
    const decision = evaluateHold({ ...base, unbilledOrders: 3_000n, invoices: [{ number: 'A', dueDate: '2026-03-01', openAmount: 7_001n }] }, '2026-03-05');
    expect(decision).toMatchObject({ exposure: 10_001n, onHold: true, reason: 'credit_limit', alert: 'limit_100' });
  });

  it('alerts at 80 % and 100 % without holding at exactly the limit', () => {
    expect(evaluateHold({ ...base, invoices: [{ number: 'A', dueDate: '2026-03-01', openAmount: 7_999n }] }, '2026-03-05')).toMatchObject({ onHold: false, alert: null });
    expect(evaluateHold({ ...base, invoices: [{ number: 'A', dueDate: '2026-03-01', openAmount: 8_000n }] }, '2026-03-05')).toMatchObject({ onHold: false, alert: 'limit_80' });
    expect(evaluateHold({ ...base, invoices: [{ number: 'A', dueDate: '2026-03-01', openAmount: 10_000n }] }, '2026-03-05')).toMatchObject({ onHold: false, alert: 'limit_100' });
  });

  it('holds when an invoice is 61+ days past due above the threshold', () => {
    const invoices = [{ number: 'OLD', dueDate: '2026-01-01', openAmount: 500n }];
    expect(evaluateHold({ ...base, invoices }, '2026-03-02')).toMatchObject({ onHold: false }); // 60 days
    expect(evaluateHold({ ...base, invoices }, '2026-03-03')).toMatchObject({ onHold: true, reason: 'overdue_61' }); // 61 days
    expect(evaluateHold({ ...base, overdueThreshold: 500n, invoices }, '2026-03-03')).toMatchObject({ onHold: false });
  });

  it('treats a zero limit as no limit', () => {
    expect(evaluateHold({ ...base, creditLimit: 0n, invoices: [{ number: 'A', dueDate: '2026-03-01', openAmount: 1n }] }, '2026-03-02')).toMatchObject({ onHold: false, alert: null });
  });
});
