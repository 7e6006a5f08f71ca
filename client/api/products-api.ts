/** Product models with hotspots (`/api/v1/products` for staff; a link holder gets its customer's from `/portal/products`). */
import type { ProductModel } from '../scene/scene-model.ts';
import { api } from './http.ts';

export { productFor } from '../../shared/products/product-for.ts';

export const productsApi = {
  list: () => api<ProductModel[]>('/products'),
  /** The link's customer's product (none or one), for the link view. */
  ofLink: () => api<ProductModel[]>('/portal/products'),
};
