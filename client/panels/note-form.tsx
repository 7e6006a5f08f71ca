/**
 * Add a note (annotation) to a card, a product hotspot or the space. Staff may keep it internal
 * (the `team` document, never seen by the customer).
 */
import { useId, useState, type FormEvent } from 'react';
import type { AnnotationModel, Vec3 } from '../scene/scene-model.ts';
import { useSessionStore } from '../state/session-store.ts';
import { useUiStore } from '../state/ui-store.ts';

export function NoteForm({ target, position, allowInternal }: { target: AnnotationModel['target']; position: Vec3; allowInternal: boolean }) {
  const connection = useSessionStore((state) => state.connection);
  const announce = useUiStore((state) => state.announce);
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(allowInternal);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!connection || !text.trim()) return setError('Note: write something first.');
    const result = connection.addAnnotation(internal ? 'team' : 'shared', { target: { ...target }, text: text.trim(), position: [...position] });
    if (!result.ok) return setError(result.reason);
    setError(null);
    setText('');
    announce(connection.online ? 'Note added.' : 'Note saved; it is shared when the connection is back.');
  };

  const where = target.kind === 'space' ? 'the room' : target.hotspot ? `hotspot ${target.hotspot}` : target.ref;
  return (
    <form className="stack" onSubmit={submit} aria-label={`Add a note to ${where}`}>
      <label htmlFor={`${id}-text`}>Note on {where}</label>
      <textarea id={`${id}-text`} rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
      {allowInternal && (
        <label className="inline">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> Internal (team only)
        </label>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit">Add note</button>
    </form>
  );
}
