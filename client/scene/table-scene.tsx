import { Canvas } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';

/** Placeholder table: the anchor every shared position is relative to (DESIGN §7). */
export default function TableScene() {
  return (
    <Canvas camera={{ position: [0, 1.4, 2.2], fov: 50 }} dpr={[1, 2]}>
      <color attach="background" args={['#0f172a']} />
      <ambientLight intensity={0.6} />
      <directionalLight position={[2, 4, 3]} intensity={1.2} />
      <mesh position={[0, 0.72, 0]}>
        <boxGeometry args={[1.6, 0.04, 0.9]} />
        <meshStandardMaterial color="#8b5e3c" />
      </mesh>
      <gridHelper args={[6, 12, '#334155', '#1e293b']} />
      <OrbitControls target={[0, 0.75, 0]} makeDefault />
    </Canvas>
  );
}
