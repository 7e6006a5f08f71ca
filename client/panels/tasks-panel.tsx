/**
 * "My work today". Tasks arrive with the collections work (escalations, broken promises, terms
 * mismatches); until its `/tasks` route exists this lists what it can and says so plainly.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api/http.ts';
import { listOf } from '../api/ledger-api.ts';

interface TaskRow {
  readonly id: string;
  readonly title: string;
  readonly dueDate?: string;
  readonly status?: string;
  readonly customerRef?: string;
}

export function TasksPanel() {
  const [tasks, setTasks] = useState<readonly TaskRow[] | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  useEffect(() => {
    api<TaskRow[] | { items: TaskRow[] }>('/tasks?assignee=me&status=open').then(
      (payload) => setTasks(listOf(payload)),
      (e: unknown) => (e instanceof ApiError && e.status === 404 ? setUnavailable(true) : setTasks([])),
    );
  }, []);
  if (unavailable) return <p className="muted">Tasks (escalations, promises to follow up) will appear here.</p>;
  if (!tasks) return <p className="muted">Loading tasks…</p>;
  if (tasks.length === 0) return <p className="muted">Nothing due. </p>;
  return (
    <ul className="tasks" aria-label="My tasks">
      {tasks.map((task) => (
        <li key={task.id}>
          {task.title}
          {task.dueDate && <span className="muted"> · due {task.dueDate}</span>}
        </li>
      ))}
    </ul>
  );
}
