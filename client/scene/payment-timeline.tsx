/**
 * The payment timeline along the front edge of the table: one marker per event (issued, due,
 * payment, promise, dispute opened/resolved, reminder) in lanes by kind, a red today marker
 * and a scrub handle. Dragging along the bar moves the handle and lists that day's events;
 * `onScrub` reports the date. Markers are one instanced mesh; the axis text is one texture.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useThree, type ThreeEvent } from '@react-three/fiber';
import { BoxGeometry, Color, Matrix4, MeshBasicMaterial, type InstancedMesh } from 'three';
import { timelineColor } from './card-style.ts';
import type { TimelineEvent, TimelineEventKind } from './scene-model.ts';
import { TextLabel, type LabelLine } from './text-label.tsx';

export const TIMELINE_LENGTH = 1.4;
const Z = 0.38;
const DAY_MS = 86_400_000;
const lanes: readonly TimelineEventKind[] = ['issued', 'due', 'payment', 'promise', 'dispute-opened', 'dispute-resolved', 'reminder'];

const dayOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface PaymentTimelineProps {
  readonly events: readonly TimelineEvent[];
  readonly today: string;
  onScrub?(date: string | null): void;
}

const markerGeometry = new BoxGeometry(0.006, 0.008, 0.012);
const markerMaterial = new MeshBasicMaterial();

export function PaymentTimeline({ events, today, onScrub }: PaymentTimelineProps) {
  const todayDay = dayOf(today);
  const range = useMemo(() => {
    let first = todayDay - 30;
    let last = todayDay + 14;
    for (const event of events) {
      const day = dayOf(event.date);
      if (Number.isFinite(day)) {
        first = Math.min(first, day);
        last = Math.max(last, day);
      }
    }
    return { first, last };
  }, [events, todayDay]);
  const xOf = (day: number) => ((day - range.first) / Math.max(1, range.last - range.first) - 0.5) * TIMELINE_LENGTH;
  const dayAt = (x: number) => Math.round(range.first + (x / TIMELINE_LENGTH + 0.5) * (range.last - range.first));

  const [scrubDay, setScrubDay] = useState<number | null>(null);
  const dragging = useRef(false);
  // Orbit controls would turn the camera under the drag; they pause while scrubbing.
  const controls = useThree((state) => state.controls) as { enabled: boolean } | null;
  const markers = useRef<InstancedMesh>(null);
  const count = Math.max(1, events.length);

  useLayoutEffect(() => {
    const mesh = markers.current;
    if (!mesh) return;
    const matrix = new Matrix4();
    const color = new Color();
    events.forEach((event, i) => {
      const lane = lanes.indexOf(event.kind);
      matrix.makeTranslation(xOf(dayOf(event.date)), 0.006, Z - 0.03 + lane * 0.012);
      mesh.setMatrixAt(i, matrix);
      mesh.setColorAt(i, color.set(timelineColor[event.kind]));
    });
    mesh.count = events.length;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
  });

  const scrubTo = (event: ThreeEvent<PointerEvent>) => {
    const local = event.eventObject.worldToLocal(event.point.clone());
    const day = Math.min(range.last, Math.max(range.first, dayAt(local.x)));
    if (day !== scrubDay) {
      setScrubDay(day);
      onScrub?.(dateOf(day));
    }
  };

  const axisLines: LabelLine[] = [{ text: `${dateOf(range.first)}   ·   payment timeline   ·   ${dateOf(range.last)}`, size: 16, color: '#cbd5e1' }];
  const scrubLines: LabelLine[] = scrubDay === null ? [] : scrubLabel(events, scrubDay);

  return (
    <group name="payment-timeline">
      <mesh
        name="timeline-bar"
        position={[0, 0.002, Z]}
        onPointerDown={(event) => {
          event.stopPropagation();
          dragging.current = true;
          if (controls) controls.enabled = false;
          (event.target as Element | null)?.setPointerCapture?.(event.pointerId);
          scrubTo(event);
        }}
        onPointerMove={(event) => dragging.current && scrubTo(event)}
        onPointerUp={() => {
          dragging.current = false;
          if (controls) controls.enabled = true;
        }}
      >
        <boxGeometry args={[TIMELINE_LENGTH, 0.004, 0.1]} />
        <meshBasicMaterial color="#1e293b" transparent opacity={0.85} />
      </mesh>
      <instancedMesh ref={markers} args={[markerGeometry, markerMaterial, count]} name="timeline-markers" raycast={() => null} />
      <mesh name="today-marker" position={[xOf(todayDay), 0.02, Z]} raycast={() => null}>
        <boxGeometry args={[0.004, 0.04, 0.1]} />
        <meshBasicMaterial color="#ef4444" />
      </mesh>
      <TextLabel name="timeline-axis" lines={axisLines} width={TIMELINE_LENGTH} height={0.03} position={[0, 0.003, Z + 0.068]} rotation={[-Math.PI / 2, 0, 0]} background="rgba(15,23,42,0.6)" />
      {scrubDay !== null ? (
        <group position={[xOf(scrubDay), 0, Z]}>
          <mesh name="scrub-handle" position={[0, 0.012, 0]} raycast={() => null}>
            <sphereGeometry args={[0.01, 12, 8]} />
            <meshBasicMaterial color="#f8fafc" />
          </mesh>
          <TextLabel name="scrub-label" lines={scrubLines} width={0.3} height={0.02 + scrubLines.length * 0.024} position={[0, 0.09, 0]} />
        </group>
      ) : null}
    </group>
  );
}

function scrubLabel(events: readonly TimelineEvent[], day: number): LabelLine[] {
  const near = events.filter((event) => Math.abs(dayOf(event.date) - day) <= 1).slice(0, 5);
  return [{ text: dateOf(day), bold: true, size: 18 }, ...near.map((event) => ({ text: `${event.kind}: ${event.label}`, size: 15, color: timelineColor[event.kind] }))];
}
