/**
 * The demo company, generated deterministically (fixed seed) relative to an anchor date: ~40
 * customers with sales owners and credit limits, ~1,500 invoices over 18 months, payment
 * behaviour from prompt to chronic, and a few disputes. Plain data; the seed writer posts it.
 */
import { addDays, fromEpochDay, toEpochDay, type IsoDate } from '../../shared/time/dates.ts';
import type { StaffRole } from '../../shared/roles.ts';

export const DEMO_PASSWORD = 'cashlens-demo';

export interface DemoUser {
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
}

export type PayerProfile = 'prompt' | 'steady' | 'late' | 'chronic' | 'disputer';

export interface DemoCustomer {
  readonly ref: string;
  readonly name: string;
  readonly currency: string;
  readonly salesOwnerEmail: string;
  readonly creditLimit: number;
  readonly paymentTermsDays: number;
  readonly segment: string;
  readonly profile: PayerProfile;
  readonly contacts: readonly { name: string; email: string; phone: string }[];
}

export interface DemoInvoice {
  readonly customerRef: string;
  readonly number: string;
  readonly issueDate: IsoDate;
  readonly dueDate: IsoDate;
  readonly currency: string;
  readonly lines: readonly { description: string; quantity: number; unitPrice: number }[];
  /** Sum of lines, minor units. */
  readonly amount: number;
}

export interface DemoPayment {
  readonly customerRef: string;
  readonly date: IsoDate;
  readonly amount: number;
  readonly currency: string;
  readonly reference: string;
  readonly allocations: readonly { invoiceNumber: string; amount: number }[];
}

export type DisputeReasonCode = 'pricing' | 'quantity' | 'quality' | 'not_received' | 'duplicate' | 'terms';

export interface DemoDispute {
  readonly invoiceNumber: string;
  readonly openedOn: IsoDate;
  readonly reason: DisputeReasonCode;
  readonly note: string;
  readonly resolution?: { readonly on: IsoDate; readonly outcome: 'credit' | 'upheld' | 'rejected'; readonly creditAmount?: number; readonly note: string };
}

export interface DemoCompany {
  readonly asOf: IsoDate;
  readonly users: readonly DemoUser[];
  readonly customers: readonly DemoCustomer[];
  readonly invoices: readonly DemoInvoice[];
  readonly payments: readonly DemoPayment[];
  readonly disputes: readonly DemoDispute[];
}

