/**
 * Where the invoice cards stand: a curved wall of upright cards behind the table, facing its
 * centre, first card bottom-left. The wall widens (bigger radius) rather than growing taller so
 * 300 cards stay within reach of a person at the table. Pure: count in, poses out (metres, radians,
 * relative to the table anchor, +z toward the viewer).
 */
export const CARD_WIDTH = 0.16;
export const CARD_HEIGHT = 0.1;
const GAP = 0.012;
const MIN_RADIUS = 0.75;
/** Widest the wall may wrap around the anchor (a little over a half circle). */
const MAX_ARC = Math.PI * 0.8;

export interface CardPose {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Rotation about +y so the card faces the anchor. */
  readonly yaw: number;
}

export function layoutCards(count: number): CardPose[] {
  if (count === 0) return [];
  const columns = Math.max(1, Math.min(count, Math.ceil(Math.sqrt(count * 2.2))));
  const rows = Math.ceil(count / columns);
  const step = CARD_WIDTH + GAP;
  const radius = Math.max(MIN_RADIUS, (columns * step) / MAX_ARC);
  const angleStep = step / radius;
  const poses: CardPose[] = [];
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / columns);
    const inRow = row === rows - 1 ? count - row * columns : columns;
    const column = i % columns;
    const angle = (column - (inRow - 1) / 2) * angleStep;
    // Each row stands a little further back, like tiers, so upper rows are not hidden.
    const r = radius + row * 0.03;
    poses.push({ x: Math.sin(angle) * r, y: 0.08 + row * (CARD_HEIGHT + GAP), z: -Math.cos(angle) * r, yaw: -angle });
  }
  return poses;
}
