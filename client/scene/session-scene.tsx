/**
 * The session's 3D/XR scene (DESIGN §7), lazily loaded by the app: invoice cards, payment
 * timeline, product with hotspots, annotation pins and peers, all in the frame of the table
 * anchor. On a desktop the anchor sits on a virtual table under orbit controls; in
 * `immersive-ar` it is wherever the user placed it (client/xr/table-placement.tsx).
 * Everything comes in through `SessionSceneProps`; intent goes out through its callbacks.
 */
import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import { OrbitControls } from '@react-three/drei';
import { XR, XRDomOverlay, useXR } from '@react-three/xr';
import type { Group } from 'three';
import { ArEntry } from '../xr/ar-entry.tsx';
import { useTableAnchor } from '../xr/table-anchor.ts';
import { TablePlacement, type TablePose } from '../xr/table-placement.tsx';
import { xrStore } from '../xr/xr-store.ts';
import { AnnotationPins } from './annotation-pins.tsx';
import { CardKeyboardList } from './card-keyboard-list.tsx';
import { loadCardFont } from './card-atlas.ts';
import { InvoiceCards } from './invoice-cards.tsx';
import { LocalPoseReporter } from './local-pose-reporter.tsx';
import { PaymentTimeline } from './payment-timeline.tsx';
import { PeerPresence } from './peer-presence.tsx';
import { ProductOverlay } from './product-overlay.tsx';
import { RenderStatsHook, sceneState } from './render-stats.tsx';
import type { SessionSceneProps } from './scene-model.ts';

/** The virtual table's top, for the desktop view (metres). */
const DESK_HEIGHT = 0.74;

export default function SessionScene(props: SessionSceneProps) {
  const [fontReady, setFontReady] = useState(false);
  useEffect(() => {
    void loadCardFont().then(() => setFontReady(true));
  }, []);

  return (
    <div className="session-scene" style={{ position: 'relative', width: '100%', height: '100%' }}>
      <CardKeyboardList cards={props.cards} selectedInvoice={props.selectedInvoice} onSelectInvoice={props.onSelectInvoice} />
      {props.showArEntry === false ? null : (
        <div className="scene-ar-entry" style={{ position: 'absolute', top: 8, right: 8, zIndex: 1 }}>
          <ArEntry usdzUrl={props.product?.usdzUrl} />
        </div>
      )}
      <Canvas camera={{ position: [0, 1.75, 2.5], fov: 50 }} dpr={[1, 2]} gl={{ alpha: true }} onPointerMissed={() => props.onSelectInvoice(null)}>
        <XR store={xrStore}>
          <RenderStatsHook />
          {/* Cards are drawn with the self-hosted font, so they wait for it (a failed load falls back). */}
          {fontReady ? <SceneRoot {...props} /> : null}
        </XR>
      </Canvas>
    </div>
  );
}

function SceneRoot(props: SessionSceneProps) {
  const mode = useXR((state) => state.mode);
  const inAr = mode === 'immersive-ar';
  const [pose, setPose] = useState<TablePose | null>(null);
  const anchor = useRef<Group>(null);
  const placed = !inAr || pose !== null;
  useTableAnchor(anchor, inAr ? pose : null);

  useEffect(() => {
    // Each AR session places its own table; leaving AR returns to the desk.
    if (!inAr) setPose(null);
  }, [inAr]);
  useEffect(() => {
    sceneState.mode = inAr ? 'immersive-ar' : 'desktop';
    sceneState.placed = placed;
    sceneState.cards = placed ? props.cards.length : 0;
    sceneState.selectedInvoice = props.selectedInvoice;
  }, [inAr, placed, props.cards.length, props.selectedInvoice]);

  const pickUp = useCallback(() => setPose(null), []);
  const rotate = (radians: number) => setPose((current) => (current ? { ...current, yaw: current.yaw + radians } : current));

  const position: [number, number, number] = inAr ? (pose ? [...pose.position] : [0, 0, 0]) : [0, DESK_HEIGHT, 0];
  return (
    <>
      {inAr ? null : <color attach="background" args={['#0f172a']} />}
      <ambientLight intensity={0.7} />
      <directionalLight position={[2, 4, 3]} intensity={1.3} />
      {inAr ? (
        <>
          <TablePlacement placed={pose !== null} onPlace={setPose} onPickUp={pickUp} />
          <XRDomOverlay ref={keepTapsInOverlay} className="scene-ar-overlay" style={overlayStyle}>
            <div style={{ display: 'flex', gap: 8 }}>
              {pose ? (
                <>
                  <button type="button" onClick={pickUp}>Re-place table</button>
                  <button type="button" aria-label="Rotate left" onClick={() => rotate(Math.PI / 12)}>⟲</button>
                  <button type="button" aria-label="Rotate right" onClick={() => rotate(-Math.PI / 12)}>⟳</button>
                </>
              ) : (
                <span>Point at a table or the floor, then tap to place.</span>
              )}
              <button type="button" onClick={() => void xrStore.getState().session?.end()}>Exit AR</button>
            </div>
            {props.arOverlay}
          </XRDomOverlay>
        </>
      ) : (
        <>
          <DeskTable />
          <OrbitControls target={[0, DESK_HEIGHT + 0.35, -0.4]} makeDefault maxPolarAngle={Math.PI * 0.49} />
        </>
      )}
      <group ref={anchor} name="table-anchor" position={position} rotation={[0, inAr && pose ? pose.yaw : 0, 0]} visible={placed}>
        {placed ? <AnchoredContent {...props} inAr={inAr} /> : null}
      </group>
      {props.onLocalPose && placed ? <LocalPoseReporter anchor={anchor} onLocalPose={props.onLocalPose} /> : null}
    </>
  );
}

