/**
 * The contract between the app (stores, sync, panels) and the 3D/XR scene. The scene is driven
 * by these plain props and reports intent through callbacks; it never fetches or writes Yjs
 * itself, so it renders the same in AR, on the desktop and in tests.
 * Positions are metres relative to the table anchor (DESIGN §6–7).
 */
import type { ReactNode } from 'react';

export type Vec3 = readonly [number, number, number];
export type Quat = readonly [number, number, number, number];

export type CardStatus = 'current' | 'overdue-1-30' | 'overdue-31-60' | 'overdue-61-90' | 'overdue-91+' | 'disputed' | 'promised' | 'paid';
export type DisputeFlagStatus = 'requested' | 'open' | 'resolved' | 'rejected';

export interface CardModel {
  readonly invoiceNumber: string;
  readonly currency: string;
  /** Minor units. */
  readonly amount: number;
  readonly openAmount: number;
  readonly issueDate: string;
  readonly dueDate: string;
  /** Days past due as of today; ≤ 0 when not yet due. */
  readonly daysLate: number;
  readonly status: CardStatus;
  readonly dispute?: { readonly status: DisputeFlagStatus; readonly reason: string; readonly resolution?: string };
  readonly promise?: { readonly date: string; readonly amount: number; readonly status: string };
  readonly escalated?: boolean;
}

export type TimelineEventKind = 'issued' | 'due' | 'payment' | 'promise' | 'dispute-opened' | 'dispute-resolved' | 'reminder';

export interface TimelineEvent {
  readonly date: string;
  readonly kind: TimelineEventKind;
  readonly label: string;
  readonly invoiceNumber?: string;
  readonly amount?: number;
}

export interface Hotspot {
  readonly id: string;
  readonly kind: 'feature' | 'maintenance';
  readonly title: string;
  readonly body: string;
  /** Name of a node in the model, or a position in model space. */
  readonly anchor: { readonly node: string } | { readonly position: Vec3 };
  readonly lastServiced?: string;
  readonly nextDue?: string;
}

export interface ProductModel {
  readonly id: string;
  readonly name: string;
  readonly glbUrl: string;
  readonly usdzUrl?: string;
  readonly hotspots: readonly Hotspot[];
}

export interface AnnotationModel {
  readonly id: string;
  readonly authorName: string;
  readonly text: string;
  readonly position: Vec3;
  readonly target: { readonly kind: 'invoice' | 'product' | 'space'; readonly ref: string; readonly hotspot?: string };
  readonly resolved: boolean;
}

export interface PeerModel {
  readonly clientId: number;
  readonly name: string;
  readonly role: string;
  readonly color: string;
  readonly head?: { readonly position: Vec3; readonly quaternion: Quat };
  readonly pointer?: { readonly origin: Vec3; readonly direction: Vec3 };
}

export interface SessionSceneProps {
  readonly cards: readonly CardModel[];
  readonly timeline: readonly TimelineEvent[];
  /** 'YYYY-MM-DD': the timeline's today marker and the cards' days-late reference. */
  readonly today: string;
  readonly product?: ProductModel;
  readonly annotations: readonly AnnotationModel[];
  readonly peers: readonly PeerModel[];
  readonly selectedInvoice: string | null;
  readonly selectedHotspot: string | null;
  onSelectInvoice(invoiceNumber: string | null): void;
  onSelectHotspot(hotspotId: string | null): void;
  /** Where the user asked to place a note (a point on a card, the product or in space). */
  onPlaceAnnotation?(position: Vec3, target: AnnotationModel['target']): void;
  /** Local head pose and pointer ray, called at most ~15 Hz, for presence awareness. */
  onLocalPose?(head: { position: Vec3; quaternion: Quat }, pointer?: { origin: Vec3; direction: Vec3 }): void;
  /** The date under the timeline's scrub handle, or null when released (optional). */
  onScrubDate?(date: string | null): void;
  /** DOM shown over the camera view while in AR (the XR DOM overlay, where the device offers it): e.g. the selected card's actions. */
  readonly arOverlay?: ReactNode;
  /** Show the scene's own "Enter AR" / "View in AR" button in its corner (default true); false when the app's toolbar has `<ArEntry>`. */
  readonly showArEntry?: boolean;
}
