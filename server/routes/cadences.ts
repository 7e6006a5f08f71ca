/** Cadences: per segment or per customer; overlapping steps and unknown templates are rejected. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { orThrow } from '../http/error-map.ts';
import { requireStaff, staffRoleIn } from '../plugins/auth.ts';
import { createCadence, deleteCadence, listCadences, updateCadenceSteps } from '../collections/cadence-repository.ts';
import type { Cadence as CadenceRecord } from '../../shared/collections/cadence.ts';
import { Uuid } from '../../shared/schemas/common.ts';

const Step = Type.Object({ offsetDays: Type.Integer({ minimum: -60, maximum: 365 }), templateId: Uuid }, { additionalProperties: false });
const Steps = Type.Array(Step, { minItems: 1, maxItems: 20 });
const Cadence = Type.Object({ id: Type.String(), segment: Type.Union([Type.String(), Type.Null()]), customerId: Type.Union([Type.String(), Type.Null()]), steps: Type.Array(Type.Object({ offsetDays: Type.Integer(), templateId: Type.String() })) });
const mutable = (cadence: CadenceRecord) => ({ ...cadence, steps: [...cadence.steps] });
const IdParams = Type.Object({ id: Uuid });

const cadencesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const financeOrAdmin = staffRoleIn('admin', 'finance');

  app.get('/cadences', { schema: { tags: ['collections'], response: { 200: Type.Array(Cadence) } } }, async (request) => {
    requireStaff(request);
    return (await listCadences(app.db)).map(mutable);
  });

  app.post(
    '/cadences',
    {
      preHandler: financeOrAdmin,
      schema: { tags: ['collections'], body: Type.Object({ segment: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), customerId: Type.Optional(Uuid), steps: Steps }, { additionalProperties: false }), response: { 201: Cadence } },
    },
    async (request, reply) => reply.status(201).send(mutable(orThrow(await createCadence(app.db, request.body)))),
  );

  app.put('/cadences/:id', { preHandler: financeOrAdmin, schema: { tags: ['collections'], params: IdParams, body: Type.Object({ steps: Steps }, { additionalProperties: false }), response: { 200: Cadence } } }, async (request) =>
    mutable(orThrow(await updateCadenceSteps(app.db, request.params.id, request.body.steps))),
  );

  app.delete('/cadences/:id', { preHandler: financeOrAdmin, schema: { tags: ['collections'], params: IdParams } }, async (request) => orThrow(await deleteCadence(app.db, request.params.id)));
};

export default cadencesRoutes;
