/**
 * Properties of the metrics over random ledgers, and `aggregate` → `metricsFromAggregates`
 * checked against a naive direct computation written here independently (Date objects, one
 * invoice filter per month, no shared helpers), so a slip in either shows up as a difference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, computeMetrics, metricsFromAggregates, payerBehaviour, round2, type MetricsInput, type MetricsInvoice, type MetricsReport, type PayerBehaviour } from '../../../../shared/metrics/index.ts';

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2025, 9, 1) / DAY; // 2025-10-01
const LAST_DAY = Date.UTC(2026, 5, 30) / DAY; // 2026-06-30
const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

const dayArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY });

const invoiceArb: fc.Arbitrary<MetricsInvoice> = fc
  .record({
    customerRef: fc.constantFrom('A', 'B', 'C', 'D'),
    issued: dayArb,
    terms: fc.integer({ min: 0, max: 90 }),
    amount: fc.integer({ min: 1, max: 1_000_000 }),
    // A share of the amount, or exactly what is left (so invoices get settled to the cent).
    settlements: fc.array(fc.record({ after: fc.integer({ min: -5, max: 200 }), share: fc.oneof(fc.constant('rest' as const), fc.double({ min: 0.01, max: 1.2, noNaN: true })) }), { maxLength: 3 }),
    disputes: fc.array(fc.record({ after: fc.integer({ min: 0, max: 120 }), takes: fc.option(fc.integer({ min: 0, max: 90 })) }), { maxLength: 2 }),
  })
  .map((r): MetricsInvoice => ({
    number: `N${r.issued}-${r.amount}`,
    customerRef: r.customerRef,
    issueDate: iso(r.issued),
    dueDate: iso(r.issued + r.terms),
    amount: r.amount,
    settlements: r.settlements.reduce<{ date: string; amount: number }[]>((list, s) => {
      const left = r.amount - list.reduce((a, x) => a + x.amount, 0);
      return [...list, { date: iso(r.issued + s.after), amount: Math.max(1, s.share === 'rest' ? left : Math.round(r.amount * s.share)) }];
    }, []),
    disputes: r.disputes.map((d) => ({ openedOn: iso(r.issued + d.after), resolvedOn: d.takes === null ? null : iso(r.issued + d.after + d.takes) })),
  }));

const inputArb: fc.Arbitrary<MetricsInput> = fc.array(invoiceArb, { maxLength: 40 }).map((invoices) => ({ currency: 'USD', invoices }));

/** A ledger and an as-of date that is often one of its own dates, so the boundaries "on D" and "the day after D" come up. */
const caseArb: fc.Arbitrary<[MetricsInput, string]> = inputArb.chain((input) => {
  const dates = input.invoices.flatMap((i) => [i.issueDate, i.dueDate, ...i.settlements.map((s) => s.date), ...i.disputes.flatMap((d) => [d.openedOn, d.resolvedOn ?? d.openedOn])]);
  const asOf = dates.length === 0 ? dayArb.map(iso) : fc.oneof(dayArb.map(iso), fc.constantFrom(...dates));
  return asOf.map((date): [MetricsInput, string] => [input, date]);
});

// ---- The naive direct computation -------------------------------------------------------

const endOf = (date: string) => Date.parse(`${date}T00:00:00Z`) + DAY - 1;
const happened = (date: string, end: number) => Date.parse(`${date}T12:00:00Z`) <= end;
// Rounding has its own tests (round-figures.test.ts); the naive computation reuses it.
const round = round2;

function naiveOpen(invoice: MetricsInvoice, end: number): number {
  if (!happened(invoice.issueDate, end)) return 0;
  const paid = invoice.settlements.filter((s) => happened(s.date, end)).reduce((a, s) => a + s.amount, 0);
  return Math.max(0, invoice.amount - paid);
}

