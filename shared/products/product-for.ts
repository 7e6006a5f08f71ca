/**
 * Which product model a customer's session shows: stable per customer (a hash of its ref over
 * the catalogue) until the ledger records what each customer really owns. One rule for the
 * staff client, which picks from the whole catalogue, and the portal, which serves a link
 * holder only its own customer's product.
 */
export function productFor<T>(customerRef: string, products: readonly T[]): T | undefined {
  if (products.length === 0) return undefined;
  let hash = 0;
  for (const char of customerRef) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return products[hash % products.length];
}
