/** TypeBox schemas of `/metrics` and `/metrics/payers` (DESIGN §4) and the aging export. */
import { Type } from 'typebox';
import { CurrencyCode, IsoDate } from './common.ts';

const Aging = Type.Object({ current: Type.Integer(), '1-30': Type.Integer(), '31-60': Type.Integer(), '61-90': Type.Integer(), '91+': Type.Integer() });

export const MetricsQuery = Type.Object({ asOf: Type.Optional(IsoDate), currency: Type.Optional(CurrencyCode) }, { additionalProperties: false });
export const MetricsReportSchema = Type.Object({
  asOf: Type.String(), currency: Type.String(), ar: Type.Integer(), current: Type.Integer(), aging: Aging,
  dso: Type.Number(), bpdso: Type.Number(), add: Type.Number(), cei: Type.Number(),
  clean: Type.Object({ ar: Type.Integer(), dso: Type.Number(), bpdso: Type.Number(), add: Type.Number() }),
  disputedBalance: Type.Integer(), meanDisputeResolutionDays: Type.Union([Type.Number(), Type.Null()]),
});
export const PayersQuery = Type.Object({ asOf: Type.Optional(IsoDate), currency: Type.Optional(CurrencyCode), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })) }, { additionalProperties: false });
export const PayerSchema = Type.Object({ customerRef: Type.String(), customerName: Type.Optional(Type.String()), weightedDaysLate: Type.Number(), settledInvoices: Type.Integer(), settledAmount: Type.Integer() });
export const AgingExportQuery = Type.Object({ asOf: Type.Optional(IsoDate), currency: Type.Optional(CurrencyCode) }, { additionalProperties: false });
