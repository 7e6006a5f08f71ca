/** `/metrics` and `/metrics/payers` (DESIGN §4): SQL aggregates → the one definition in shared/metrics. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { httpError } from '../http/error-map.ts';
import { metricsAggregates, payerAggregates } from '../metrics/metrics-sql.ts';
import { readScope } from '../ledger/route-context.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { metricsFromAggregates, payersFromAggregates } from '../../shared/metrics/index.ts';
import { isCurrency } from '../../shared/money/currency.ts';
import { MetricsQuery, MetricsReportSchema, PayerSchema, PayersQuery } from '../../shared/schemas/metrics.ts';
import { utcDate } from '../../shared/time/dates.ts';

const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const currencyOf = (value: string | undefined) => {
    const currency = value ?? 'USD';
    if (!isCurrency(currency)) throw httpError(ErrorCode.unknownCurrency, `Unknown currency "${currency}"`, 'currency');
    return currency;
  };

  // Company-wide figures: every staff role may see them (sales sees the same dashboard numbers).
  app.get('/metrics', { schema: { tags: ['metrics'], querystring: MetricsQuery, response: { 200: MetricsReportSchema } } }, async (request) => {
    readScope(request);
    const asOf = request.query.asOf ?? utcDate(app.config.now());
    return metricsFromAggregates(await metricsAggregates(app.db, asOf, currencyOf(request.query.currency)));
  });

  app.get('/metrics/payers', { schema: { tags: ['metrics'], querystring: PayersQuery, response: { 200: Type.Array(PayerSchema) } } }, async (request) => {
    // Payer behaviour is about named customers: a sales rep sees only their own, as in /customers.
    const { ownerId } = readScope(request);
    const asOf = request.query.asOf ?? utcDate(app.config.now());
    const currency = request.query.currency === undefined ? undefined : currencyOf(request.query.currency);
    const payers = payersFromAggregates(await payerAggregates(app.db, asOf, currency, ownerId), request.query.limit ?? 20);
    const names = new Map((await app.db.selectFrom('customers').select(['ref', 'name']).where('ref', 'in', payers.length ? payers.map((p) => p.customerRef) : ['']).execute()).map((row) => [row.ref, row.name]));
    return payers.map((payer) => ({ ...payer, customerName: names.get(payer.customerRef) ?? payer.customerRef }));
  });
};

export default metricsRoutes;
