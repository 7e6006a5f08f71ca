import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inline } from '../../../server/db/deferred-begin.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../support/test-database.ts';

describe('inline (parameters as quoted literals for `begin; <statement>`)', () => {
  const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;
  const asText = (value: unknown) => (value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value));

  it('replaces $n by the n-th value, $10 included, and null by null', () => {
    const values = Array.from({ length: 10 }, (_, i) => (i === 1 ? null : `v${i + 1}`));
    expect(inline('select $1, $2, $10', values, asText, quote)).toBe("select 'v1', null, 'v10'");
  });

  it('refuses SQL holding a quote or a semicolon, binary values and missing parameters', () => {
    expect(inline("select '$1'", ['x'], asText, quote)).toBeUndefined();
    expect(inline('select 1; select $1', ['x'], asText, quote)).toBeUndefined();
    expect(inline('select $1', [Buffer.from('x')], (value) => value, quote)).toBeUndefined();
    expect(inline('select $2', ['x'], asText, quote)).toBeUndefined();
  });
});

describe.runIf(databaseKinds().includes('postgres'))('PostgreSQL transactions with a deferred begin', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await sql`create table deferred_begin_probe (id int primary key, note text)`.execute(database.db);
  });
  afterAll(() => database?.destroy());

  const notes = async () => (await sql<{ note: string }>`select note from deferred_begin_probe order by id`.execute(database.db)).rows.map((row) => row.note);

  it('keeps the first statement inside the transaction: invisible until commit, gone on rollback', async () => {
    const awkward = "it's $2 \\ ; -- not a comment";
    let seenOutside: string[] = [];
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into deferred_begin_probe (id, note) values (${1}, ${awkward})`.execute(trx);
      seenOutside = await notes();
    });
    expect(seenOutside).toEqual([]);
    expect(await notes()).toEqual([awkward]);

    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into deferred_begin_probe (id, note) values (${2}, ${'rolled back'})`.execute(trx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await notes()).toEqual([awkward]);
  });

  it('rolls back when the first statement fails, and an empty transaction sends nothing', async () => {
    await expect(database.db.transaction().execute((trx) => sql`insert into deferred_begin_probe (id, note) values (${1}, ${'duplicate'})`.execute(trx))).rejects.toThrow(/duplicate key/);
    expect(await database.db.transaction().execute(async () => 'nothing')).toBe('nothing');
    const idle = await sql<{ n: bigint }>`select count(*) as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`.execute(database.db);
    expect(idle.rows[0]!.n).toBe(0n);
    expect(await notes()).toHaveLength(1);
  });
});
