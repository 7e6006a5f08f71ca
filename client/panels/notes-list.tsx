/** The session's notes, newest last; internal ones marked; open ones can be resolved. */
import { useSessionStore } from '../state/session-store.ts';

export function NotesList({ canResolve }: { canResolve: boolean }) {
  const annotations = useSessionStore((state) => state.snapshot?.annotations);
  const connection = useSessionStore((state) => state.connection);
  const notes = [...(annotations ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  if (notes.length === 0) return <p className="muted">No notes yet.</p>;
  return (
    <ul className="notes" aria-label="Notes">
      {notes.map((note) => (
        <li key={`${note.doc}:${note.id}`} className={note.resolved ? 'resolved' : ''}>
          <div>
            <strong>{note.authorName}</strong> <span className="muted">on {note.target.kind === 'space' ? 'the room' : (note.target.hotspot ?? note.target.ref)}</span>
            {note.doc === 'team' && <span className="badge">internal</span>}
          </div>
          <p>{note.text}</p>
          {canResolve && !note.resolved && (
            <button type="button" className="small" onClick={() => connection?.resolveAnnotation(note.doc, note.id)}>
              Resolve
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
