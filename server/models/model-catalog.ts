/**
 * The product models in `assets/models/` (written by scripts/generate-models.ts): the catalogue
 * from `products.json` with each product's hotspots, and the files themselves held in memory with
 * a content hash as ETag. The folder is small (a few hundred KB) and read once at start; only
 * names of the form `<id>.glb|.usdz|.hotspots.json` are ever served, so no path escapes it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Hotspot, ProductModel } from '../../client/scene/scene-model.ts';

export interface ModelFile {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

export interface ModelCatalog {
  readonly products: readonly ProductModel[];
  file(name: string): ModelFile | undefined;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.glb': 'model/gltf-binary',
  '.usdz': 'model/vnd.usdz+zip',
  '.json': 'application/json; charset=utf-8',
};

/** What may be asked for: a lower-case id and one of the served extensions. */
export const MODEL_FILE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}(\.glb|\.usdz|\.hotspots\.json)$/;

interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly glb: string;
  readonly usdz?: string;
  readonly hotspots: string;
}

const loaded = new Map<string, ModelCatalog>();

/** Read once per folder and prefix: the model routes and the portal share the files in memory. */
export function loadModelCatalog(assetsDir: string, urlPrefix = '/models'): ModelCatalog {
  const key = `${path.resolve(assetsDir)}\0${urlPrefix}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const catalog = readModelCatalog(assetsDir, urlPrefix);
  loaded.set(key, catalog);
  return catalog;
}

function readModelCatalog(assetsDir: string, urlPrefix: string): ModelCatalog {
  const dir = path.join(assetsDir, 'models');
  const files = new Map<string, ModelFile>();
  const listFile = path.join(dir, 'products.json');
  if (!fs.existsSync(listFile)) return { products: [], file: () => undefined };

  for (const name of fs.readdirSync(dir)) {
    if (!MODEL_FILE_PATTERN.test(name)) continue;
    const body = fs.readFileSync(path.join(dir, name));
    const contentType = contentTypes[path.extname(name)] ?? 'application/octet-stream';
    files.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }

  const entries = JSON.parse(fs.readFileSync(listFile, 'utf8')) as CatalogEntry[];
  const products = entries.map((entry): ProductModel => {
    const hotspotFile = files.get(entry.hotspots);
    const hotspots = hotspotFile ? (JSON.parse(hotspotFile.body.toString('utf8')) as Hotspot[]) : [];
    return {
      id: entry.id,
      name: entry.name,
      glbUrl: `${urlPrefix}/${entry.glb}`,
      ...(entry.usdz && files.has(entry.usdz) ? { usdzUrl: `${urlPrefix}/${entry.usdz}` } : {}),
      hotspots,
    };
  });
  return { products, file: (name) => (MODEL_FILE_PATTERN.test(name) ? files.get(name) : undefined) };
}
