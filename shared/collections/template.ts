/**
 * Reminder templates: text with `{{variable}}` placeholders. The set of variables is closed, so
 * a template naming an unknown one is rejected when it is saved (naming the variable), and
 * rendering can never leave a placeholder behind.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';

export const templateVariables = [
  'customerName',
  'customerRef',
  'contactName',
  'contactEmail',
  'invoiceList',
  'invoiceCount',
  'totalAmount',
  'currency',
  'earliestDueDate',
  'maxDaysLate',
  'link',
] as const;
export type TemplateVariable = (typeof templateVariables)[number];
export type TemplateValues = Readonly<Record<TemplateVariable, string>>;

/** Escalating tone, from the polite forewarning before the due date to the final notice. */
export const templateLevels = ['forewarning', 'friendly', 'firm', 'final'] as const;
export type TemplateLevel = (typeof templateLevels)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isVariable = (name: string): name is TemplateVariable => (templateVariables as readonly string[]).includes(name);

/** The variables a text uses, in order of first use; unknown names included. */
export function placeholders(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) seen.add(match[1] ?? '');
  return [...seen];
}

/** Every placeholder of `subject` and `body` must be a known variable; the error names the first unknown one. */
export function validateTemplate(template: { readonly subject: string; readonly body: string }): Result<{ readonly variables: TemplateVariable[] }> {
  const used: TemplateVariable[] = [];
  for (const field of ['subject', 'body'] as const) {
    for (const name of placeholders(template[field])) {
      if (!isVariable(name)) return fail(ErrorCode.validation, `Unknown template variable "{{${name}}}" in ${field}; known: ${templateVariables.join(', ')}`, field, { variable: name });
      if (!used.includes(name)) used.push(name);
    }
  }
  return ok({ variables: used });
}

export function renderText(text: string, values: TemplateValues): Result<string> {
  let unknown: string | undefined;
  const rendered = text.replace(PLACEHOLDER, (_whole, name: string) => {
    if (isVariable(name)) return values[name];
    unknown ??= name;
    return '';
  });
  if (unknown !== undefined) return fail(ErrorCode.validation, `Unknown template variable "{{${unknown}}}"`, 'body', { variable: unknown });
  return ok(rendered);
}

export function renderTemplate(template: { readonly subject: string; readonly body: string }, values: TemplateValues): Result<{ readonly subject: string; readonly body: string }> {
  const subject = renderText(template.subject, values);
  if (!subject.ok) return fail(ErrorCode.validation, subject.error.message, 'subject', subject.error.details as Record<string, unknown>);
  const body = renderText(template.body, values);
  if (!body.ok) return body;
  return ok({ subject: subject.value, body: body.value });
}