function AnchoredContent(props: SessionSceneProps & { readonly inAr: boolean }) {
  const { onPlaceAnnotation } = props;
  return (
    <>
      {props.inAr ? (
        <mesh name="table-outline" position={[0, 0.001, 0]} rotation-x={-Math.PI / 2} raycast={() => null}>
          <planeGeometry args={[1.6, 0.9]} />
          <meshBasicMaterial color="#38bdf8" transparent opacity={0.12} />
        </mesh>
      ) : null}
      <InvoiceCards
        cards={props.cards}
        selectedInvoice={props.selectedInvoice}
        onSelect={props.onSelectInvoice}
        onPlaceAnnotation={onPlaceAnnotation ? (position, ref) => onPlaceAnnotation(position, { kind: 'invoice', ref }) : undefined}
      />
      <PaymentTimeline events={props.timeline} today={props.today} onScrub={props.onScrubDate} />
      {props.product ? (
        <Suspense fallback={null}>
          <ProductOverlay
            product={props.product}
            today={props.today}
            selectedHotspot={props.selectedHotspot}
            onSelectHotspot={props.onSelectHotspot}
            onPlaceAnnotation={onPlaceAnnotation && props.product ? (position, hotspot) => onPlaceAnnotation(position, { kind: 'product', ref: props.product!.id, ...(hotspot ? { hotspot } : {}) }) : undefined}
          />
        </Suspense>
      ) : null}
      <AnnotationPins annotations={props.annotations} />
      <PeerPresence peers={props.peers} />
    </>
  );
}

function DeskTable() {
  return (
    <group name="desk">
      <mesh position={[0, DESK_HEIGHT - 0.02, 0]} raycast={() => null}>
        <boxGeometry args={[1.6, 0.04, 0.9]} />
        <meshStandardMaterial color="#8b5e3c" />
      </mesh>
      <gridHelper args={[8, 16, '#334155', '#1e293b']} raycast={() => null} />
    </group>
  );
}

/**
 * A tap on an overlay control would also reach the scene as an XR select (placing the table,
 * or selecting the card behind the button). The browser asks the overlay first with
 * `beforexrselect`; cancelling it for controls and the card panel keeps the tap in the DOM,
 * while a tap on empty overlay space still places or selects.
 */
function keepTapsInOverlay(overlay: HTMLDivElement | null): (() => void) | undefined {
  if (!overlay) return undefined;
  const onBeforeXrSelect = (event: Event) => {
    if (event.target instanceof Element && event.target.closest('button, input, select, textarea, label, a, .ar-card-panel')) event.preventDefault();
  };
  overlay.addEventListener('beforexrselect', onBeforeXrSelect);
  return () => overlay.removeEventListener('beforexrselect', onBeforeXrSelect);
}

const overlayStyle = { position: 'absolute', left: 0, right: 0, bottom: 0, padding: 12, display: 'flex', flexDirection: 'column', gap: 8, color: '#f8fafc', font: '15px sans-serif' } as const;
