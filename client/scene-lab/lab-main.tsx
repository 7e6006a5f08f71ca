/**
 * The scene lab: the session scene alone, fed with generated props, for e2e tests, the bench
 * and eyeballing. Query: `cards=N` (default 40), `product=<id>` (default robotic-arm, `none`
 * for none), `xr=emulate` (install the emulated AR device first; test builds only use it),
 * `stereo=1`. `window.__lab.setCards(n)` changes the card count in place.
 */
import { lazy, StrictMode, Suspense, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Hotspot, ProductModel, Vec3 } from '../scene/scene-model.ts';
import { labAnnotations, labCards, labPeers, labTimeline, LAB_TODAY } from './lab-data.ts';

const SessionScene = lazy(() => import('../scene/session-scene.tsx'));

declare global {
  interface Window {
    __lab?: { setCards(count: number): void; selectedInvoice: string | null; selectedHotspot: string | null; poses: number; annotationsPlaced: number; scrubDate: string | null };
  }
}

const params = new URLSearchParams(location.search);
const labState = { setCards: (_count: number) => {}, selectedInvoice: null as string | null, selectedHotspot: null as string | null, poses: 0, annotationsPlaced: 0, scrubDate: null as string | null };
window.__lab = labState;

function Lab({ product }: { readonly product: ProductModel | undefined }) {
  const [count, setCount] = useState(Number(params.get('cards') ?? 40));
  const [selectedInvoice, setSelectedInvoice] = useState<string | null>(null);
  const [selectedHotspot, setSelectedHotspot] = useState<string | null>(null);
  const cards = useMemo(() => labCards(count), [count]);
  const timeline = useMemo(() => labTimeline(cards), [cards]);
  useEffect(() => {
    labState.setCards = setCount;
    labState.selectedInvoice = selectedInvoice;
    labState.selectedHotspot = selectedHotspot;
  }, [selectedInvoice, selectedHotspot]);
  return (
    <Suspense fallback={<div>Loading 3D…</div>}>
      <SessionScene
        cards={cards}
        timeline={timeline}
        today={LAB_TODAY}
        product={product}
        annotations={labAnnotations}
        peers={labPeers}
        selectedInvoice={selectedInvoice}
        selectedHotspot={selectedHotspot}
        onSelectInvoice={setSelectedInvoice}
        onSelectHotspot={setSelectedHotspot}
        onLocalPose={() => {
          labState.poses++;
        }}
        onPlaceAnnotation={(_position: Vec3) => {
          labState.annotationsPlaced++;
        }}
        onScrubDate={(date) => {
          labState.scrubDate = date;
        }}
      />
    </Suspense>
  );
}

async function loadProduct(id: string | null): Promise<ProductModel | undefined> {
  if (id === 'none') return undefined;
  const productId = id ?? 'robotic-arm';
  const response = await fetch(`/models/${productId}.hotspots.json`);
  const hotspots = response.ok ? ((await response.json()) as Hotspot[]) : [];
  return { id: productId, name: productId, glbUrl: `/models/${productId}.glb`, usdzUrl: `/models/${productId}.usdz`, hotspots };
}

async function main(): Promise<void> {
  if (params.get('xr') === 'emulate') {
    const { installEmulatedArDevice } = await import('./xr-emulation.ts');
    await installEmulatedArDevice({ stereo: params.get('stereo') === '1' });
  }
  const product = await loadProduct(params.get('product'));
  createRoot(document.getElementById('lab')!).render(
    <StrictMode>
      <Lab product={product} />
    </StrictMode>,
  );
}

void main();
