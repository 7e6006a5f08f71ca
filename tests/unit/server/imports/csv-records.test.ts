import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, readCsvRecords } from '../../../../server/imports/csv-records.ts';

async function records(...chunks: (string | Buffer)[]) {
  const out: { row: number; cells: readonly string[] }[] = [];
  for await (const record of readCsvRecords(Readable.from(chunks))) out.push(record);
  return out;
}

describe('readCsvRecords', () => {
  it('numbers rows like a spreadsheet: header 1, blank lines counted but skipped', async () => {
    expect(await records('a,b\n1,2\n\n , \n3,4\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 5, cells: ['3', '4'] },
    ]);
  });

  it('strips a UTF-8 BOM and accepts CRLF', async () => {
    expect(await records(Buffer.from([0xef, 0xbb, 0xbf]), 'a,b\r\n1,2\r\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
    ]);
  });

  it('keeps quoted commas, doubled quotes and line breaks inside one row', async () => {
    expect(await records('a,b\n"x, y","say ""hi""\nthere"\n5,6\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x, y', 'say "hi"\nthere'] },
      { row: 3, cells: ['5', '6'] },
    ]);
  });

  it('reassembles records split across chunks (and multi-byte characters split mid-way)', async () => {
    const text = Buffer.from('a,b\nZürich,2\n');
    expect(await records(text.subarray(0, 6), text.subarray(6))).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['Zürich', '2'] },
    ]);
  });

  it('accepts short and long records (the row parser decides what is missing)', async () => {
    expect((await records('a,b,c\n1\n1,2,3,4\n')).map((r) => r.cells.length)).toEqual([3, 1, 4]);
  });

  it('yields the rows before an unclosed quote, then fails naming the row', async () => {
    const seen: number[] = [];
    const error = await (async () => {
      try {
        for await (const record of readCsvRecords(Readable.from(['a,b\n1,2\n"3,4\n5,6\n']))) seen.push(record.row);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(seen).toEqual([1, 2]);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).row).toBe(3);
    expect((error as CsvSyntaxError).message).toContain('row 3');
  });
});
