/**
 * Product models for the 3D/AR view (DESIGN §7): `GET /models/:file` serves the `.glb`, `.usdz`
 * and `.hotspots.json` files from `assets/models/` with an ETag and a day of public caching
 * (public: AR Quick Look on iOS fetches the USDZ outside our page, and models hold no ledger
 * data); `GET /api/v1/products` lists the products with their hotspots for signed-in users.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { ErrorCode } from '../../shared/errors.ts';
import { loadModelCatalog, MODEL_FILE_PATTERN } from '../models/model-catalog.ts';

const Vec3 = Type.Tuple([Type.Number(), Type.Number(), Type.Number()]);
const HotspotSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('feature'), Type.Literal('maintenance')]),
  title: Type.String(),
  body: Type.String(),
  anchor: Type.Union([Type.Object({ node: Type.String() }), Type.Object({ position: Vec3 })]),
  lastServiced: Type.Optional(Type.String()),
  nextDue: Type.Optional(Type.String()),
});
export const ProductSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  glbUrl: Type.String(),
  usdzUrl: Type.Optional(Type.String()),
  hotspots: Type.Array(HotspotSchema),
});

const modelsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const catalog = loadModelCatalog(app.config.assetsDir);

  app.get('/api/v1/products', { schema: { tags: ['products'], response: { 200: Type.Array(ProductSchema) } } }, async () => catalog.products as Static<typeof ProductSchema>[]);

  app.get(
    '/models/:file',
    { config: { public: true }, schema: { tags: ['products'], params: Type.Object({ file: Type.String({ pattern: MODEL_FILE_PATTERN.source }) }) } },
    async (request, reply) => {
      const file = catalog.file(request.params.file);
      if (!file) return reply.status(404).send({ statusCode: 404, error: 'Not Found', code: ErrorCode.notFound, message: `No model file ${request.params.file}` });
      reply.header('etag', file.etag).header('cache-control', 'public, max-age=86400');
      if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
      return reply.type(file.contentType).send(file.body);
    },
  );
};

export default modelsRoutes;
