/** Reminder templates: CRUD (unknown variables rejected at save, named) and a preview on a real customer. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { httpError, orThrow } from '../http/error-map.ts';
import { requireStaff, staffRoleIn } from '../plugins/auth.ts';
import { createTemplate, deleteTemplate, findTemplate, listTemplates, updateTemplate } from '../collections/template-repository.ts';
import { loadCustomerFacts } from '../collections/collections-facts.ts';
import { findCustomer } from '../customers/customer-repository.ts';
import { assertCanSee } from '../ledger/route-context.ts';
import { renderTemplate, templateLevels, templateVariables } from '../../shared/collections/template.ts';
import { templateValues } from '../../shared/collections/template-values.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { IsoDate, Uuid } from '../../shared/schemas/common.ts';
import { utcDate } from '../../shared/time/dates.ts';

const Level = Type.Enum(templateLevels);
const TemplateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), level: Level, subject: Type.String({ minLength: 1, maxLength: 500 }), body: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { additionalProperties: false },
);
const Template = Type.Object({ id: Type.String(), name: Type.String(), level: Level, subject: Type.String(), body: Type.String() });
const IdParams = Type.Object({ id: Uuid });

const templatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const financeOrAdmin = staffRoleIn('admin', 'finance');

  app.get('/templates', { schema: { tags: ['collections'], response: { 200: Type.Object({ variables: Type.Array(Type.String()), templates: Type.Array(Template) }) } } }, async (request) => {
    requireStaff(request);
    return { variables: [...templateVariables], templates: await listTemplates(app.db) };
  });

  app.post('/templates', { preHandler: financeOrAdmin, schema: { tags: ['collections'], body: TemplateBody, response: { 201: Template } } }, async (request, reply) =>
    reply.status(201).send(orThrow(await createTemplate(app.db, request.body))),
  );

  app.put('/templates/:id', { preHandler: financeOrAdmin, schema: { tags: ['collections'], params: IdParams, body: TemplateBody, response: { 200: Template } } }, async (request) =>
    orThrow(await updateTemplate(app.db, request.params.id, request.body)),
  );

  app.delete('/templates/:id', { preHandler: financeOrAdmin, schema: { tags: ['collections'], params: IdParams } }, async (request) => orThrow(await deleteTemplate(app.db, request.params.id)));

  app.post(
    '/templates/preview',
    {
      schema: {
        tags: ['collections'],
        body: Type.Object(
          { templateId: Type.Optional(Uuid), subject: Type.Optional(Type.String({ maxLength: 500 })), body: Type.Optional(Type.String({ maxLength: 20_000 })), customerId: Uuid, asOf: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ to: Type.Union([Type.String(), Type.Null()]), subject: Type.String(), body: Type.String(), invoiceNumbers: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      requireStaff(request);
      const { templateId, customerId } = request.body;
      // The preview shows the customer's contact and invoices: sales only for its own customers.
      assertCanSee(request, await findCustomer(app.db, { id: customerId }));
      const asOf = request.body.asOf ?? utcDate(app.config.now());
      const stored = templateId ? await findTemplate(app.db, templateId) : undefined;
      if (templateId && !stored) throw httpError(ErrorCode.notFound, `No template ${templateId}.`, 'templateId');
      const template = stored ?? { subject: request.body.subject ?? '', body: request.body.body ?? '' };
      if (!template.subject && !template.body) throw httpError(ErrorCode.validation, 'Give a templateId or a subject and body to preview.', 'templateId');
      const [loaded] = await loadCustomerFacts(app.db, asOf, customerId);
      if (!loaded) throw httpError(ErrorCode.notFound, `No customer ${customerId}.`, 'customerId');
      // The preview shows what a reminder today would list: the customer's chaseable open invoices.
      const invoices = loaded.facts.invoices.filter((invoice) => !invoice.openDispute);
      const base = app.config.publicUrl ?? `http://localhost:${app.config.port}`;
      const values = templateValues({ customer: loaded.info, contact: loaded.info.contact, invoices, asOf, link: `${base}/customers/${encodeURIComponent(loaded.info.ref)}` });
      const rendered = orThrow(renderTemplate(template, values));
      return { to: loaded.info.contact?.email ?? null, ...rendered, invoiceNumbers: invoices.map((invoice) => invoice.number) };
    },
  );
};

export default templatesRoutes;
