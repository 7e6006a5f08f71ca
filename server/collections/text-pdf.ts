/**
 * A minimal PDF 1.4 writer for text-only documents (the customer's statement): monospaced lines
 * (Courier, one of the 14 standard fonts, so nothing is embedded), paginated on A4. Text is
 * encoded as WinAnsi/Latin-1; a character outside it prints as "?". The cross-reference table
 * holds byte offsets, so the document is assembled as Latin-1 bytes throughout.
 */

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 40;
const FONT_SIZE = 8;
const LEADING = 11;
export const LINES_PER_PAGE = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);

function pdfString(text: string): string {
  const latin1 = [...text].map((char) => (char.codePointAt(0)! <= 0xff ? char : '?')).join('');
  return `(${latin1.replace(/[\\()]/g, (char) => `\\${char}`).replace(/[\r\n]/g, ' ')})`;
}

function pageContent(lines: readonly string[], footer: string): string {
  const body = lines.map((line, index) => `${index === 0 ? '' : 'T* '}${pdfString(line)} Tj`).join('\n');
  return `BT /F1 ${FONT_SIZE} Tf ${LEADING} TL ${MARGIN} ${PAGE_HEIGHT - MARGIN - FONT_SIZE} Td\n${body}\nET\nBT /F1 ${FONT_SIZE} Tf ${MARGIN} ${MARGIN / 2} Td ${pdfString(footer)} Tj ET`;
}

/** Lays `lines` out on as many A4 pages as they need, with "title — page n of m" at the foot of each. */
export function textPdf(title: string, lines: readonly string[]): Buffer {
  const pages: string[][] = [];
  for (let start = 0; start < Math.max(lines.length, 1); start += LINES_PER_PAGE) pages.push(lines.slice(start, start + LINES_PER_PAGE));
  // Objects: 1 catalog, 2 page tree, 3 font, 4 info, then (page, content) pairs.
  const pageIds = pages.map((_, index) => 5 + index * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>',
    `<< /Title ${pdfString(title)} /Producer (Cashlens) >>`,
  ];
  pages.forEach((pageLines, index) => {
    const content = pageContent(pageLines, `${title} - page ${index + 1} of ${pages.length}`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[index]! + 1} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
