/**
 * The finance dashboard's figures: AR, DSO/BPDSO/ADD, CEI, disputed balance (gross and clean),
 * the aging chart and the DSO trend at the last 12 month-ends. The charts (recharts) load lazily
 * so the initial bundle stays small; the figures themselves are plain DOM and readable at once.
 */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { formatDays, formatMoney, todayUtc } from '../format.ts';
import { useLedgerStore } from '../state/ledger-store.ts';
import { useUiStore } from '../state/ui-store.ts';
import { monthEnds } from '../state/trend-dates.ts';

const AgingChart = lazy(() => import('./charts/aging-chart.tsx'));
const DsoTrendChart = lazy(() => import('./charts/dso-trend-chart.tsx'));

function mostCommonCurrency(customers: readonly { currency: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of customers) counts.set(c.currency, (counts.get(c.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'USD';
}

export function MetricsPanel() {
  const metrics = useLedgerStore((state) => state.metrics);
  const trend = useLedgerStore((state) => state.trend);
  const customers = useLedgerStore((state) => state.customers);
  const loadMetrics = useLedgerStore((state) => state.loadMetrics);
  const loadTrend = useLedgerStore((state) => state.loadTrend);
  const currency = useUiStore((state) => state.currency);
  const setCurrency = useUiStore((state) => state.setCurrency);
  // The count only: the queue polls, and a new list with the same disputes must not re-render the figures.
  const openDisputeCount = useLedgerStore((state) => state.disputes?.length ?? 0);
  const metricsError = useLedgerStore((state) => state.errors.metrics);
  const asOf = todayUtc();
  const currencies = useMemo(() => [...new Set((customers ?? []).map((c) => c.currency))].sort(), [customers]);

  useEffect(() => {
    if (currencies.length > 0 && !currencies.includes(currency)) setCurrency(mostCommonCurrency(customers ?? []));
  }, [currencies, currency, customers, setCurrency]);
  useEffect(() => {
    void loadMetrics(asOf, currency);
  }, [asOf, currency, loadMetrics, openDisputeCount]);
  useEffect(() => {
    void loadTrend(monthEnds(asOf, 11), currency);
  }, [asOf, currency, loadTrend]);

  return (
    <section aria-label="Metrics" className="metrics">
      <div className="row spread">
        <h2>Receivables as of {asOf}</h2>
        {currencies.length > 1 && (
          <label>
            Currency{' '}
            <select value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {currencies.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
        )}
      </div>
      {metrics ? (
        <dl className="kpis">
          <div>
            <dt>Open AR</dt>
            <dd>{formatMoney(metrics.ar, metrics.currency)}</dd>
          </div>
          <div>
            <dt>DSO</dt>
            <dd>{formatDays(metrics.dso)}</dd>
          </div>
          <div>
            <dt>BPDSO</dt>
            <dd>{formatDays(metrics.bpdso)}</dd>
          </div>
          <div>
            <dt>ADD</dt>
            <dd>{formatDays(metrics.add)}</dd>
          </div>
          <div>
            <dt>CEI</dt>
            <dd>{metrics.cei.toFixed(1)} %</dd>
          </div>
          <div>
            <dt>Disputed</dt>
            <dd>{formatMoney(metrics.disputedBalance, metrics.currency)}</dd>
          </div>
          <div>
            <dt>Clean DSO</dt>
            <dd>{formatDays(metrics.clean.dso)}</dd>
          </div>
        </dl>
      ) : metricsError ? (
        <p role="alert">Metrics unavailable: {metricsError}</p>
      ) : (
        <p className="muted">Loading metrics…</p>
      )}
      <div className="charts">
        <figure>
          <figcaption>Aging</figcaption>
          <Suspense fallback={<div className="chart-loading" />}>{metrics && <AgingChart metrics={metrics} />}</Suspense>
        </figure>
        <figure>
          <figcaption>DSO trend</figcaption>
          <Suspense fallback={<div className="chart-loading" />}>{trend && <DsoTrendChart trend={trend} />}</Suspense>
        </figure>
      </div>
    </section>
  );
}
