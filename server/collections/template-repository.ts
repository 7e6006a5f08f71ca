/** Reminder templates: saved only when every placeholder is a known variable (shared/collections/template.ts). */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ErrorCode } from '../../shared/errors.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { validateTemplate, type TemplateLevel } from '../../shared/collections/template.ts';

export interface ReminderTemplate {
  readonly id: string;
  readonly name: string;
  readonly level: TemplateLevel;
  readonly subject: string;
  readonly body: string;
}

export interface TemplateInput {
  readonly name: string;
  readonly level: TemplateLevel;
  readonly subject: string;
  readonly body: string;
}

const columns = ['id', 'name', 'level', 'subject', 'body'] as const;
const toTemplate = (row: { id: string; name: string; level: string; subject: string; body: string }): ReminderTemplate => ({ ...row, level: row.level as TemplateLevel });

export async function listTemplates(db: Kysely<DB>): Promise<ReminderTemplate[]> {
  return (await db.selectFrom('reminder_templates').select(columns).orderBy('name').execute()).map(toTemplate);
}

export async function findTemplate(db: Kysely<DB>, id: string): Promise<ReminderTemplate | undefined> {
  const row = await db.selectFrom('reminder_templates').select(columns).where('id', '=', id).executeTakeFirst();
  return row && toTemplate(row);
}

async function nameTaken(db: Kysely<DB>, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('reminder_templates').select('id').where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createTemplate(db: Kysely<DB>, input: TemplateInput): Promise<Result<ReminderTemplate>> {
  const valid = validateTemplate(input);
  if (!valid.ok) return valid;
  if (await nameTaken(db, input.name)) return fail(ErrorCode.conflict, `A template named "${input.name}" exists`, 'name');
  const row = await db.insertInto('reminder_templates').values(input).returning(columns).executeTakeFirstOrThrow();
  return ok(toTemplate(row));
}

export async function updateTemplate(db: Kysely<DB>, id: string, input: TemplateInput): Promise<Result<ReminderTemplate>> {
  const valid = validateTemplate(input);
  if (!valid.ok) return valid;
  if (await nameTaken(db, input.name, id)) return fail(ErrorCode.conflict, `A template named "${input.name}" exists`, 'name');
  const row = await db.updateTable('reminder_templates').set({ ...input, updated_at: new Date() }).where('id', '=', id).returning(columns).executeTakeFirst();
  return row ? ok(toTemplate(row)) : fail(ErrorCode.notFound, 'No such template', 'id');
}

/** A template a cadence still sends cannot be deleted (the cadence would go silent). */
export async function deleteTemplate(db: Kysely<DB>, id: string): Promise<Result<{ readonly id: string }>> {
  const cadences = await db.selectFrom('cadences').select(['id', 'steps']).execute();
  const usedBy = cadences.find((cadence) => (cadence.steps as { templateId: string }[]).some((step) => step.templateId === id));
  if (usedBy) return fail(ErrorCode.conflict, `Template is used by cadence ${usedBy.id}`, 'id');
  const deleted = await db.deleteFrom('reminder_templates').where('id', '=', id).returning('id').executeTakeFirst();
  return deleted ? ok({ id }) : fail(ErrorCode.notFound, 'No such template', 'id');
}
