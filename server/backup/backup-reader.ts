/**
 * Reads a backup file line by line (streaming, so file size is not bounded by memory) and checks
 * it against the format's invariants. `validateBackup` reads it once and returns the header and
 * trailer, or what is wrong with it; the restore runs it before touching the database and then
 * reads the file a second time to load it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { BACKUP_FORMAT, BACKUP_VERSION, isMarker, type BackupHeader, type BackupSequence, type BackupTrailer } from './backup-format.ts';

export class BackupFileError extends Error {
  constructor(file: string, detail: string) {
    super(`${file} is not a usable Cashlens backup: ${detail}`);
    this.name = 'BackupFileError';
  }
}

export type BackupLine =
  | { readonly kind: 'header'; readonly header: BackupHeader }
  | { readonly kind: 'table'; readonly name: string }
  | { readonly kind: 'row'; readonly json: string }
  | { readonly kind: 'sequences'; readonly sequences: readonly BackupSequence[] }
  | { readonly kind: 'end'; readonly trailer: BackupTrailer; readonly computedSha256: string };

/** The text lines of a gzip file, streamed; gzip and file errors reject the iteration. */
async function* gzipLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of source.pipe(gunzip)) {
      pending += decoder.write(chunk as Buffer);
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        yield pending.slice(0, newline);
        pending = pending.slice(newline + 1);
      }
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}

/** The lines of a backup, classified; throws BackupFileError for unreadable gzip or malformed lines. */
export async function* readBackupLines(file: string): AsyncGenerator<BackupLine> {
  const hash = createHash('sha256');
  let lineNumber = 0;
  let ended = false;
  try {
    for await (const line of gzipLines(file)) {
      lineNumber++;
      if (ended) throw new BackupFileError(file, 'there is data after the end marker');
      if (!isMarker(line)) {
        hash.update(line + '\n');
        yield { kind: 'row', json: line };
        continue;
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new BackupFileError(file, `line ${lineNumber} is not valid JSON`);
      }
      if ('$end' in parsed) {
        ended = true;
        yield { kind: 'end', trailer: parsed.$end as BackupTrailer, computedSha256: hash.digest('hex') };
        continue;
      }
      hash.update(line + '\n');
      if ('$backup' in parsed) yield { kind: 'header', header: parsed.$backup as BackupHeader };
      else if ('$table' in parsed && typeof parsed.$table === 'string') yield { kind: 'table', name: parsed.$table };
      else if ('$sequences' in parsed && Array.isArray(parsed.$sequences)) yield { kind: 'sequences', sequences: parsed.$sequences as BackupSequence[] };
      else throw new BackupFileError(file, `line ${lineNumber} is an unknown marker`);
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    throw new BackupFileError(file, describeStreamError(error as Error));
  }
}

function describeStreamError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'Z_BUF_ERROR') return 'the file is truncated (the compressed stream ends early)';
  if (code === 'Z_DATA_ERROR') return 'the file is damaged or not gzip-compressed';
  return error.message;
}

export interface ValidBackup {
  readonly header: BackupHeader;
  readonly trailer: BackupTrailer;
}

/** Reads the whole file and checks structure, row counts and checksum. Nothing is written anywhere. */
export async function validateBackup(file: string): Promise<ValidBackup> {
  const fail = (detail: string) => new BackupFileError(file, detail);
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  let tableIndex = -1;
  const counts: Record<string, number> = {};
  for await (const line of readBackupLines(file)) {
    if (trailer) throw fail('there is data after the end marker');
    if (!header) {
      if (line.kind !== 'header') throw fail('it does not start with a Cashlens backup header');
      header = line.header;
      if (header.format !== BACKUP_FORMAT || !Array.isArray(header.tables) || !Array.isArray(header.migrations)) throw fail('the header is not a Cashlens backup header');
      if (header.version !== BACKUP_VERSION) throw fail(`format version ${header.version} is not supported (this Cashlens reads version ${BACKUP_VERSION})`);
      continue;
    }
    switch (line.kind) {
      case 'header':
        throw fail('it holds a second header');
      case 'table':
        tableIndex++;
        if (header.tables[tableIndex]?.name !== line.name) throw fail(`table ${line.name} is out of order (expected ${header.tables[tableIndex]?.name ?? 'no more tables'})`);
        counts[line.name] = 0;
        break;
      case 'row': {
        const table = header.tables[tableIndex];
        if (!table) throw fail('a row comes before the first table');
        try {
          const value: unknown = JSON.parse(line.json);
          if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error();
        } catch {
          throw fail(`a row of ${table.name} is not a JSON object (row ${(counts[table.name] ?? 0) + 1})`);
        }
        counts[table.name] = (counts[table.name] ?? 0) + 1;
        break;
      }
      case 'sequences':
        break;
      case 'end':
        trailer = line.trailer;
        if (trailer?.sha256 !== line.computedSha256) throw fail('the checksum does not match: the file was changed or damaged');
        break;
    }
  }
  if (!header) throw fail('the file is empty');
  if (!trailer) throw fail('the end marker is missing: the file is truncated');
  if (tableIndex !== header.tables.length - 1) throw fail(`only ${tableIndex + 1} of ${header.tables.length} tables are present`);
  for (const table of header.tables) {
    if (trailer.rows[table.name] !== counts[table.name]) throw fail(`table ${table.name} has ${counts[table.name]} rows, the end marker says ${trailer.rows[table.name]}`);
  }
  return { header, trailer };
}
