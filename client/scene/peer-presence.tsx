/**
 * Other participants (DESIGN §6 awareness): a head with a visor in their colour, their name,
 * and their pointer ray, all in the table-anchor frame. Poses change ~15 times a second through
 * props; peers are few, so plain meshes are fine.
 */
import { Billboard } from '@react-three/drei';
import { Quaternion, Vector3 } from 'three';
import type { PeerModel } from './scene-model.ts';
import { TextLabel } from './text-label.tsx';

const RAY_LENGTH = 1.5;
const yAxis = new Vector3(0, 1, 0);

export function PeerPresence({ peers }: { readonly peers: readonly PeerModel[] }) {
  return (
    <group name="peers">
      {peers.map((peer) => (
        <Peer key={peer.clientId} peer={peer} />
      ))}
    </group>
  );
}

function Peer({ peer }: { readonly peer: PeerModel }) {
  return (
    <group name={`peer-${peer.clientId}`}>
      {peer.head ? (
        <group position={peer.head.position as [number, number, number]}>
          {/* The name faces whoever looks at it, whatever way the peer's head turns. */}
          <Billboard position={[0, 0.16, 0]}>
            <TextLabel lines={[{ text: `${peer.name} · ${peer.role}`, size: 30, bold: true, color: peer.color }]} width={0.3} height={0.05} />
          </Billboard>
          <group quaternion={peer.head.quaternion as [number, number, number, number]}>
            <mesh raycast={() => null}>
              <sphereGeometry args={[0.09, 16, 12]} />
              <meshStandardMaterial color="#e2e8f0" />
            </mesh>
            <mesh position={[0, 0.01, -0.075]} raycast={() => null}>
              <boxGeometry args={[0.15, 0.05, 0.04]} />
              <meshStandardMaterial color={peer.color} />
            </mesh>
          </group>
        </group>
      ) : null}
      {peer.pointer ? <PointerRay origin={peer.pointer.origin} direction={peer.pointer.direction} color={peer.color} /> : null}
    </group>
  );
}

function PointerRay({ origin, direction, color }: { readonly origin: readonly number[]; readonly direction: readonly number[]; readonly color: string }) {
  const dir = new Vector3(direction[0], direction[1], direction[2]);
  if (dir.lengthSq() === 0) return null;
  dir.normalize();
  // A thin cylinder along +y, turned onto the ray and centred half a ray ahead of its origin.
  const quaternion = new Quaternion().setFromUnitVectors(yAxis, dir);
  const centre = new Vector3(origin[0], origin[1], origin[2]).addScaledVector(dir, RAY_LENGTH / 2);
  return (
    <mesh position={centre} quaternion={quaternion} raycast={() => null}>
      <cylinderGeometry args={[0.003, 0.003, RAY_LENGTH, 6]} />
      <meshBasicMaterial color={color} transparent opacity={0.7} />
    </mesh>
  );
}
