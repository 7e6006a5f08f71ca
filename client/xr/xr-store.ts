/**
 * The one XR store of the page (@react-three/xr v6). Everything that would fetch from a CDN or
 * pull a device emulator into the bundle is off: no controller or hand models (they load
 * profiles from jsDelivr), no built-in emulator (tests install iwer themselves, see
 * client/scene-lab), no session offer before the user asks. Controller layouts (which button
 * is the trigger) come from our own /xr-profiles/ instead of jsDelivr. Hit-test and DOM
 * overlay are requested where the device offers them.
 */
import { createXRStore } from '@react-three/xr';

export const xrStore = createXRStore({
  emulate: false,
  offerSession: false,
  hitTest: true,
  domOverlay: true,
  anchors: true,
  baseAssetPath: new URL('/xr-profiles/', location.href).href,
  defaultControllerProfileId: 'generic-trigger-squeeze-thumbstick',
  // A trigger press counts as a click up to 1 s (default 300 ms): on a phone or headset dropping
  // frames, press and release can land several hundred ms apart and the selection was lost.
  controller: { model: false, teleportPointer: false, rayPointer: { clickThresholdMs: 1000 } },
  hand: { model: false, teleportPointer: false },
});

export async function enterAr(): Promise<boolean> {
  const session = await xrStore.enterAR();
  return session !== undefined;
}
