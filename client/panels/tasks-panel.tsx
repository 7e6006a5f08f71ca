/**
 * "My work today": my open tasks due today or earlier (escalations, broken promises, terms
 * mismatches) from the collections work's `/tasks/today`.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/http.ts';
import { listOf } from '../api/ledger-api.ts';
import { formatDate } from '../format.ts';

interface TaskRow {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly dueDate: string;
  readonly status: string;
  readonly customerName: string;
  readonly invoiceNumber: string | null;
}

export function TasksPanel() {
  const [tasks, setTasks] = useState<readonly TaskRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<TaskRow[] | { items: TaskRow[] }>('/tasks/today').then(
      (payload) => setTasks(listOf(payload)),
      // Never "nothing due" when we could not look: a collector would miss an escalation.
      (e: unknown) => setError(`Tasks could not be loaded: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, []);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!tasks) return <p className="muted">Loading tasks…</p>;
  if (tasks.length === 0) return <p className="muted">Nothing due today.</p>;
  return (
    <ul className="tasks" aria-label="My tasks">
      {tasks.map((task) => (
        <li key={task.id}>
          <span className="badge">{task.kind.replaceAll('_', ' ')}</span> {task.title}
          <div className="muted small-text">
            {task.customerName}
            {task.invoiceNumber ? ` · ${task.invoiceNumber}` : ''} · due {formatDate(task.dueDate)}
          </div>
        </li>
      ))}
    </ul>
  );
}
