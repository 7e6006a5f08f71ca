/**
 * A small panel of text drawn once into a canvas texture and shown on a plane: for the few
 * labels that are not cards (timeline axis, hotspot panel, peer names). Redrawn only when its
 * lines change, never per frame.
 */
import { useEffect, useMemo } from 'react';
import { CanvasTexture, DoubleSide, SRGBColorSpace } from 'three';
import { FONT_FAMILY } from './card-atlas.ts';
import type { Vec3 } from './scene-model.ts';

export interface LabelLine {
  readonly text: string;
  readonly size?: number;
  readonly bold?: boolean;
  readonly color?: string;
}

export interface TextLabelProps {
  readonly lines: readonly LabelLine[];
  /** Metres. The canvas is 1024 px per metre. */
  readonly width: number;
  readonly height: number;
  readonly position?: Vec3;
  readonly rotation?: Vec3;
  readonly background?: string;
  readonly name?: string;
}

const PX_PER_METRE = 1024;

export function TextLabel({ lines, width, height, position, rotation, background = 'rgba(15,23,42,0.88)', name }: TextLabelProps) {
  const key = JSON.stringify([lines, width, height, background]);
  // Keyed on the content, not on the (new each render) lines array.
  const texture = useMemo(() => drawLabel(lines, width, height, background), [key]);
  useEffect(() => () => texture.dispose(), [texture]);
  return (
    <mesh name={name} position={position as [number, number, number] | undefined} rotation={rotation as [number, number, number] | undefined} raycast={() => null}>
      <planeGeometry args={[width, height]} />
      <meshBasicMaterial map={texture} transparent side={DoubleSide} toneMapped={false} />
    </mesh>
  );
}

function drawLabel(lines: readonly LabelLine[], width: number, height: number, background: string): CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(16, Math.round(width * PX_PER_METRE));
  canvas.height = Math.max(16, Math.round(height * PX_PER_METRE));
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    let y = 6;
    for (const line of lines) {
      const size = line.size ?? 18;
      y += size + 4;
      ctx.font = `${line.bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}, "DejaVu Sans", sans-serif`;
      ctx.fillStyle = line.color ?? '#f8fafc';
      ctx.fillText(line.text, 10, y, canvas.width - 20);
    }
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}
