/**
 * Loads the demo company into an empty database (no customers yet). Users and customers are
 * written here; invoices, payments and disputes go through the ledger's own commands.
 */
import type { FastifyInstance } from 'fastify';
import { createUser, findUserByEmail } from '../auth/users.ts';
import { utcDate } from '../../shared/time/dates.ts';
import { DEMO_PASSWORD, generateDemoCompany, type DemoCompany } from './demo-company.ts';
import { demoLedgerCommands } from './demo-ledger-commands.ts';

export async function seedDemoIfEmpty(app: FastifyInstance): Promise<DemoCompany | undefined> {
  const existing = await app.db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;
  const started = Date.now();
  const company = generateDemoCompany(utcDate(app.config.now()));
  const userIds = new Map<string, string>();
  for (const user of company.users) {
    const found = await findUserByEmail(app.db, user.email);
    userIds.set(user.email, found?.id ?? (await createUser(app.db, { ...user, password: DEMO_PASSWORD })).id);
  }
  await app.db
    .insertInto('customers')
    .values(
      company.customers.map((customer) => ({
        ref: customer.ref,
        name: customer.name,
        currency: customer.currency,
        sales_owner_id: userIds.get(customer.salesOwnerEmail) ?? null,
        credit_limit: BigInt(customer.creditLimit),
        payment_terms_days: customer.paymentTermsDays,
        segment: customer.segment,
        contacts: JSON.stringify(customer.contacts),
      })),
    )
    .execute();
  const results = await app.ledger.postBatch({ actor: { kind: 'system', name: 'demo-seed' }, requestId: 'demo-seed' }, demoLedgerCommands(company));
  const failed = results.filter((result) => !result.ok);
  // The generator and the ledger rules must agree; a refused item is a bug in one of them.
  if (failed.length > 0) app.log.warn({ failed: failed.length, first: failed[0] }, 'demo seed: ledger refused some commands');
  app.log.info({ customers: company.customers.length, commands: results.length, ms: Date.now() - started }, 'demo company seeded');
  return company;
}
