/**
 * Writes the product models the AR view shows (DESIGN §7) into assets/models/: for each product a
 * `.glb` (glTF 2.0 binary, built with @gltf-transform/core), a `.usdz` for iOS AR Quick Look
 * (three's USDZExporter) and a `.hotspots.json` of feature and maintenance hotspots, plus
 * `products.json` listing them. Models are built from primitives with named nodes so hotspots can
 * anchor to a node. The .glb and .json files are byte-identical across runs (the .usdz zip carries timestamps). Run: `npx tsx scripts/generate-models.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document, NodeIO, type Material, type Node as GltfNode } from '@gltf-transform/core';
import { BoxGeometry, BufferGeometry, CylinderGeometry, Group, Mesh, MeshStandardMaterial, SphereGeometry, TorusGeometry, type Object3D } from 'three';
import { USDZExporter } from 'three/examples/jsm/exporters/USDZExporter.js';
import type { Hotspot, Vec3 } from '../client/scene/scene-model.ts';

interface PartSpec {
  readonly name: string;
  readonly shape: 'box' | 'cylinder' | 'sphere' | 'torus';
  /** box: w,h,d · cylinder: radiusTop, radiusBottom, height · sphere: radius · torus: radius, tube. Metres. */
  readonly size: Vec3;
  readonly position: Vec3;
  readonly rotation?: Vec3;
  readonly color: string;
  readonly metalness?: number;
  readonly roughness?: number;
  /** Defaults to the product's root node. */
  readonly parent?: string;
}

interface ProductDefinition {
  readonly id: string;
  readonly name: string;
  readonly parts: readonly PartSpec[];
  readonly hotspots: readonly Hotspot[];
}

