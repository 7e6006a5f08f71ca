/**
 * The collections job, outbox, communication log, company settings (hold threshold, escalation
 * after N reminders), and per-customer pause, unbilled orders, terms, hold threshold and hold state.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { httpError } from '../http/error-map.ts';
import { requirePermission, requireStaff, staffRoleIn } from '../plugins/auth.ts';
import { listLog, LogKind } from '../collections/communication-log.ts';
import { listOutbox } from '../collections/mail-outbox.ts';
import { customerCollectionsStatus, setNegotiatedTerms, setPause, setUnbilledOrders } from '../collections/customer-collections.ts';
import { loadCollectionsSettings, saveCollectionsSettings, setCustomerHoldThreshold } from '../collections/collections-settings.ts';
import { defaultDailyPolicy } from '../collections/collections-service.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { Permission, can } from '../../shared/roles.ts';
import { IsoDate, MinorUnits, Uuid } from '../../shared/schemas/common.ts';
import { utcDate } from '../../shared/time/dates.ts';

const Count = Type.Integer({ minimum: 0 });
const RunReport = Type.Union([
  Type.Object({
    ran: Type.Literal(true), asOf: Type.String(), customersWithWork: Count, reminders: Count, skipped: Count, escalations: Count, holds: Count, releases: Count,
    brokenPromises: Count, keptPromises: Count, termsMismatches: Count, alerts: Count,
    delivery: Type.Union([Type.Object({ sent: Count, failed: Count, cancelled: Count }), Type.Null()]),
  }),
  Type.Object({ ran: Type.Literal(false), reason: Type.String() }),
]);
const CustomerParams = Type.Object({ customerId: Uuid });

const collectionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const financeOrAdmin = staffRoleIn('admin', 'finance');
  const salesFinanceAdmin = staffRoleIn('admin', 'finance', 'sales');

  /** Sales reps act only on their own customers. */
  async function ensureCustomerAccess(request: Parameters<typeof requireStaff>[0], customerId: string): Promise<void> {
    const actor = requireStaff(request);
    const customer = await app.db.selectFrom('customers').select(['id', 'sales_owner_id']).where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw httpError(ErrorCode.notFound, `No customer ${customerId}.`, 'customerId');
    if (!can(actor.role, Permission.readAllCustomers) && customer.sales_owner_id !== actor.userId) throw httpError(ErrorCode.forbidden, 'Not one of your customers.', 'customerId');
  }

  app.post(
    '/collections/run',
    { preHandler: requirePermission(Permission.postLedger), schema: { tags: ['collections'], body: Type.Object({ asOf: Type.Optional(IsoDate) }, { additionalProperties: false }), response: { 200: RunReport } } },
    async (request) => app.collections.run(request.body.asOf ?? utcDate(app.config.now())),
  );

  app.get(
    '/collections/outbox',
    { preHandler: financeOrAdmin, schema: { tags: ['collections'], querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('queued'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('cancelled')])), customerId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }) } },
    async (request) => listOutbox(app.db, request.query),
  );

  app.get(
    '/collections/log',
    { schema: { tags: ['collections'], querystring: Type.Object({ customerId: Uuid, kind: Type.Optional(Type.Enum(LogKind)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) }) } },
    async (request) => {
      await ensureCustomerAccess(request, request.query.customerId);
      return listLog(app.db, request.query);
    },
  );

  app.get('/collections/customers/:customerId', { schema: { tags: ['collections'], params: CustomerParams } }, async (request) => {
    await ensureCustomerAccess(request, request.params.customerId);
    return customerCollectionsStatus(app.db, request.params.customerId);
  });

  app.put(
    '/collections/customers/:customerId/pause',
    { preHandler: salesFinanceAdmin, schema: { tags: ['collections'], params: CustomerParams, body: Type.Object({ until: IsoDate, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }) } },
    async (request) => {
      await ensureCustomerAccess(request, request.params.customerId);
      const today = utcDate(app.config.now());
      if (request.body.until < today) throw httpError(ErrorCode.validation, 'A pause ends today or later.', 'until');
      await setPause(app.db, request.params.customerId, { until: request.body.until, reason: request.body.reason }, today);
      return customerCollectionsStatus(app.db, request.params.customerId);
    },
  );

  app.delete('/collections/customers/:customerId/pause', { preHandler: salesFinanceAdmin, schema: { tags: ['collections'], params: CustomerParams } }, async (request) => {
    await ensureCustomerAccess(request, request.params.customerId);
    await setPause(app.db, request.params.customerId, null, utcDate(app.config.now()));
    return customerCollectionsStatus(app.db, request.params.customerId);
  });

  app.put(
    '/collections/customers/:customerId/unbilled-orders',
    { preHandler: salesFinanceAdmin, schema: { tags: ['collections'], params: CustomerParams, body: Type.Object({ amount: MinorUnits }, { additionalProperties: false }) } },
    async (request) => {
      await ensureCustomerAccess(request, request.params.customerId);
      await setUnbilledOrders(app.db, request.params.customerId, request.body.amount);
      return customerCollectionsStatus(app.db, request.params.customerId);
    },
  );

  const Settings = Type.Object({
    overdueHoldThreshold: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units an invoice 61+ days past due must exceed to put its customer on hold' }),
    escalateAfterReminders: Type.Integer({ minimum: 1, maximum: 20, description: 'Unanswered reminders on an invoice before it escalates to sales' }),
  });

  app.get('/collections/settings', { preHandler: financeOrAdmin, schema: { tags: ['collections'], response: { 200: Settings } } }, async () => loadCollectionsSettings(app.db, defaultDailyPolicy));

  app.put(
    '/collections/settings',
    { preHandler: financeOrAdmin, schema: { tags: ['collections'], body: Type.Partial(Settings, { additionalProperties: false, minProperties: 1 }), response: { 200: Settings } } },
    async (request) => {
      await saveCollectionsSettings(app.db, request.body);
      return loadCollectionsSettings(app.db, defaultDailyPolicy);
    },
  );

  app.put(
    '/collections/customers/:customerId/hold-threshold',
    {
      preHandler: financeOrAdmin,
      schema: { tags: ['collections'], params: CustomerParams, body: Type.Object({ overdueHoldThreshold: Type.Union([Type.Null(), Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })], { description: 'Minor units; null → the company threshold' }) }, { additionalProperties: false }) },
    },
    async (request) => {
      await ensureCustomerAccess(request, request.params.customerId);
      const actor = requireStaff(request);
      await setCustomerHoldThreshold(app.db, request.params.customerId, request.body.overdueHoldThreshold, actor.email, utcDate(app.config.now()));
      return customerCollectionsStatus(app.db, request.params.customerId);
    },
  );

  app.put(
    '/collections/customers/:customerId/terms',
    {
      preHandler: salesFinanceAdmin,
      schema: {
        tags: ['collections'],
        params: CustomerParams,
        body: Type.Object(
          {
            paymentTermsDays: Type.Union([Type.Integer({ minimum: 0, maximum: 365 }), Type.Null()]),
            discountPercent: Type.Number({ minimum: 0, maximum: 100, multipleOf: 0.01 }),
            listPrices: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200 }), MinorUnits)),
            notes: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      await ensureCustomerAccess(request, request.params.customerId);
      const actor = requireStaff(request);
      const body = request.body;
      // Percent with two decimals → integer basis points, so expected prices stay integer math.
      await setNegotiatedTerms(app.db, request.params.customerId, { paymentTermsDays: body.paymentTermsDays, discountBps: Math.round(body.discountPercent * 100), listPrices: body.listPrices ?? {}, notes: body.notes ?? '' }, actor.email);
      return customerCollectionsStatus(app.db, request.params.customerId);
    },
  );
};

export default collectionsRoutes;
