/**
 * Cadences: reminder steps relative to an invoice's due date (−3 = three days before, +7 = a
 * week late), each naming the template to send. One per segment, overridable per customer; the
 * `default` segment applies when neither exists. Two steps on the same day overlap (the same
 * invoice would get two messages at once) and are rejected.
 */
import { ErrorCode } from '../errors.ts';
import { fail, ok, type Result } from '../result.ts';

export interface CadenceStep {
  readonly offsetDays: number;
  readonly templateId: string;
}

export interface Cadence {
  readonly id: string;
  /** Exactly one of segment / customerId is set. */
  readonly segment: string | null;
  readonly customerId: string | null;
  /** Sorted by offsetDays, distinct offsets (see `validateSteps`). */
  readonly steps: readonly CadenceStep[];
}

export const DEFAULT_SEGMENT = 'default';
export const MIN_OFFSET_DAYS = -60;
export const MAX_OFFSET_DAYS = 365;
export const MAX_STEPS = 20;

/** Checks the steps and returns them sorted by offset. */
export function validateSteps(steps: readonly CadenceStep[]): Result<CadenceStep[]> {
  if (steps.length === 0) return fail(ErrorCode.validation, 'A cadence needs at least one step', 'steps');
  if (steps.length > MAX_STEPS) return fail(ErrorCode.validation, `A cadence has at most ${MAX_STEPS} steps`, 'steps');
  for (const [index, step] of steps.entries()) {
    if (!Number.isInteger(step.offsetDays) || step.offsetDays < MIN_OFFSET_DAYS || step.offsetDays > MAX_OFFSET_DAYS) {
      return fail(ErrorCode.validation, `Step offset must be a whole number of days between ${MIN_OFFSET_DAYS} and ${MAX_OFFSET_DAYS}`, `steps.${index}.offsetDays`);
    }
  }
  const sorted = [...steps].sort((a, b) => a.offsetDays - b.offsetDays);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.offsetDays === sorted[i - 1]!.offsetDays) {
      const index = steps.lastIndexOf(sorted[i]!);
      return fail(ErrorCode.validation, `Steps overlap: two steps at ${sorted[i]!.offsetDays} days from the due date`, `steps.${index}.offsetDays`);
    }
  }
  return ok(sorted);
}

/** The cadence that applies to a customer: its own override, else its segment's, else the default segment's. */
export function cadenceFor(cadences: readonly Cadence[], customer: { readonly id: string; readonly segment: string }): Cadence | undefined {
  return (
    cadences.find((cadence) => cadence.customerId === customer.id) ??
    cadences.find((cadence) => cadence.customerId === null && cadence.segment === customer.segment) ??
    cadences.find((cadence) => cadence.customerId === null && cadence.segment === DEFAULT_SEGMENT)
  );
}
