/**
 * The "Enter AR" / "View in AR" entry for a toolbar. Only the entry this device really has is
 * shown (no dead button): WebXR phones get "Enter AR" (the XR store is imported on click, so
 * this component costs the initial chunk nothing), iOS gets an AR Quick Look link to the
 * product's USDZ, everything else gets nothing.
 */
import { useEffect, useState } from 'react';
import { arSupport, type ArSupport } from './ar-support.ts';

export function useArSupport(): ArSupport {
  const [support, setSupport] = useState<ArSupport>('checking');
  useEffect(() => {
    let live = true;
    void arSupport().then((value) => live && setSupport(value));
    return () => {
      live = false;
    };
  }, []);
  return support;
}

const quickLookBadge = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="104" height="28"><rect width="104" height="28" rx="6" fill="#2563eb"/><text x="52" y="19" font-family="sans-serif" font-size="14" fill="#fff" text-anchor="middle">View in AR</text></svg>',
)}`;

export interface ArEntryProps {
  /** The product's USDZ for AR Quick Look (iOS). */
  readonly usdzUrl?: string;
  readonly className?: string;
}

export function ArEntry({ usdzUrl, className }: ArEntryProps) {
  const support = useArSupport();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (support === 'webxr') {
    const enter = async () => {
      setBusy(true);
      setError(null);
      try {
        const { enterAr } = await import('./xr-store.ts');
        if (!(await enterAr())) setError('AR could not start');
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : String(cause));
      } finally {
        setBusy(false);
      }
    };
    return (
      <span className={className}>
        <button type="button" data-testid="enter-ar" disabled={busy} onClick={() => void enter()}>
          Enter AR
        </button>
        {error ? <span role="alert"> {error}</span> : null}
      </span>
    );
  }
  if (support === 'quick-look' && usdzUrl) {
    // Quick Look needs an <img> as the link's only child, so the label is drawn in the image.
    return (
      <a className={className} rel="ar" href={usdzUrl} data-testid="quick-look">
        <img src={quickLookBadge} alt="View the product in AR" width={104} height={28} />
      </a>
    );
  }
  return null;
}
