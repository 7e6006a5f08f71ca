import { describe, expect, it } from 'vitest';
import { cadenceFor, validateSteps, type Cadence } from '../../../../shared/collections/cadence.ts';

describe('cadences', () => {
  it('sorts valid steps by offset', () => {
    const result = validateSteps([{ offsetDays: 7, templateId: 'b' }, { offsetDays: -3, templateId: 'a' }]);
    expect(result).toEqual({ ok: true, value: [{ offsetDays: -3, templateId: 'a' }, { offsetDays: 7, templateId: 'b' }] });
  });

  it('rejects overlapping steps (two on the same day), naming the step', () => {
    const result = validateSteps([{ offsetDays: 1, templateId: 'a' }, { offsetDays: 7, templateId: 'b' }, { offsetDays: 1, templateId: 'c' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('overlap');
      expect(result.error.field).toBe('steps.2.offsetDays');
    }
  });

  it('rejects no steps, fractional and out-of-range offsets', () => {
    expect(validateSteps([]).ok).toBe(false);
    const fractional = validateSteps([{ offsetDays: 1.5, templateId: 'a' }]);
    expect(!fractional.ok && fractional.error.field).toBe('steps.0.offsetDays');
    expect(validateSteps([{ offsetDays: 400, templateId: 'a' }]).ok).toBe(false);
  });

  it('picks the customer override, then the segment, then the default', () => {
    const cadences: Cadence[] = [
      { id: 'd', segment: 'default', customerId: null, steps: [] },
      { id: 's', segment: 'enterprise', customerId: null, steps: [] },
      { id: 'c', segment: null, customerId: 'cust-1', steps: [] },
    ];
    expect(cadenceFor(cadences, { id: 'cust-1', segment: 'enterprise' })?.id).toBe('c');
    expect(cadenceFor(cadences, { id: 'cust-2', segment: 'enterprise' })?.id).toBe('s');
    expect(cadenceFor(cadences, { id: 'cust-3', segment: 'smb' })?.id).toBe('d');
    expect(cadenceFor([], { id: 'x', segment: 'smb' })).toBeUndefined();
  });
});