/** mulberry32: tiny, fast, good enough for demo data, and the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const companyWords = ['Aster', 'Borealis', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Meridian', 'Nimbus', 'Orchid', 'Pioneer', 'Quarry', 'Redwood', 'Summit', 'Tidal'];
const companyKinds = ['Manufacturing', 'Logistics', 'Foods', 'Robotics', 'Clinics', 'Builders', 'Energy', 'Retail'];
const products = [
  { description: 'Packaging line PX-200 maintenance plan', price: 185_000 },
  { description: 'Conveyor module CM-12', price: 420_000 },
  { description: 'Spare parts kit', price: 38_500 },
  { description: 'On-site service visit', price: 95_000 },
  { description: 'Sensor upgrade pack', price: 61_200 },
  { description: 'Operator training day', price: 120_000 },
  { description: 'Robotic arm RA-6 lease (monthly)', price: 310_000 },
];
const salesTeam: DemoUser[] = [
  { email: 'sam.sales@demo.cashlens.test', name: 'Sam Ortega', role: 'sales' },
  { email: 'priya.sales@demo.cashlens.test', name: 'Priya Nair', role: 'sales' },
  { email: 'leo.sales@demo.cashlens.test', name: 'Leo Brandt', role: 'sales' },
];
export const demoUsers: readonly DemoUser[] = [
  { email: 'admin@demo.cashlens.test', name: 'Ada Admin', role: 'admin' },
  { email: 'finance@demo.cashlens.test', name: 'Fran Finance', role: 'finance' },
  ...salesTeam,
];

const profileDelay: Record<PayerProfile, (rnd: () => number) => number | null> = {
  prompt: (rnd) => Math.round(-5 + rnd() * 7),
  steady: (rnd) => Math.round(-2 + rnd() * 14),
  late: (rnd) => Math.round(8 + rnd() * 35),
  chronic: (rnd) => (rnd() < 0.12 ? null : Math.round(30 + rnd() * 80)),
  disputer: (rnd) => Math.round(rnd() * 40),
};

export function generateDemoCompany(asOf: IsoDate, options: { customers?: number; monthsBack?: number; seed?: number } = {}): DemoCompany {
  const rnd = random(options.seed ?? 20_261_123);
  const customerCount = options.customers ?? 40;
  const monthsBack = options.monthsBack ?? 18;
  const start = toEpochDay(asOf) - Math.round(monthsBack * 30.44);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

  const customers: DemoCustomer[] = [];
  for (let index = 0; index < customerCount; index++) {
    const roll = rnd();
    const profile: PayerProfile = roll < 0.45 ? 'prompt' : roll < 0.7 ? 'steady' : roll < 0.85 ? 'late' : roll < 0.94 ? 'chronic' : 'disputer';
    const name = `${companyWords[index % companyWords.length]} ${companyKinds[(index * 7 + Math.floor(index / companyWords.length)) % companyKinds.length]}${index >= companyWords.length ? ' II' : ''}`;
    const ref = `C${String(1001 + index)}`;
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '');
    customers.push({
      ref,
      name,
      currency: index % 10 === 9 ? 'EUR' : 'USD',
      salesOwnerEmail: salesTeam[index % salesTeam.length]!.email,
      creditLimit: (5 + Math.floor(rnd() * 20)) * 1_000_000,
      paymentTermsDays: pick([30, 30, 30, 45, 60, 14]),
      segment: index % 4 === 0 ? 'key-account' : 'standard',
      profile,
      contacts: [{ name: `Accounts payable, ${name}`, email: `ap@${slug}.example`, phone: `+1-555-01${String(index).padStart(2, '0')}` }],
    });
  }

  const invoices: DemoInvoice[] = [];
  const payments: DemoPayment[] = [];
  const disputes: DemoDispute[] = [];
  const today = toEpochDay(asOf);
  let invoiceSeq = 1;

  for (const customer of customers) {
    const perMonth = customer.segment === 'key-account' ? 2.8 : 1.7;
    let day = start + Math.floor(rnd() * 20);
    while (day <= today) {
      const issueDate = fromEpochDay(day);
      const dueDate = addDays(issueDate, customer.paymentTermsDays);
      const lineCount = 1 + Math.floor(rnd() * 3);
      const lines = Array.from({ length: lineCount }, () => {
        const product = pick(products);
        return { description: product.description, quantity: 1 + Math.floor(rnd() * 4), unitPrice: product.price };
      });
      const amount = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
      const number = `INV-${String(invoiceSeq++).padStart(5, '0')}`;
      invoices.push({ customerRef: customer.ref, number, issueDate, dueDate, currency: customer.currency, lines, amount });

      const disputeRoll = rnd();
      const disputed = customer.profile === 'disputer' ? disputeRoll < 0.25 : disputeRoll < 0.015;
      let delay = profileDelay[customer.profile](rnd);
      if (disputed) {
        const openedOn = fromEpochDay(Math.min(today, day + 3 + Math.floor(rnd() * 20)));
        const resolvedDay = toEpochDay(openedOn) + 5 + Math.floor(rnd() * 30);
        const reason = pick<DisputeReasonCode>(['pricing', 'quantity', 'quality', 'not_received', 'duplicate', 'terms']);
        if (resolvedDay <= today) {
          const outcome = pick(['credit', 'upheld', 'rejected'] as const);
          const creditAmount = outcome === 'credit' ? Math.round(amount * (0.05 + rnd() * 0.2)) : undefined;
          disputes.push({
            invoiceNumber: number,
            openedOn,
            reason,
            note: `Customer queried ${reason.replace('_', ' ')} on ${number}.`,
            resolution: { on: fromEpochDay(resolvedDay), outcome, ...(creditAmount ? { creditAmount } : {}), note: outcome === 'credit' ? 'Partial credit agreed.' : outcome === 'upheld' ? 'Invoice confirmed as billed.' : 'Claim not supported by delivery records.' },
          });
          const creditAmountPaid = amount - (creditAmount ?? 0);
          const payDay = resolvedDay + Math.floor(rnd() * 10);
          if (payDay <= today && creditAmountPaid > 0) {
            payments.push({ customerRef: customer.ref, date: fromEpochDay(payDay), amount: creditAmountPaid, currency: customer.currency, reference: `RA ${number}`, allocations: [{ invoiceNumber: number, amount: creditAmountPaid }] });
          }
        } else {
          disputes.push({ invoiceNumber: number, openedOn, reason, note: `Customer queried ${reason.replace('_', ' ')} on ${number}.` });
        }
        delay = null;
      }
      if (delay !== null) {
        const payDay = toEpochDay(dueDate) + delay;
        if (payDay <= today) {
          const partial = rnd() < 0.06;
          const first = partial ? Math.round(amount * 0.5) : amount;
          payments.push({ customerRef: customer.ref, date: fromEpochDay(Math.max(day, payDay)), amount: first, currency: customer.currency, reference: `Payment ${number}`, allocations: [{ invoiceNumber: number, amount: first }] });
          const secondDay = payDay + 14 + Math.floor(rnd() * 20);
          if (partial && secondDay <= today) {
            payments.push({ customerRef: customer.ref, date: fromEpochDay(secondDay), amount: amount - first, currency: customer.currency, reference: `Balance ${number}`, allocations: [{ invoiceNumber: number, amount: amount - first }] });
          }
        }
      }
      day += Math.max(3, Math.round((30.44 / perMonth) * (0.5 + rnd())));
    }
  }

  payments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { asOf, users: demoUsers, customers, invoices, payments, disputes };
}
