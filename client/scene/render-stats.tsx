/**
 * The test and bench hook (DESIGN §7 budgets): `window.__cashlensRenderer` exposes the
 * renderer's `info` and `stats()` → draw calls and triangles of the last frame, frame times
 * (ms, last 600 frames) and the scene's own state (mode, placed, cards shown, hit tests seen).
 * It costs one array write per frame.
 */
import { useEffect, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Vector3, type WebGLInfo } from 'three';
import type { CardModel } from './scene-model.ts';

export interface SceneState {
  mode: 'desktop' | 'immersive-ar';
  /** In AR: the table anchor has been placed. Always true on the desktop. */
  placed: boolean;
  /** In AR: the placed table follows an XR anchor (the device keeps it on the real table as tracking improves). */
  anchored: boolean;
  cards: number;
  /** Cards whose atlas page is on the GPU and drawn (pages arrive one per frame). */
  cardsShown: number;
  hitTestResults: number;
  selectedInvoice: string | null;
}

export interface RenderStats {
  readonly calls: number;
  readonly triangles: number;
  /** Views rendered in the last frame (2 for a stereo headset): calls / views is per eye. */
  readonly views: number;
  readonly frameTimes: readonly number[];
  /** Frames rendered since the scene mounted. */
  readonly frame: number;
  readonly scene: SceneState;
}

export interface CardLocation {
  /** World position of the card's centre (metres). */
  readonly world: readonly [number, number, number];
  /** CSS pixels in the canvas, for a desktop click. */
  readonly screen: readonly [number, number];
}

export interface CashlensRendererHook {
  readonly info: WebGLInfo;
  stats(): RenderStats;
  resetFrameTimes(): void;
  /** Where a card is, so a test can point at it (mouse on the desktop, a controller in AR). */
  locateCard(invoiceNumber: string): CardLocation | null;
  /** The card model the scene is drawing for an invoice (status, dispute), so a test reads what the AR view shows. */
  card(invoiceNumber: string): CardModel | null;
  /** Where a named scene object is (e.g. `hotspot-gearbox`, `timeline-bar`), or null. */
  locateObject(name: string): CardLocation | null;
}

declare global {
  interface Window {
    __cashlensRenderer?: CashlensRendererHook;
  }
}

/** Mutable scene facts written by the scene components (not React state: read by tests only). */
export const sceneState: SceneState = { mode: 'desktop', placed: true, anchored: false, cards: 0, cardsShown: 0, hitTestResults: 0, selectedInvoice: null };

/** Set by the invoice cards while they are mounted. */
export const probes: { locateCard: (invoiceNumber: string) => CardLocation | null; card: (invoiceNumber: string) => CardModel | null } = {
  locateCard: () => null,
  card: () => null,
};

const MAX_FRAMES = 600;

export function RenderStatsHook() {
  const gl = useThree((state) => state.gl);
  const scene = useThree((state) => state.scene);
  const camera = useThree((state) => state.camera);
  const size = useThree((state) => state.size);
  const frames = useRef<number[]>([]);
  const last = useRef({ calls: 0, triangles: 0, views: 1 });
  const previous = useRef<number | null>(null);
  const frame = useRef(0);

  useFrame((state) => {
    frame.current++;
    const now = performance.now();
    if (previous.current !== null) {
      frames.current.push(now - previous.current);
      if (frames.current.length > MAX_FRAMES) frames.current.shift();
    }
    previous.current = now;
    // useFrame runs before this frame's render, so info still holds the previous frame's figures.
    const xrCamera = state.gl.xr.isPresenting ? state.gl.xr.getCamera() : undefined;
    last.current = { calls: gl.info.render.calls, triangles: gl.info.render.triangles, views: xrCamera ? Math.max(1, xrCamera.cameras.length) : 1 };
  });

  useEffect(() => {
    window.__cashlensRenderer = {
      info: gl.info,
      stats: () => ({ ...last.current, frameTimes: [...frames.current], frame: frame.current, scene: { ...sceneState } }),
      resetFrameTimes: () => {
        frames.current = [];
      },
      locateCard: (invoiceNumber) => probes.locateCard(invoiceNumber),
      card: (invoiceNumber) => probes.card(invoiceNumber),
      locateObject: (name) => {
        const object = scene.getObjectByName(name);
        if (!object) return null;
        const world = object.getWorldPosition(new Vector3());
        const ndc = world.clone().project(camera);
        return { world: [world.x, world.y, world.z], screen: [((ndc.x + 1) / 2) * size.width, ((1 - ndc.y) / 2) * size.height] };
      },
    };
    return () => {
      delete window.__cashlensRenderer;
    };
  }, [gl, scene, camera, size]);
  return null;
}
