/**
 * Test-only: an emulated AR headset (iwer's Meta Quest 3 profile) in a furnished room (@iwer/sem
 * 'office_small', bundled, no network) that owns `navigator.xr` and answers hit tests every
 * frame (shared TESTING-XR.md). Imported by the scene lab and by the app (client/main.tsx) only
 * when the page has `?xr=emulate`, so it is a chunk of its own that users never download.
 */
import { SyntheticEnvironmentModule } from '@iwer/sem';
import { metaQuest3, XRDevice } from 'iwer';

declare global {
  interface Window {
    __iwerDevice?: XRDevice;
  }
}

export async function installEmulatedArDevice(options: { stereo: boolean }): Promise<XRDevice> {
  const device = new XRDevice(metaQuest3);
  device.installRuntime({ forceInstall: true });
  device.installSEM(SyntheticEnvironmentModule);
  // Mono like a phone unless asked: draw calls are then per view.
  device.stereoEnabled = options.stereo;
  await device.sem?.loadDefaultEnvironment('office_small');
  window.__iwerDevice = device;
  return device;
}
