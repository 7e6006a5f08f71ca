import { describe, expect, it } from 'vitest';
import { placeholders, renderTemplate, validateTemplate } from '../../../../shared/collections/template.ts';
import { templateValues } from '../../../../shared/collections/template-values.ts';

const values = templateValues({
  customer: { name: 'Acme GmbH', ref: 'C-1' },
  contact: { name: 'Ada', email: 'ada@acme.test' },
  invoices: [
    { number: 'INV-2', dueDate: '2026-03-10', openAmount: 250, currency: 'USD' },
    { number: 'INV-1', dueDate: '2026-03-01', openAmount: 100_050, currency: 'USD' },
  ],
  asOf: '2026-03-15',
  link: 'https://cashlens.test/s/abc',
});

describe('reminder templates', () => {
  it('renders every variable, invoices sorted by due date with days late', () => {
    const rendered = renderTemplate({ subject: '{{customerName}}: {{invoiceCount}} invoices', body: 'Dear {{ contactName }}, {{totalAmount}} open since {{earliestDueDate}} ({{maxDaysLate}} days).\n{{invoiceList}}\n{{link}}' }, values);
    expect(rendered).toEqual({
      ok: true,
      value: {
        subject: 'Acme GmbH: 2 invoices',
        body: 'Dear Ada, 1003.00 USD open since 2026-03-01 (14 days).\n- INV-1: 1000.50 USD due 2026-03-01 (14 days late)\n- INV-2: 2.50 USD due 2026-03-10 (5 days late)\nhttps://cashlens.test/s/abc',
      },
    });
  });

  it('rejects an unknown variable at save, naming it and the field', () => {
    const result = validateTemplate({ subject: 'Hi', body: 'Pay {{totalAmount}} by {{payByDate}}' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.field).toBe('body');
      expect(result.error.message).toContain('payByDate');
      expect(result.error.details).toEqual({ variable: 'payByDate' });
    }
  });

  it('lists the variables a valid template uses, once each', () => {
    expect(validateTemplate({ subject: '{{customerName}}', body: '{{customerName}} {{link}}' })).toEqual({ ok: true, value: { variables: ['customerName', 'link'] } });
    expect(placeholders('{{a}} {{ b }} {{a}}')).toEqual(['a', 'b']);
  });

  it('rendering refuses an unknown variable rather than leaving it blank', () => {
    const result = renderTemplate({ subject: '{{nope}}', body: '' }, values);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.field).toBe('subject');
  });

  it('falls back to the customer name without a contact', () => {
    const bare = templateValues({ customer: { name: 'Solo Ltd', ref: 'S' }, contact: undefined, invoices: [], asOf: '2026-01-01', link: '' });
    expect(bare.contactName).toBe('Solo Ltd');
    expect(bare.invoiceCount).toBe('0');
  });
});