const steel = { color: '#9aa5b1', metalness: 0.7, roughness: 0.35 };
const productDefinitions: readonly ProductDefinition[] = [
  {
    id: 'packaging-machine',
    name: 'PX-400 packaging machine',
    parts: [
      { name: 'base', shape: 'box', size: [0.6, 0.08, 0.3], position: [0, 0.04, 0], color: '#334155' },
      { name: 'housing', shape: 'box', size: [0.36, 0.2, 0.26], position: [-0.1, 0.18, 0], color: '#e2e8f0', roughness: 0.4 },
      { name: 'conveyor', shape: 'box', size: [0.56, 0.025, 0.12], position: [0.02, 0.3, 0], color: '#1e293b' },
      { name: 'roller-in', shape: 'cylinder', size: [0.02, 0.02, 0.13], position: [-0.26, 0.3, 0], rotation: [Math.PI / 2, 0, 0], ...steel },
      { name: 'roller-out', shape: 'cylinder', size: [0.02, 0.02, 0.13], position: [0.3, 0.3, 0], rotation: [Math.PI / 2, 0, 0], ...steel },
      { name: 'sealing-head', shape: 'box', size: [0.1, 0.06, 0.14], position: [0.1, 0.4, 0], color: '#f97316', roughness: 0.5 },
      { name: 'seal-bar', shape: 'box', size: [0.09, 0.01, 0.12], position: [0, -0.035, 0], parent: 'sealing-head', ...steel },
      { name: 'film-roll', shape: 'cylinder', size: [0.05, 0.05, 0.14], position: [-0.1, 0.36, -0.04], rotation: [Math.PI / 2, 0, 0], color: '#bae6fd', roughness: 0.2 },
      { name: 'control-panel', shape: 'box', size: [0.08, 0.1, 0.015], position: [-0.22, 0.2, 0.135], color: '#0f172a' },
      { name: 'emergency-stop', shape: 'cylinder', size: [0.015, 0.015, 0.012], position: [0.02, 0.03, 0.012], rotation: [Math.PI / 2, 0, 0], parent: 'control-panel', color: '#dc2626' },
      { name: 'status-light', shape: 'sphere', size: [0.015, 0, 0], position: [-0.25, 0.31, 0.1], color: '#22c55e', roughness: 0.2 },
    ],
    hotspots: [
      { id: 'seal', kind: 'feature', title: 'Heat-seal head', body: 'Seals up to 40 packs a minute; temperature set from the control panel.', anchor: { node: 'sealing-head' } },
      { id: 'film', kind: 'maintenance', title: 'Film roll', body: 'Replace the film roll when the status light blinks amber.', anchor: { node: 'film-roll' }, lastServiced: '2026-09-14', nextDue: '2026-12-14' },
      { id: 'rollers', kind: 'maintenance', title: 'Conveyor rollers', body: 'Clean and grease the rollers every quarter.', anchor: { node: 'roller-out' }, lastServiced: '2026-06-02', nextDue: '2026-09-02' },
      { id: 'panel', kind: 'feature', title: 'Control panel', body: 'Recipes, counters and the emergency stop.', anchor: { node: 'control-panel' } },
    ],
  },
  {
    id: 'robotic-arm',
    name: 'RA-6 robotic arm',
    parts: [
      { name: 'plinth', shape: 'cylinder', size: [0.12, 0.14, 0.06], position: [0, 0.03, 0], color: '#334155' },
      { name: 'turntable', shape: 'cylinder', size: [0.08, 0.09, 0.05], position: [0, 0.085, 0], color: '#f59e0b', roughness: 0.45 },
      { name: 'shoulder', shape: 'sphere', size: [0.055, 0, 0], position: [0, 0.14, 0], ...steel },
      { name: 'upper-arm', shape: 'box', size: [0.06, 0.24, 0.06], position: [0.04, 0.25, 0], rotation: [0, 0, -0.35], color: '#f59e0b', roughness: 0.45 },
      { name: 'elbow', shape: 'sphere', size: [0.045, 0, 0], position: [0.085, 0.36, 0], ...steel },
      { name: 'forearm', shape: 'box', size: [0.2, 0.045, 0.045], position: [0.18, 0.37, 0], rotation: [0, 0, 0.12], color: '#f59e0b', roughness: 0.45 },
      { name: 'wrist', shape: 'cylinder', size: [0.025, 0.025, 0.04], position: [0.29, 0.385, 0], rotation: [0, 0, Math.PI / 2], ...steel },
      { name: 'gripper', shape: 'torus', size: [0.028, 0.008, 0], position: [0.33, 0.385, 0], rotation: [0, Math.PI / 2, 0], color: '#1e293b' },
      { name: 'cable-carrier', shape: 'box', size: [0.02, 0.16, 0.02], position: [-0.05, 0.22, -0.04], color: '#0f172a' },
    ],
    hotspots: [
      { id: 'payload', kind: 'feature', title: '6 kg payload', body: 'Reach 0.9 m at full payload; repeatability ±0.03 mm.', anchor: { node: 'gripper' } },
      { id: 'gearbox', kind: 'maintenance', title: 'Elbow gearbox', body: 'Oil change every 4,000 operating hours.', anchor: { node: 'elbow' }, lastServiced: '2026-03-20', nextDue: '2026-11-20' },
      { id: 'cables', kind: 'maintenance', title: 'Cable carrier', body: 'Inspect for wear; replace when the sheath shows cracks.', anchor: { node: 'cable-carrier' }, lastServiced: '2026-08-01', nextDue: '2027-02-01' },
      { id: 'base', kind: 'feature', title: 'Turntable', body: '±180° rotation, floor, wall or ceiling mount.', anchor: { position: [0, 0.11, 0.1] } },
    ],
  },
];

const outDir = path.resolve(import.meta.dirname, '../assets/models');

function geometryOf(part: PartSpec): BufferGeometry {
  const [a, b, c] = part.size;
  switch (part.shape) {
    case 'box':
      return new BoxGeometry(a, b, c);
    case 'cylinder':
      return new CylinderGeometry(a, b, c, 24);
    case 'sphere':
      return new SphereGeometry(a, 24, 16);
    case 'torus':
      return new TorusGeometry(a, b, 12, 32);
  }
}

