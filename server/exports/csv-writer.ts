/**
 * RFC 4180 CSV lines. Text cells that a spreadsheet would run as a formula (=, +, -, @ first)
 * get a leading apostrophe when marked `text`; numbers and dates are written as they are, so the
 * importer reads our own exports back unchanged.
 */
export type Cell = string | number | bigint | boolean | null | undefined | { readonly text: string };

function render(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return /^[=+\-@\t\r]/.test(cell.text) ? `'${cell.text}` : cell.text;
  return String(cell);
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells
    .map((cell) => {
      const value = render(cell);
      return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
    })
    .join(',')}\r\n`;
}
