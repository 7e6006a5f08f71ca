/**
 * Bank statement import: pick a CAMT.053 file, upload it with a progress bar (the upload itself,
 * then the server's matching), and read what was posted, sent to review or already imported.
 */
import { useRef, useState } from 'react';
import { formatMoney } from '../format.ts';
import { useBankStore } from '../state/bank-store.ts';

export function BankImportPanel() {
  const phase = useBankStore((state) => state.phase);
  const sent = useBankStore((state) => state.sent);
  const total = useBankStore((state) => state.total);
  const summary = useBankStore((state) => state.summary);
  const importError = useBankStore((state) => state.importError);
  const importStatement = useBankStore((state) => state.importStatement);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const busy = phase === 'uploading' || phase === 'processing';
  const percent = total > 0 ? Math.round((sent / total) * 100) : 0;

  return (
    <section className="integration-panel" aria-label="Bank statement import">
      <h2>Bank statement import</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (file) void importStatement(file);
        }}
      >
        <label>
          CAMT.053 file
          <input ref={input} type="file" accept=".xml,application/xml,text/xml" onChange={(event) => setFile(event.target.files?.[0] ?? null)} disabled={busy} />
        </label>
        <button type="submit" disabled={!file || busy}>
          Import statement
        </button>
      </form>
      {phase !== 'idle' && (
        <div className="upload-progress">
          <progress aria-label="Upload progress" max={100} value={percent} data-phase={phase} />
          <span className="muted small-text" aria-live="polite">
            {phase === 'uploading' ? `Uploading… ${percent}%` : phase === 'processing' ? 'Uploaded; matching payments…' : phase === 'done' ? 'Imported' : 'Import failed'}
          </span>
        </div>
      )}
      {importError && <p role="alert">{importError}</p>}
      {summary && (
        <div className="import-summary" aria-label="Import result">
          <p>
            <strong>{summary.posted}</strong> posted · <strong>{summary.review}</strong> to review · <strong>{summary.duplicates}</strong> already imported
            {summary.skipped.length > 0 ? ` · ${summary.skipped.length} skipped` : ''}
          </p>
          <ul className="small-text">
            {summary.lines.map((line) => (
              <li key={`${line.entryRef}-${line.label}`} data-status={line.status}>
                {formatMoney(line.amount, line.currency)} · {line.status}
                {line.allocations.length > 0 ? ` → ${line.allocations.map((a) => a.invoiceNumber).join(', ')}` : ''} <span className="muted">{line.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
