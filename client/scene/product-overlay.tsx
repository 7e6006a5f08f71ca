/**
 * The customer's product model on the table (loaded with useGLTF under the caller's Suspense;
 * no Draco or Meshopt decoders, so nothing is fetched from a CDN) with its feature and
 * maintenance hotspots as clickable markers. Maintenance past its due date shows red. The
 * selected hotspot opens a panel with its text and service dates.
 */
import { useMemo } from 'react';
import { useGLTF } from '@react-three/drei';
import type { ThreeEvent } from '@react-three/fiber';
import { Box3, Vector3 } from 'three';
import type { Hotspot, ProductModel, Vec3 } from './scene-model.ts';
import { TextLabel, type LabelLine } from './text-label.tsx';

export interface ProductOverlayProps {
  readonly product: ProductModel;
  readonly today: string;
  readonly selectedHotspot: string | null;
  onSelectHotspot(id: string | null): void;
  onPlaceAnnotation?(position: Vec3, hotspot: string | undefined): void;
}

/** Where the model stands on the table (anchor frame): centre, slightly back from the timeline. */
const PRODUCT_POSITION: Vec3 = [0, 0, -0.08];

export function preloadProduct(url: string): void {
  useGLTF.preload(url, false, false);
}

export function ProductOverlay({ product, today, selectedHotspot, onSelectHotspot, onPlaceAnnotation }: ProductOverlayProps) {
  const gltf = useGLTF(product.glbUrl, false, false);
  const model = useMemo(() => {
    const clone = gltf.scene.clone(true);
    clone.updateMatrixWorld(true);
    return clone;
  }, [gltf.scene]);
  const markers = useMemo(() => hotspotPositions(model, product.hotspots), [model, product.hotspots]);
  const selected = product.hotspots.find((hotspot) => hotspot.id === selectedHotspot);

  const annotate = (event: ThreeEvent<MouseEvent>, hotspot?: string) => {
    if (!onPlaceAnnotation) return;
    event.stopPropagation();
    const anchor = event.eventObject.parent;
    const point = event.point.clone();
    // The product group's parent is the table anchor; annotations are relative to it.
    anchor?.parent?.worldToLocal(point);
    onPlaceAnnotation([point.x, point.y, point.z], hotspot);
  };

  return (
    <group name={`product-${product.id}`} position={PRODUCT_POSITION as [number, number, number]}>
      <primitive object={model} onDoubleClick={(event: ThreeEvent<MouseEvent>) => annotate(event)} />
      {product.hotspots.map((hotspot) => {
        const position = markers.get(hotspot.id);
        if (!position) return null;
        const overdue = hotspot.kind === 'maintenance' && hotspot.nextDue !== undefined && hotspot.nextDue < today;
        const color = overdue ? '#ef4444' : hotspot.kind === 'maintenance' ? '#f59e0b' : '#3b82f6';
        const isSelected = hotspot.id === selectedHotspot;
        return (
          <mesh
            key={hotspot.id}
            name={`hotspot-${hotspot.id}`}
            position={position as [number, number, number]}
            scale={isSelected ? 1.6 : 1}
            onClick={(event) => {
              event.stopPropagation();
              onSelectHotspot(isSelected ? null : hotspot.id);
            }}
            onDoubleClick={(event) => annotate(event, hotspot.id)}
          >
            <sphereGeometry args={[0.014, 16, 12]} />
            <meshBasicMaterial color={color} toneMapped={false} />
          </mesh>
        );
      })}
      {selected && markers.get(selected.id) ? <HotspotPanel hotspot={selected} at={markers.get(selected.id)!} /> : null}
    </group>
  );
}

function HotspotPanel({ hotspot, at }: { readonly hotspot: Hotspot; readonly at: Vec3 }) {
  const lines: LabelLine[] = [
    { text: hotspot.title, bold: true, size: 22 },
    { text: hotspot.kind === 'maintenance' ? 'Maintenance' : 'Feature', size: 15, color: hotspot.kind === 'maintenance' ? '#fbbf24' : '#93c5fd' },
    ...wrap(hotspot.body, 44).map((text) => ({ text, size: 16 })),
  ];
  if (hotspot.lastServiced) lines.push({ text: `Last serviced ${hotspot.lastServiced}`, size: 15, color: '#cbd5e1' });
  if (hotspot.nextDue) lines.push({ text: `Next due ${hotspot.nextDue}`, size: 15, color: '#cbd5e1' });
  return <TextLabel name="hotspot-panel" lines={lines} width={0.36} height={0.03 + lines.length * 0.024} position={[at[0], at[1] + 0.16, at[2] + 0.05]} />;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Each hotspot's marker position in model space: its node's bounding-box top, or its given position. */
function hotspotPositions(model: import('three').Object3D, hotspots: readonly Hotspot[]): Map<string, Vec3> {
  const positions = new Map<string, Vec3>();
  const box = new Box3();
  const centre = new Vector3();
  for (const hotspot of hotspots) {
    if ('position' in hotspot.anchor) {
      positions.set(hotspot.id, hotspot.anchor.position);
      continue;
    }
    const node = model.getObjectByName(hotspot.anchor.node);
    if (!node) continue;
    box.setFromObject(node);
    box.getCenter(centre);
    positions.set(hotspot.id, [centre.x, box.max.y + 0.02, centre.z]);
  }
  return positions;
}
