/** Running counts of one import, and its first rejections (capped so memory stays flat on a bad 1M-row file). */
import type { ImportRowError } from '../../shared/imports/invoice-columns.ts';

export const MAX_REPORTED_REJECTIONS = 10_000;

export interface ImportCounts {
  readonly rowsRead: number;
  readonly imported: number;
  readonly skipped: number;
  readonly customersCreated: number;
  /** All rejected rows; `rejected` lists the first MAX_REPORTED_REJECTIONS errors of them. */
  readonly rejectedCount: number;
  readonly rejected: readonly ImportRowError[];
}

export class ImportTally implements ImportCounts {
  rowsRead = 0;
  imported = 0;
  skipped = 0;
  customersCreated = 0;
  rejectedCount = 0;
  readonly rejected: ImportRowError[] = [];

  /** One row rejected, with all its errors. */
  reject(errors: readonly ImportRowError[]): void {
    this.rejectedCount++;
    for (const error of errors) {
      if (this.rejected.length >= MAX_REPORTED_REJECTIONS) return;
      this.rejected.push(error);
    }
  }

  snapshot(): ImportCounts {
    return { rowsRead: this.rowsRead, imported: this.imported, skipped: this.skipped, customersCreated: this.customersCreated, rejectedCount: this.rejectedCount, rejected: this.rejected };
  }
}
