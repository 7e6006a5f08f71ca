/** API shapes of the CSV import (TypeBox: JSON Schema at run time, types at compile time). */
import { Type, type Static } from 'typebox';

export const ImportRowErrorSchema = Type.Object({
  row: Type.Integer({ minimum: 1, description: '1-based CSV row; the header is row 1' }),
  column: Type.String(),
  message: Type.String(),
});

const Counts = {
  rowsRead: Type.Integer({ description: 'Data rows read (blank lines not counted)' }),
  imported: Type.Integer({ description: 'Invoices newly issued' }),
  skipped: Type.Integer({ description: 'Rows whose invoice already exists with the same content' }),
  customersCreated: Type.Integer(),
  rejectedCount: Type.Integer({ description: 'All rejected rows; `rejected` lists the first 10,000 errors' }),
  rejected: Type.Array(ImportRowErrorSchema),
};

export const ImportSummarySchema = Type.Object({ id: Type.String({ format: 'uuid' }), ...Counts });
export type ImportSummary = Static<typeof ImportSummarySchema>;

export const ImportJobSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Literal('invoices'),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  source: Type.String(),
  createdBy: Type.String(),
  totalBytes: Type.Union([Type.Integer(), Type.Null()], { description: 'Content-Length or file size, when known' }),
  bytesRead: Type.Integer(),
  ...Counts,
  error: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
export type ImportJobView = Static<typeof ImportJobSchema>;
