/**
 * The placed table held by a real XR anchor. A pose from one hit test is only right for the
 * tracking map of that moment: as the phone relocalises or corrects its map while the rep walks
 * around, fixed world coordinates drift off the real table. An anchor is updated by the device
 * with every correction, so each frame the table takes the anchor's pose (plus any turn made
 * with the rotate buttons since). Where anchors are not offered the table keeps its placed pose.
 * A new placement, a pick-up, leaving AR or unmounting deletes the anchor.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useFrame } from '@react-three/fiber';
import { requestXRAnchor, useGetXRSpaceMatrix } from '@react-three/xr';
import { Matrix4, Quaternion, Vector3, type Group } from 'three';
import { sceneState } from '../scene/render-stats.tsx';
import type { TablePose } from './table-placement.tsx';
import { xrStore } from './xr-store.ts';

const UP = new Vector3(0, 1, 0);
const matrix = new Matrix4();
const scale = new Vector3();
const turn = new Quaternion();

interface PlacedAnchor {
  readonly anchor: XRAnchor;
  /** The table's yaw when the anchor was made; later turns are applied on top. */
  readonly yaw: number;
}

function deleteQuietly(anchor: XRAnchor): void {
  try {
    anchor.delete();
  } catch {
    // The session already ended, and its anchors with it.
  }
}

interface AnchorRequest {
  readonly position: readonly [number, number, number];
  readonly yaw: number;
  live: boolean;
  created?: XRAnchor;
}

export function useTableAnchor(table: RefObject<Group | null>, pose: TablePose | null): void {
  const [placed, setPlaced] = useState<PlacedAnchor | null>(null);
  const pending = useRef<AnchorRequest | null>(null);
  const yaw = useRef(0);
  yaw.current = pose?.yaw ?? 0;
  // A turn keeps the position array; only a new placement replaces it.
  const position = pose?.position;

  useEffect(() => {
    if (!position) return;
    const request: AnchorRequest = { position, yaw: yaw.current, live: true };
    pending.current = request;
    return () => {
      request.live = false;
      if (pending.current === request) pending.current = null;
      if (request.created) deleteQuietly(request.created);
      setPlaced(null);
    };
  }, [position]);

  useEffect(() => {
    sceneState.anchored = placed !== null;
  }, [placed]);

  const getAnchorMatrix = useGetXRSpaceMatrix(placed?.anchor.anchorSpace);
  useFrame((_state, _delta, frame: XRFrame | undefined) => {
    const request = pending.current;
    // An anchor is made from inside a frame callback: the frame is only valid there.
    if (request && frame) {
      pending.current = null;
      requestXRAnchor(xrStore, { relativeTo: 'world', worldPosition: new Vector3(...request.position), worldQuaternion: new Quaternion().setFromAxisAngle(UP, request.yaw), frame })
        .then((anchor) => {
          if (!anchor) return;
          request.created = anchor;
          if (request.live) setPlaced({ anchor, yaw: request.yaw });
          else deleteQuietly(anchor);
        })
        .catch(() => undefined); // refused (no anchors here): the placed pose stands
    }
    const group = table.current;
    // No pose this frame (tracking lost): the table stays where it was last seen.
    if (!group || !placed || !getAnchorMatrix?.(matrix, frame)) return;
    matrix.decompose(group.position, group.quaternion, scale);
    group.quaternion.multiply(turn.setFromAxisAngle(UP, yaw.current - placed.yaw));
  });
}
