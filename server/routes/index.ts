/** Every `/api/v1` resource, one plugin each. Add a resource with one line. */
import type { FastifyPluginAsync } from 'fastify';
import authRoutes from './auth.ts';
import customersRoutes from './customers.ts';
import invoicesRoutes from './invoices.ts';
import paymentsRoutes from './payments.ts';
import creditNotesRoutes from './credit-notes.ts';
import writeOffsRoutes from './write-offs.ts';
import disputesRoutes from './disputes.ts';
import ledgerRoutes from './ledger.ts';
import metricsRoutes from './metrics.ts';
import exportsRoutes from './exports.ts';
import usersRoutes from './users.ts';
import apiKeysRoutes from './api-keys.ts';
import webhooksRoutes from './webhooks.ts';
import bankStatementRoutes from './bank-statements.ts';
import importsRoutes from './imports.ts';
import sessionsRoutes from './sessions.ts';
import portalRoutes from './portal.ts';

export const apiRoutes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(customersRoutes);
  await app.register(invoicesRoutes);
  await app.register(paymentsRoutes);
  await app.register(creditNotesRoutes);
  await app.register(writeOffsRoutes);
  await app.register(disputesRoutes);
  await app.register(ledgerRoutes);
  await app.register(metricsRoutes);
  await app.register(exportsRoutes);
  await app.register(apiKeysRoutes);
  await app.register(webhooksRoutes);
  await app.register(bankStatementRoutes);
  await app.register(importsRoutes);
  await app.register(sessionsRoutes);
  await app.register(portalRoutes);
};
