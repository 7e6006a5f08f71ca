import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBytes } from 'gltf-validator';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

const modelsDir = path.resolve(import.meta.dirname, '../../../assets/models');
const glbFiles = fs.readdirSync(modelsDir).filter((name) => name.endsWith('.glb'));

describe('generated product models', () => {
  it('ships at least two models', () => {
    expect(glbFiles.length).toBeGreaterThanOrEqual(2);
  });

  it.each(glbFiles)('%s passes gltf-validator with no errors and names every hotspot node', async (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(modelsDir, name)));
    const report = await validateBytes(bytes);
    expect(report.issues.messages.filter((m) => m.severity === 0)).toEqual([]);
    expect(report.issues.numErrors).toBe(0);

    const nodeNames = new Set(readNodeNames(bytes));
    const hotspots = JSON.parse(fs.readFileSync(path.join(modelsDir, name.replace('.glb', '.hotspots.json')), 'utf8')) as Array<{ kind: string; anchor: { node?: string } }>;
    expect(hotspots.some((h) => h.kind === 'feature')).toBe(true);
    expect(hotspots.some((h) => h.kind === 'maintenance')).toBe(true);
    for (const hotspot of hotspots) if (hotspot.anchor.node) expect(nodeNames).toContain(hotspot.anchor.node);
  });
});

/** The JSON chunk of a GLB: header (12 bytes), then chunk length, type, JSON. */
function readNodeNames(glb: Uint8Array): string[] {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as { nodes: Array<{ name?: string }> };
  return json.nodes.map((node) => node.name ?? '');
}

describe.each(databaseKinds())('model routes on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  it('serves a .glb publicly with an ETag, a day of caching and 304 on revalidation', async () => {
    const response = await t.app.inject({ url: '/models/robotic-arm.glb' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('model/gltf-binary');
    expect(response.headers['cache-control']).toBe('public, max-age=86400');
    expect(response.rawPayload.subarray(0, 4).toString('ascii')).toBe('glTF');
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    const again = await t.app.inject({ url: '/models/robotic-arm.glb', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves the USDZ for AR Quick Look and the hotspot JSON', async () => {
    const usdz = await t.app.inject({ url: '/models/packaging-machine.usdz' });
    expect(usdz.statusCode).toBe(200);
    expect(usdz.headers['content-type']).toBe('model/vnd.usdz+zip');
    expect(usdz.rawPayload.subarray(0, 2).toString('ascii')).toBe('PK');
    const hotspots = await t.app.inject({ url: '/models/packaging-machine.hotspots.json' });
    expect(hotspots.statusCode).toBe(200);
    expect(hotspots.json()).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'seal', kind: 'feature' })]));
  });

  it('refuses names outside the pattern and unknown models', async () => {
    const traversal = await t.app.inject({ url: '/models/..%2Fproducts.json' });
    expect(traversal.statusCode).toBe(400);
    const list = await t.app.inject({ url: '/models/products.json' });
    expect(list.statusCode).toBe(400);
    const missing = await t.app.inject({ url: '/models/no-such-thing.glb' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('not_found');
  });

  it('lists products with their hotspots to signed-in users only', async () => {
    expect((await t.app.inject({ url: '/api/v1/products' })).statusCode).toBe(401);
    const { cookie } = await t.loginAs('sales');
    const response = await t.app.inject({ url: '/api/v1/products', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const products = response.json() as Array<{ id: string; glbUrl: string; usdzUrl?: string; hotspots: unknown[] }>;
    expect(products.map((p) => p.id).sort()).toEqual(['packaging-machine', 'robotic-arm']);
    for (const product of products) {
      expect(product.glbUrl).toBe(`/models/${product.id}.glb`);
      expect(product.usdzUrl).toBe(`/models/${product.id}.usdz`);
      expect(product.hotspots.length).toBeGreaterThanOrEqual(4);
    }
  });
});
