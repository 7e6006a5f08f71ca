/** PostgreSQL error classes the app answers differently (PGlite raises the same SQLSTATEs). */

/** A unique index refused the row (SQLSTATE 23505, unique_violation). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}
