/**
 * Mounts the 3D/XR scene lazily (three, R3F and XR are their own chunks) and feeds it the props
 * of client/scene/scene-model.ts. `import.meta.glob` finds `session-scene.tsx` once the scene work
 * ships it; until then the placeholder table stands in, so this page never fails to build.
 */
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import type { SessionSceneProps } from '../scene/scene-model.ts';

const sceneModules = import.meta.glob<{ default: ComponentType<SessionSceneProps> }>('../scene/session-scene.tsx');
const placeholder = import.meta.glob<{ default: ComponentType }>('../scene/table-scene.tsx');

const loadScene = sceneModules['../scene/session-scene.tsx'];
const SessionScene = loadScene
  ? lazy(loadScene)
  : lazy(async () => {
      const { default: TableScene } = await placeholder['../scene/table-scene.tsx']!();
      return { default: (_props: SessionSceneProps) => <TableScene /> };
    });

/** A broken WebGL context or scene bug must not take the DOM panels (and the dispute form) down with it. */
class SceneBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    if (this.state.error) return <div className="scene-loading" role="status">3D view unavailable: {this.state.error}. The panel still works.</div>;
    return this.props.children;
  }
}

export function SceneHost(props: SessionSceneProps) {
  return (
    <SceneBoundary>
      <Suspense fallback={<div className="scene-loading">Loading 3D view…</div>}>
        <SessionScene {...props} />
      </Suspense>
    </SceneBoundary>
  );
}