function naiveReport(input: MetricsInput, asOf: string): MetricsReport {
  const end = endOf(asOf);
  const d = new Date(end);
  const issued = input.invoices.filter((i) => happened(i.issueDate, end));
  const disputedAtD = (i: MetricsInvoice) => i.disputes.some((x) => happened(x.openedOn, end) && (x.resolvedOn === null || !happened(x.resolvedOn, end)));
  const pastDue = (i: MetricsInvoice) => Math.round((Date.parse(asOf) - Date.parse(i.dueDate)) / DAY);
  const bucketOf = (days: number) => (days <= 0 ? 'current' : days <= 30 ? '1-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '91+');
  const salesIn = (year: number, month0: number) =>
    issued.filter((i) => new Date(i.issueDate).getUTCFullYear() === year && new Date(i.issueDate).getUTCMonth() === month0).reduce((a, i) => a + i.amount, 0);
  const earliest = issued.reduce((min, i) => Math.min(min, new Date(i.issueDate).getUTCFullYear() * 12 + new Date(i.issueDate).getUTCMonth()), d.getUTCFullYear() * 12 + d.getUTCMonth());

  function countback(ar: number): number {
    let remaining = ar;
    let days = 0;
    for (let index = d.getUTCFullYear() * 12 + d.getUTCMonth(); index >= earliest && remaining > 0; index--) {
      const year = Math.floor(index / 12);
      const month0 = index % 12;
      const monthDays = index === d.getUTCFullYear() * 12 + d.getUTCMonth() ? d.getUTCDate() : new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
      const sales = salesIn(year, month0);
      if (remaining > sales) {
        remaining -= sales;
        days += monthDays;
      } else {
        days = days + (remaining / sales) * monthDays;
        remaining = 0;
      }
    }
    return days;
  }

  const aging = { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '91+': 0 };
  let ar = 0;
  let cleanAr = 0;
  let cleanCurrent = 0;
  for (const i of issued) {
    const open = naiveOpen(i, end);
    ar += open;
    aging[bucketOf(pastDue(i))] += open;
    if (!disputedAtD(i)) {
      cleanAr += open;
      if (pastDue(i) <= 0) cleanCurrent += open;
    }
  }
  const current = aging.current;
  const previousMonthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 1;
  const arBefore = input.invoices.reduce((a, i) => a + naiveOpen(i, previousMonthEnd), 0);
  const monthSales = salesIn(d.getUTCFullYear(), d.getUTCMonth());
  const collectible = arBefore + monthSales - current;
  const cei = collectible <= 0 ? 100 : ((arBefore + monthSales - ar) / collectible) * 100;
  const resolved = input.invoices.flatMap((i) => i.disputes).filter((x) => x.resolvedOn !== null && happened(x.resolvedOn, end));
  const resolvedDays = resolved.reduce((a, x) => a + (Date.parse(x.resolvedOn!) - Date.parse(x.openedOn)) / DAY, 0);
  const [dso, bpdso, cleanDso, cleanBpdso] = [ar, current, cleanAr, cleanCurrent].map((x) => round(countback(x))) as [number, number, number, number];
  return {
    asOf,
    currency: input.currency,
    ar,
    current,
    aging,
    dso,
    bpdso,
    add: round(dso - bpdso),
    cei: round(cei),
    clean: { ar: cleanAr, dso: cleanDso, bpdso: cleanBpdso, add: round(cleanDso - cleanBpdso) },
    disputedBalance: ar - cleanAr,
    meanDisputeResolutionDays: resolved.length === 0 ? null : round(resolvedDays / resolved.length),
  };
}

function naivePayers(input: MetricsInput, asOf: string): PayerBehaviour[] {
  const end = endOf(asOf);
  const rows = new Map<string, { days: number; n: number; amount: number }>();
  for (const i of input.invoices) {
    const sorted = [...i.settlements].sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
    let paid = 0;
    const settledBy = sorted.find((s) => (paid += s.amount) >= i.amount);
    // An invoice not yet issued at D is no behaviour at D, even if prepaid.
    if (!settledBy || !happened(settledBy.date, end) || !happened(i.issueDate, end)) continue;
    const row = rows.get(i.customerRef) ?? { days: 0, n: 0, amount: 0 };
    row.days += i.amount * Math.max(0, (Date.parse(settledBy.date) - Date.parse(i.dueDate)) / DAY);
    row.n += 1;
    row.amount += i.amount;
    rows.set(i.customerRef, row);
  }
  return [...rows]
    .map(([customerRef, r]) => ({ customerRef, weightedDaysLate: round(r.days / r.amount), settledInvoices: r.n, settledAmount: r.amount }))
    .sort((a, b) => b.weightedDaysLate - a.weightedDaysLate || b.settledAmount - a.settledAmount || a.customerRef.localeCompare(b.customerRef));
}

// ---- Properties -------------------------------------------------------------------------

describe('metrics properties', () => {
  it('aggregate then metricsFromAggregates equals the naive direct computation', () => {
    fc.assert(fc.property(caseArb, ([input, asOf]) => {
      expect(metricsFromAggregates(aggregate(input, asOf))).toEqual(naiveReport(input, asOf));
    }), { numRuns: 300 });
  });

  it('aging sums to AR; current ≤ AR; clean ≤ gross; disputed = gross − clean', () => {
    fc.assert(fc.property(caseArb, ([input, asOf]) => {
      const r = computeMetrics(input, asOf);
      expect(Object.values(r.aging).reduce((a, b) => a + b, 0)).toBe(r.ar);
      expect(r.current).toBe(r.aging.current);
      expect(r.current).toBeLessThanOrEqual(r.ar);
      expect(r.clean.ar).toBeLessThanOrEqual(r.ar);
      expect(r.disputedBalance).toBe(r.ar - r.clean.ar);
      const g = aggregate(input, asOf);
      expect(Object.values(g.clean.aging).reduce((a, b) => a + b, 0)).toBe(g.clean.ar);
    }), { numRuns: 300 });
  });

  it('0 ≤ BPDSO ≤ DSO, clean never above gross, ADD ≥ 0, 0 ≤ CEI ≤ 100, all finite', () => {
    fc.assert(fc.property(caseArb, ([input, asOf]) => {
      const r = computeMetrics(input, asOf);
      expect(r.bpdso).toBeGreaterThanOrEqual(0);
      expect(r.bpdso).toBeLessThanOrEqual(r.dso);
      expect(r.clean.bpdso).toBeLessThanOrEqual(r.clean.dso);
      expect(r.clean.dso).toBeLessThanOrEqual(r.dso);
      expect(r.clean.bpdso).toBeLessThanOrEqual(r.bpdso);
      expect(r.add).toBeGreaterThanOrEqual(0);
      expect(r.clean.add).toBeGreaterThanOrEqual(0);
      expect(r.cei).toBeGreaterThanOrEqual(0);
      expect(r.cei).toBeLessThanOrEqual(100);
      for (const x of [r.dso, r.bpdso, r.add, r.cei, r.clean.dso, r.clean.bpdso, r.clean.add]) expect(Number.isFinite(x)).toBe(true);
      if (r.ar === 0) expect([r.dso, r.bpdso, r.add]).toEqual([0, 0, 0]);
    }), { numRuns: 300 });
  });

  it('does not depend on invoice order, or on zero months and order in the sales list', () => {
    fc.assert(fc.property(caseArb, ([input, asOf]) => {
      const report = computeMetrics(input, asOf);
      expect(computeMetrics({ ...input, invoices: [...input.invoices].reverse() }, asOf)).toEqual(report);
      const g = aggregate(input, asOf);
      const sparse = g.gross.monthlySales.filter((m) => m.sales !== 0).reverse();
      expect(metricsFromAggregates({ ...g, gross: { ...g.gross, monthlySales: sparse } })).toEqual(report);
    }), { numRuns: 200 });
  });

  it('lists sales from D’s month back to the earliest invoice, contiguous, summing to all sales up to D', () => {
    fc.assert(fc.property(caseArb, ([input, asOf]) => {
      const sales = aggregate(input, asOf).gross.monthlySales;
      expect(sales[0]!.month).toBe(asOf.slice(0, 7));
      sales.slice(1).forEach((m, i) => {
        const prev = new Date(`${sales[i]!.month}-01T00:00:00Z`);
        expect(m.month).toBe(new Date(Date.UTC(prev.getUTCFullYear(), prev.getUTCMonth() - 1, 1)).toISOString().slice(0, 7));
      });
      const total = input.invoices.filter((i) => i.issueDate <= asOf).reduce((a, i) => a + i.amount, 0);
      expect(sales.reduce((a, m) => a + m.sales, 0)).toBe(total);
    }), { numRuns: 200 });
  });

  it('payer behaviour equals the naive computation and is worst first within bounds', () => {
    fc.assert(fc.property(caseArb, fc.option(fc.integer({ min: 0, max: 5 })), ([input, asOf], limit) => {
      const payers = payerBehaviour(input, asOf, limit ?? undefined);
      const naive = naivePayers(input, asOf);
      expect(payers).toEqual(limit === null ? naive : naive.slice(0, limit));
      for (const p of payers) expect(p.weightedDaysLate).toBeGreaterThanOrEqual(0);
    }), { numRuns: 300 });
  });
});
