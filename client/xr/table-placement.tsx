/**
 * Placing the table anchor in `immersive-ar` (DESIGN §7): a hit-test reticle follows the
 * surface under the view centre; the first select (screen tap on a phone, trigger on a
 * headset) places the table there, turned to face the user. Squeeze (or the overlay's
 * "Re-place" button) picks it up again. Hit-test poses live in refs, written per frame.
 */
import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';
import { useXRHitTest, useXRInputSourceEvent } from '@react-three/xr';
import { Matrix4, Quaternion, Vector3, type Mesh } from 'three';
import { sceneState } from '../scene/render-stats.tsx';

export interface TablePose {
  readonly position: readonly [number, number, number];
  /** Rotation about world up, so the table's front (+z) faces whoever placed it. */
  readonly yaw: number;
}

export interface TablePlacementProps {
  readonly placed: boolean;
  onPlace(pose: TablePose): void;
  onPickUp(): void;
}

const matrix = new Matrix4();
const hitPosition = new Vector3();
const hitQuaternion = new Quaternion();
const hitScale = new Vector3();
const up = new Vector3(0, 1, 0);
const normal = new Vector3();

export function TablePlacement({ placed, onPlace, onPickUp }: TablePlacementProps) {
  const reticle = useRef<Mesh>(null);
  const valid = useRef(false);
  const cameraPosition = useRef(new Vector3());

  useXRHitTest((results, getWorldMatrix) => {
    sceneState.hitTestResults += results.length;
    const first = results[0];
    valid.current = first !== undefined && getWorldMatrix(matrix, first);
    if (!valid.current) return;
    matrix.decompose(hitPosition, hitQuaternion, hitScale);
    // Only surfaces facing up make a table (a wall hit would stand the table on its side).
    normal.copy(up).applyQuaternion(hitQuaternion);
    valid.current = normal.y > 0.7;
  }, 'viewer');

  useFrame((state) => {
    state.camera.getWorldPosition(cameraPosition.current);
    const mesh = reticle.current;
    if (!mesh) return;
    mesh.visible = !placed && valid.current;
    if (mesh.visible) mesh.position.copy(hitPosition);
  });

  useXRInputSourceEvent(
    'all',
    'select',
    () => {
      if (placed || !valid.current) return;
      const toViewer = cameraPosition.current.clone().sub(hitPosition);
      onPlace({ position: [hitPosition.x, hitPosition.y, hitPosition.z], yaw: Math.atan2(toViewer.x, toViewer.z) });
    },
    [placed, onPlace],
  );
  useXRInputSourceEvent('all', 'squeeze', () => placed && onPickUp(), [placed, onPickUp]);

  return (
    <mesh ref={reticle} name="placement-reticle" rotation-x={-Math.PI / 2} visible={false} raycast={() => null}>
      <ringGeometry args={[0.08, 0.1, 32]} />
      <meshBasicMaterial color="#38bdf8" />
    </mesh>
  );
}