/** The product as a three scene graph: the one source both exporters read. */
function buildScene(parts: readonly PartSpec[], rootName: string): Group {
  const root = new Group();
  root.name = rootName;
  const byName = new Map<string, Object3D>([[rootName, root]]);
  for (const part of parts) {
    const material = new MeshStandardMaterial({ color: part.color, metalness: part.metalness ?? 0.2, roughness: part.roughness ?? 0.6 });
    material.name = `mat-${part.color.replace('#', '')}`;
    const mesh = new Mesh(geometryOf(part), material);
    mesh.name = part.name;
    mesh.position.set(...part.position);
    if (part.rotation) mesh.rotation.set(...part.rotation);
    const parent = byName.get(part.parent ?? rootName);
    if (!parent) throw new Error(`Part ${part.name}: parent ${part.parent} must come before it`);
    parent.add(mesh);
    byName.set(part.name, mesh);
  }
  root.updateMatrixWorld(true);
  return root;
}

function toGltf(root: Group, productName: string): Document {
  const document = new Document();
  const buffer = document.createBuffer();
  const materials = new Map<string, Material>();
  const scene = document.createScene(productName);

  const convert = (object: Object3D): GltfNode => {
    const node = document.createNode(object.name).setTranslation([object.position.x, object.position.y, object.position.z]);
    const q = object.quaternion;
    if (q.x !== 0 || q.y !== 0 || q.z !== 0) node.setRotation([q.x, q.y, q.z, q.w]);
    if (object instanceof Mesh) {
      const geometry = object.geometry as BufferGeometry;
      const material = object.material as MeshStandardMaterial;
      const key = material.name;
      let gltfMaterial = materials.get(key);
      if (!gltfMaterial) {
        // glTF base colours are linear, and three's Color already holds linear values (hex is converted from sRGB).
        const linear = material.color;
        gltfMaterial = document.createMaterial(key).setBaseColorFactor([linear.r, linear.g, linear.b, 1]).setMetallicFactor(material.metalness).setRoughnessFactor(material.roughness);
        materials.set(key, gltfMaterial);
      }
      const position = document.createAccessor().setType('VEC3').setArray(new Float32Array(geometry.getAttribute('position').array)).setBuffer(buffer);
      const normal = document.createAccessor().setType('VEC3').setArray(new Float32Array(geometry.getAttribute('normal').array)).setBuffer(buffer);
      const indexArray = geometry.getIndex()?.array;
      if (!indexArray) throw new Error(`Part ${object.name} has no index`);
      const indices = document.createAccessor().setType('SCALAR').setArray(new Uint16Array(indexArray)).setBuffer(buffer);
      const primitive = document.createPrimitive().setAttribute('POSITION', position).setAttribute('NORMAL', normal).setIndices(indices).setMaterial(gltfMaterial);
      node.setMesh(document.createMesh(object.name).addPrimitive(primitive));
    }
    for (const child of object.children) node.addChild(convert(child));
    return node;
  };
  scene.addChild(convert(root));
  document.getRoot().setDefaultScene(scene);
  document.getRoot().getAsset().generator = 'cashlens scripts/generate-models.ts';
  return document;
}

async function main(): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const io = new NodeIO();
  const list = [];
  for (const product of productDefinitions) {
    const root = buildScene(product.parts, product.id);
    for (const hotspot of product.hotspots) {
      if ('node' in hotspot.anchor && !root.getObjectByName(hotspot.anchor.node)) throw new Error(`${product.id}: hotspot ${hotspot.id} names missing node ${hotspot.anchor.node}`);
    }
    const glb = await io.writeBinary(toGltf(root, product.name));
    fs.writeFileSync(path.join(outDir, `${product.id}.glb`), glb);
    const usdz = await new USDZExporter().parseAsync(root);
    fs.writeFileSync(path.join(outDir, `${product.id}.usdz`), usdz);
    fs.writeFileSync(path.join(outDir, `${product.id}.hotspots.json`), `${JSON.stringify(product.hotspots, null, 2)}\n`);
    list.push({ id: product.id, name: product.name, glb: `${product.id}.glb`, usdz: `${product.id}.usdz`, hotspots: `${product.id}.hotspots.json` });
    console.log(`${product.id}: ${glb.byteLength} B glb, ${usdz.byteLength} B usdz, ${product.hotspots.length} hotspots`);
  }
  fs.writeFileSync(path.join(outDir, 'products.json'), `${JSON.stringify(list, null, 2)}\n`);
}

await main();
