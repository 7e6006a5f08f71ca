/**
 * Which AR entry this browser really has (DESIGN §7): WebXR `immersive-ar`, Apple's AR Quick
 * Look (iOS Safari: `<a rel="ar">` with a USDZ), or none. Framework-free and without three, so
 * the app's toolbar can ask before the 3D chunk loads.
 */
export type ArSupport = 'checking' | 'webxr' | 'quick-look' | 'none';

interface XrSystemLike {
  isSessionSupported(mode: string): Promise<boolean>;
}

export function supportsQuickLook(): boolean {
  if (typeof document === 'undefined') return false;
  const anchor = document.createElement('a');
  return anchor.relList?.supports?.('ar') ?? false;
}

export async function detectArSupport(): Promise<Exclude<ArSupport, 'checking'>> {
  const xr = (typeof navigator !== 'undefined' ? (navigator as Navigator & { xr?: XrSystemLike }).xr : undefined) ?? undefined;
  if (xr) {
    try {
      if (await xr.isSessionSupported('immersive-ar')) return 'webxr';
    } catch {
      // A browser may throw for an unknown mode or a blocked feature policy: treat as unsupported.
    }
  }
  return supportsQuickLook() ? 'quick-look' : 'none';
}

let cached: Promise<Exclude<ArSupport, 'checking'>> | undefined;
/** Detected once per page; a second caller gets the same answer. */
export function arSupport(): Promise<Exclude<ArSupport, 'checking'>> {
  cached ??= detectArSupport();
  return cached;
}
