/**
 * Annotations as pins at their positions (table-anchor frame): one instanced mesh for all pin
 * heads, yellow while open and grey once resolved. The text lives in the app's DOM panel.
 */
import { useLayoutEffect, useRef } from 'react';
import { Color, Matrix4, MeshBasicMaterial, SphereGeometry, type InstancedMesh } from 'three';
import type { AnnotationModel } from './scene-model.ts';

const headGeometry = new SphereGeometry(0.012, 12, 8);
const headMaterial = new MeshBasicMaterial();

export function AnnotationPins({ annotations }: { readonly annotations: readonly AnnotationModel[] }) {
  const ref = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const mesh = ref.current;
    if (!mesh) return;
    const matrix = new Matrix4();
    const color = new Color();
    annotations.forEach((annotation, i) => {
      const [x, y, z] = annotation.position;
      mesh.setMatrixAt(i, matrix.makeTranslation(x, y + 0.02, z));
      mesh.setColorAt(i, color.set(annotation.resolved ? '#94a3b8' : '#facc15'));
    });
    mesh.count = annotations.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  });
  return <instancedMesh ref={ref} name="annotation-pins" args={[headGeometry, headMaterial, Math.max(1, annotations.length)]} raycast={() => null} />;
}
