/**
 * ISO 4217 currencies we accept, with their minor-unit exponent. An unknown code is a
 * validation error at the edge, never a guess.
 */
export const currencyExponents = {
  USD: 2, EUR: 2, GBP: 2, CHF: 2, CAD: 2, AUD: 2, NZD: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2,
  HUF: 2, MXN: 2, BRL: 2, ZAR: 2, INR: 2, CNY: 2, HKD: 2, SGD: 2, AED: 2, SAR: 2, ILS: 2, TRY: 2,
  JPY: 0, KRW: 0, CLP: 0, ISK: 0, VND: 0,
  BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3,
} as const;

export type Currency = keyof typeof currencyExponents;

export function isCurrency(code: string): code is Currency {
  return Object.hasOwn(currencyExponents, code);
}

export function minorUnitExponent(currency: Currency): number {
  return currencyExponents[currency];
}
