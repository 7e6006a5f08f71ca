import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import './styles.css';

function render(): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// Test-only (`?xr=emulate`, shared TESTING-XR.md): the emulated AR headset must own navigator.xr
// before the app asks for AR support. It is a lazy chunk, so users without the flag never load it.
if (new URLSearchParams(location.search).get('xr') === 'emulate') {
  void import('./scene-lab/xr-emulation.ts').then(({ installEmulatedArDevice }) => installEmulatedArDevice({ stereo: false })).then(render, render);
} else {
  render();
}
