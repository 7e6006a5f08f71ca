import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listCustomers } from '../customers/customer-repository.ts';
import { requireStaff } from '../plugins/auth.ts';
import { can, Permission } from '../../shared/roles.ts';

const CustomerSummary = Type.Object({
  id: Type.String(),
  ref: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  salesOwnerId: Type.Union([Type.String(), Type.Null()]),
  salesOwnerName: Type.Union([Type.String(), Type.Null()]),
  creditLimit: Type.Integer(),
  paymentTermsDays: Type.Integer(),
  segment: Type.String(),
  openBalance: Type.Integer(),
});

const customersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/customers', { schema: { tags: ['customers'], response: { 200: Type.Array(CustomerSummary) } } }, async (request) => {
    const actor = requireStaff(request);
    return listCustomers(app.db, can(actor.role, Permission.readAllCustomers) ? {} : { ownerId: actor.userId });
  });
};

export default customersRoutes;
