/** CSV exports: aging per customer at an as-of date, amounts in decimal major units. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { agingByCustomer } from '../metrics/aging-report.ts';
import { readScope } from '../ledger/route-context.ts';
import { formatMajorUnits } from '../../shared/money/money.ts';
import { isCurrency } from '../../shared/money/currency.ts';
import { AgingExportQuery } from '../../shared/schemas/metrics.ts';
import { utcDate } from '../../shared/time/dates.ts';

/** Quote a CSV field when needed, and defuse spreadsheet formulas (=, +, -, @ at the start). */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const exportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/exports/aging.csv', { schema: { tags: ['exports'], querystring: AgingExportQuery } }, async (request, reply) => {
    const scope = readScope(request);
    const asOf = request.query.asOf ?? utcDate(app.config.now());
    const rows = await agingByCustomer(app.db, asOf, { ...scope, ...(request.query.currency ? { currency: request.query.currency } : {}) });
    const lines = ['customer_ref,customer_name,currency,current,1-30,31-60,61-90,91+,total'];
    for (const row of rows) {
      if (!isCurrency(row.currency)) continue;
      const currency = row.currency;
      const amounts = [...row.buckets, row.total].map((amount) => formatMajorUnits({ amount, currency }));
      lines.push([csvField(row.customerRef), csvField(row.customerName), currency, ...amounts].join(','));
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="aging-${asOf}.csv"`)
      .send(`${lines.join('\n')}\n`);
  });
};

export default exportsRoutes;
