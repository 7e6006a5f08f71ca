/**
 * The collections metrics of DESIGN §4 as pure functions of plain data. One definition, used by
 * the API (server SQL → `MetricsAggregates` → `metricsFromAggregates`), the dashboard and 3D.
 * Definitions and the decisions DESIGN leaves open: README.md in this folder.
 */
export type { AgingBucket, ArSnapshot, MetricsAggregates, MetricsInput, MetricsInvoice, MetricsReport, PayerAggregate, PayerBehaviour } from './metrics-input.ts';
export { aggregate } from './aggregate.ts';
export { computeMetrics, metricsFromAggregates } from './metrics-report.ts';
export { aggregatePayers, payerBehaviour, payersFromAggregates } from './payer-behaviour.ts';
export { agingBucket, agingBuckets, agingBucketsAsOf, daysPastDue } from './aging.ts';
export { countbackDays, type MonthlySales } from './countback-dso.ts';
export { collectionEffectivenessIndex, type CeiInputs } from './cei.ts';
export { hasOpenDisputeAt, isDisputeOpenAt, meanResolutionDays } from './dispute-stats.ts';
export { isOpenAt, openAmountAt, settledOn } from './open-amount.ts';
export { round2 } from './round-figures.ts';
