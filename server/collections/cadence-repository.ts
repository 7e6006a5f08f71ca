/** Cadences per segment or per customer; steps validated (no overlaps) and their templates must exist. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { validateSteps, type Cadence, type CadenceStep } from '../../shared/collections/cadence.ts';

export interface CadenceInput {
  readonly segment?: string | null;
  readonly customerId?: string | null;
  readonly steps: readonly CadenceStep[];
}

const toCadence = (row: { id: string; segment: string | null; customer_id: string | null; steps: unknown }): Cadence => ({ id: row.id, segment: row.segment, customerId: row.customer_id, steps: row.steps as CadenceStep[] });

export async function listCadences(db: Kysely<DB>): Promise<Cadence[]> {
  return (await db.selectFrom('cadences').select(['id', 'segment', 'customer_id', 'steps']).orderBy('segment').orderBy('customer_id').execute()).map(toCadence);
}

async function checkInput(db: Kysely<DB>, input: CadenceInput): Promise<Result<CadenceStep[]>> {
  const segment = input.segment ?? null;
  const customerId = input.customerId ?? null;
  if ((segment === null) === (customerId === null)) return fail(ErrorCode.validation, 'A cadence is for exactly one of segment or customerId', segment === null ? 'segment' : 'customerId');
  const steps = validateSteps(input.steps);
  if (!steps.ok) return steps;
  const templateIds = [...new Set(steps.value.map((step) => step.templateId))];
  const found = await db.selectFrom('reminder_templates').select('id').where('id', 'in', templateIds).execute();
  const missing = input.steps.findIndex((step) => !found.some((row) => row.id === step.templateId));
  if (missing >= 0) return fail(ErrorCode.validation, `Unknown template ${input.steps[missing]!.templateId}`, `steps.${missing}.templateId`);
  if (customerId !== null && !(await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst())) return fail(ErrorCode.validation, 'Unknown customer', 'customerId');
  return steps;
}

export async function createCadence(db: Kysely<DB>, input: CadenceInput): Promise<Result<Cadence>> {
  const steps = await checkInput(db, input);
  if (!steps.ok) return steps;
  const segment = input.segment ?? null;
  const customerId = input.customerId ?? null;
  const existing = await db
    .selectFrom('cadences')
    .select('id')
    .where((eb) => (segment !== null ? eb('segment', '=', segment) : eb('customer_id', '=', customerId)))
    .executeTakeFirst();
  if (existing) return fail(ErrorCode.conflict, `A cadence for this ${segment !== null ? 'segment' : 'customer'} exists (${existing.id}); update it`, segment !== null ? 'segment' : 'customerId');
  const row = await db.insertInto('cadences').values({ segment, customer_id: customerId, steps: JSON.stringify(steps.value) }).returning(['id', 'segment', 'customer_id', 'steps']).executeTakeFirstOrThrow();
  return ok(toCadence(row));
}

export async function updateCadenceSteps(db: Kysely<DB>, id: string, stepsInput: readonly CadenceStep[]): Promise<Result<Cadence>> {
  const current = await db.selectFrom('cadences').select(['segment', 'customer_id']).where('id', '=', id).executeTakeFirst();
  if (!current) return fail(ErrorCode.notFound, 'No such cadence', 'id');
  const steps = await checkInput(db, { segment: current.segment, customerId: current.customer_id, steps: stepsInput });
  if (!steps.ok) return steps;
  const row = await db.updateTable('cadences').set({ steps: JSON.stringify(steps.value), updated_at: new Date() }).where('id', '=', id).returning(['id', 'segment', 'customer_id', 'steps']).executeTakeFirstOrThrow();
  return ok(toCadence(row));
}

export async function deleteCadence(db: Kysely<DB>, id: string): Promise<Result<{ readonly id: string }>> {
  const deleted = await db.deleteFrom('cadences').where('id', '=', id).returning('id').executeTakeFirst();
  return deleted ? ok({ id }) : fail(ErrorCode.notFound, 'No such cadence', 'id');
}
