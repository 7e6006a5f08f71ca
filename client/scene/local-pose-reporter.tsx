/**
 * Reports the local viewer's head pose and pointer ray (in the table-anchor frame) through
 * `onLocalPose` at most 15 times a second, and only when it moved. Per-frame values live in
 * refs (useFrame), never in React state.
 */
import { useRef, type RefObject } from 'react';
import { useFrame } from '@react-three/fiber';
import { Matrix4, Quaternion, Raycaster, Vector2, Vector3, type Object3D } from 'three';
import type { Quat, SessionSceneProps, Vec3 } from './scene-model.ts';

const INTERVAL_S = 1 / 15;
const EPSILON = 1e-3;

export function LocalPoseReporter({ anchor, onLocalPose }: { readonly anchor: RefObject<Object3D | null>; readonly onLocalPose: NonNullable<SessionSceneProps['onLocalPose']> }) {
  const since = useRef(0);
  const last = useRef<number[]>([]);
  const scratch = useRef({ inverse: new Matrix4(), local: new Matrix4(), position: new Vector3(), quaternion: new Quaternion(), scale: new Vector3(), dir: new Vector3(), origin: new Vector3(), raycaster: new Raycaster(), centre: new Vector2() });

  useFrame((state, delta) => {
    since.current += delta;
    const root = anchor.current;
    if (since.current < INTERVAL_S || !root) return;
    since.current = 0;
    const s = scratch.current;
    s.inverse.copy(root.matrixWorld).invert();
    s.local.multiplyMatrices(s.inverse, state.camera.matrixWorld).decompose(s.position, s.quaternion, s.scale);
    // The pointer: the mouse ray on a screen, the gaze in a headset or phone session.
    s.raycaster.setFromCamera(state.gl.xr.isPresenting ? s.centre : state.pointer, state.camera);
    s.origin.copy(s.raycaster.ray.origin).applyMatrix4(s.inverse);
    s.dir.copy(s.raycaster.ray.direction).transformDirection(s.inverse);
    const values = [...s.position.toArray(), ...s.quaternion.toArray(), ...s.dir.toArray()];
    if (values.length === last.current.length && values.every((v, i) => Math.abs(v - (last.current[i] ?? 0)) < EPSILON)) return;
    last.current = values;
    const round = (v: number) => Math.round(v * 1000) / 1000;
    const head = { position: s.position.toArray().map(round) as unknown as Vec3, quaternion: s.quaternion.toArray().map(round) as unknown as Quat };
    onLocalPose(head, { origin: s.origin.toArray().map(round) as unknown as Vec3, direction: s.dir.toArray().map(round) as unknown as Vec3 });
  });
  return null;
}
