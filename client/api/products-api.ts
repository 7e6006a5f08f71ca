/** Product models with hotspots (served by the scene work's `/api/v1/products`). */
import type { ProductModel } from '../scene/scene-model.ts';
import { api } from './http.ts';

export const productsApi = {
  list: () => api<ProductModel[]>('/products'),
};

/** The product shown for a customer: stable per customer until the ledger records real ownership. */
export function productFor(customerRef: string, products: readonly ProductModel[]): ProductModel | undefined {
  if (products.length === 0) return undefined;
  let hash = 0;
  for (const char of customerRef) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return products[hash % products.length];
}
