/**
 * All invoice cards in a few draw calls: one InstancedMesh per atlas page (126 cards each) with
 * a tiny shader that picks each instance's cell of the page texture. Pointing or tapping a
 * card reports its invoice through `onSelect` (instanceId → card index).
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { DoubleSide, InstancedBufferAttribute, Matrix4, PlaneGeometry, Quaternion, ShaderMaterial, Vector3, type Group, type InstancedMesh, type Texture } from 'three';
import { CardAtlas, CARDS_PER_PAGE, cellUv } from './card-atlas.ts';
import { CARD_HEIGHT, CARD_WIDTH, layoutCards } from './card-layout.ts';
import { probes, sceneState } from './render-stats.tsx';
import type { CardModel, Vec3 } from './scene-model.ts';

const vertexShader = /* glsl */ `
  attribute vec4 aCell;
  varying vec2 vUv;
  void main() {
    vUv = aCell.xy + uv * aCell.zw;
    gl_Position = projectionMatrix * modelViewMatrix * instanceMatrix * vec4(position, 1.0);
  }
`;
const fragmentShader = /* glsl */ `
  uniform sampler2D map;
  varying vec2 vUv;
  void main() {
    gl_FragColor = texture2D(map, vUv);
    #include <colorspace_fragment>
  }
`;

export interface InvoiceCardsProps {
  readonly cards: readonly CardModel[];
  readonly selectedInvoice: string | null;
  onSelect(invoiceNumber: string): void;
  onPlaceAnnotation?(position: Vec3, invoiceNumber: string): void;
}

export function InvoiceCards({ cards, selectedInvoice, onSelect, onPlaceAnnotation }: InvoiceCardsProps) {
  const atlas = useMemo(() => new CardAtlas(), []);
  useEffect(() => () => atlas.dispose(), [atlas]);
  // Redraw before the pages render; only changed cards are drawn again.
  const pageCount = useMemo(() => {
    atlas.update(cards, selectedInvoice);
    return Math.ceil(cards.length / CARDS_PER_PAGE);
  }, [atlas, cards, selectedInvoice]);

  const group = useRef<Group>(null);
  useFrame((state) => {
    atlas.flush(state.gl);
    let shown = 0;
    for (let page = 0; page < pageCount; page++) if (atlas.isUploaded(page)) shown += Math.min(CARDS_PER_PAGE, cards.length - page * CARDS_PER_PAGE);
    sceneState.cardsShown = shown;
  });
  const camera = useThree((state) => state.camera);
  const size = useThree((state) => state.size);
  useEffect(() => {
    probes.locateCard = (invoiceNumber) => {
      const index = cards.findIndex((card) => card.invoiceNumber === invoiceNumber);
      const pose = layoutCards(cards.length)[index];
      if (!pose || !group.current) return null;
      const world = group.current.localToWorld(new Vector3(pose.x, pose.y, pose.z));
      const ndc = world.clone().project(camera);
      return { world: [world.x, world.y, world.z], screen: [((ndc.x + 1) / 2) * size.width, ((1 - ndc.y) / 2) * size.height] };
    };
    probes.card = (invoiceNumber) => cards.find((card) => card.invoiceNumber === invoiceNumber) ?? null;
    return () => {
      probes.locateCard = () => null;
      probes.card = () => null;
    };
  }, [cards, camera, size]);

  const pages = [];
  for (let page = 0; page < pageCount; page++) {
    const first = page * CARDS_PER_PAGE;
    pages.push(
      <CardPage
        key={page}
        first={first}
        total={cards.length}
        count={Math.min(CARDS_PER_PAGE, cards.length - first)}
        texture={atlas.texture(page)}
        ready={() => atlas.isUploaded(page)}
        onPick={(index, event) => {
          const card = cards[index];
          if (!card) return;
          event.stopPropagation();
          if (event.type === 'dblclick' && onPlaceAnnotation) onPlaceAnnotation(localPoint(event), card.invoiceNumber);
          else onSelect(card.invoiceNumber);
        }}
      />,
    );
  }
  return (
    <group ref={group} name="invoice-cards">
      {pages}
    </group>
  );
}

/** The hit point in the card group's parent frame (the table anchor). */
function localPoint(event: ThreeEvent<MouseEvent>): Vec3 {
  const parent = event.eventObject.parent?.parent;
  const point = event.point.clone();
  if (parent) parent.worldToLocal(point);
  return [point.x, point.y, point.z];
}

interface CardPageProps {
  readonly first: number;
  readonly count: number;
  readonly total: number;
  readonly texture: Texture;
  /** Whether the page's texture is on the GPU yet (hidden until then, never drawn blank). */
  ready(): boolean;
  onPick(index: number, event: ThreeEvent<MouseEvent>): void;
}

function CardPage({ first, count, total, texture, ready, onPick }: CardPageProps) {
  const ref = useRef<InstancedMesh>(null);
  useFrame(() => {
    if (ref.current) ref.current.visible = ready();
  });
  const material = useMemo(() => new ShaderMaterial({ uniforms: { map: { value: texture } }, vertexShader, fragmentShader, side: DoubleSide }), [texture]);
  useEffect(() => () => material.dispose(), [material]);
  // Each page has its own geometry: the per-instance atlas cell is a geometry attribute.
  const geometry = useMemo(() => {
    const plane = new PlaneGeometry(CARD_WIDTH, CARD_HEIGHT);
    const array = new Float32Array(count * 4);
    for (let i = 0; i < count; i++) array.set(cellUv(first + i), i * 4);
    plane.setAttribute('aCell', new InstancedBufferAttribute(array, 4));
    return plane;
  }, [first, count]);
  useEffect(() => () => geometry.dispose(), [geometry]);

  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const poses = layoutCards(total);
    const matrix = new Matrix4();
    const rotation = new Quaternion();
    const up = new Vector3(0, 1, 0);
    const scale = new Vector3(1, 1, 1);
    for (let i = 0; i < count; i++) {
      const pose = poses[first + i]!;
      matrix.compose(new Vector3(pose.x, pose.y, pose.z), rotation.setFromAxisAngle(up, pose.yaw), scale);
      mesh.setMatrixAt(i, matrix);
    }
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
  }, [first, count, total, geometry]);

  const pick = (event: ThreeEvent<MouseEvent>) => {
    if (event.instanceId !== undefined) onPick(first + event.instanceId, event);
  };
  return (
    <instancedMesh ref={ref} args={[geometry, material, count]} name={`card-page-${first / CARDS_PER_PAGE}`} onClick={pick} onDoubleClick={pick} />
  );
}
