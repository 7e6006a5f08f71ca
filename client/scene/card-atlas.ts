/**
 * Card faces drawn with Canvas 2D into atlas pages (2048² textures, 126 cards each), so all
 * cards share a handful of textures and draw calls instead of one text mesh per line. A card
 * is redrawn only when what it shows changes, and then only its cell goes to the GPU
 * (copyTextureToTexture), not the 16 MB page: a dispute turning "open" mid-session costs one
 * small upload. New pages are uploaded one per frame so a big session never stalls a frame on
 * all of them at once. The font is the self-hosted DejaVu Sans Condensed (client/public/fonts),
 * loaded before the first draw; nothing comes from a CDN.
 */
import { CanvasTexture, LinearFilter, SRGBColorSpace, Vector2, type WebGLRenderer } from 'three';
import { formatDate, formatMoney } from '../format.ts';
import { cardBadges, statusColor, statusLabel } from './card-style.ts';
import type { CardModel } from './scene-model.ts';

export const PAGE_SIZE = 2048;
export const CELL_WIDTH = 224;
export const CELL_HEIGHT = 140;
export const COLUMNS = Math.floor(PAGE_SIZE / CELL_WIDTH);
export const ROWS = Math.floor(PAGE_SIZE / CELL_HEIGHT);
export const CARDS_PER_PAGE = COLUMNS * ROWS;
export const FONT_FAMILY = 'CashlensCard';

interface Page {
  readonly canvas: HTMLCanvasElement;
  readonly context: CanvasRenderingContext2D;
  readonly texture: CanvasTexture;
  readonly keys: string[];
  /** The whole page is on the GPU; from then on only dirty cells are sent. */
  uploaded: boolean;
  readonly dirty: Set<number>;
}

let fontLoad: Promise<void> | undefined;
/** Loads the card font once; falls back to the system sans-serif if it cannot (the cards still draw). */
export function loadCardFont(baseUrl = '/fonts'): Promise<void> {
  fontLoad ??= (async () => {
    try {
      const faces = [new FontFace(FONT_FAMILY, `url(${baseUrl}/DejaVuSansCondensed.ttf)`), new FontFace(FONT_FAMILY, `url(${baseUrl}/DejaVuSansCondensed-Bold.ttf)`, { weight: 'bold' })];
      await Promise.all(faces.map(async (face) => document.fonts.add(await face.load())));
    } catch {
      // Fall back silently: a missing font file must not blank the cards.
    }
  })();
  return fontLoad;
}

/** The UV rectangle of card `index` within its page: [u0, v0, du, dv]. */
export function cellUv(index: number): [number, number, number, number] {
  const slot = index % CARDS_PER_PAGE;
  const column = slot % COLUMNS;
  const row = Math.floor(slot / COLUMNS);
  const du = CELL_WIDTH / PAGE_SIZE;
  const dv = CELL_HEIGHT / PAGE_SIZE;
  // Canvas y grows downward, texture v upward (flipY).
  return [column * du, 1 - (row + 1) * dv, du, dv];
}

function cardKey(card: CardModel, selected: boolean): string {
  return JSON.stringify([card, selected]);
}

export class CardAtlas {
  private readonly pages: Page[] = [];
  private scratch: CanvasRenderingContext2D | null = null;

  get pageCount(): number {
    return this.pages.length;
  }

  texture(page: number): CanvasTexture {
    const found = this.pages[page];
    if (!found) throw new Error(`No atlas page ${page}`);
    return found.texture;
  }

  /** Draws what changed; returns how many cards were redrawn. */
  update(cards: readonly CardModel[], selectedInvoice: string | null): number {
    const needed = Math.ceil(cards.length / CARDS_PER_PAGE);
    while (this.pages.length < needed) this.pages.push(createPage());
    let drawn = 0;
    cards.forEach((card, index) => {
      const page = this.pages[Math.floor(index / CARDS_PER_PAGE)]!;
      const slot = index % CARDS_PER_PAGE;
      const key = cardKey(card, card.invoiceNumber === selectedInvoice);
      if (page.keys[slot] === key) return;
      page.keys[slot] = key;
      drawCard(page.context, (slot % COLUMNS) * CELL_WIDTH, Math.floor(slot / COLUMNS) * CELL_HEIGHT, card, card.invoiceNumber === selectedInvoice);
      if (page.uploaded) page.dirty.add(slot);
      drawn++;
    });
    return drawn;
  }

  isUploaded(page: number): boolean {
    return this.pages[page]?.uploaded ?? false;
  }

  /**
   * Sends what changed to the GPU; call once per frame before rendering. At most one new page
   * is uploaded whole per call; pages already there get their dirty cells copied in.
   */
  flush(renderer: WebGLRenderer): void {
    let uploadedOne = false;
    for (const page of this.pages) {
      if (!page.uploaded) {
        if (uploadedOne) continue;
        page.texture.needsUpdate = true;
        renderer.initTexture(page.texture);
        page.uploaded = true;
        page.dirty.clear();
        uploadedOne = true;
        continue;
      }
      for (const slot of page.dirty) this.copyCell(renderer, page, slot);
      page.dirty.clear();
    }
  }

  private copyCell(renderer: WebGLRenderer, page: Page, slot: number): void {
    if (!this.scratch) {
      const canvas = document.createElement('canvas');
      canvas.width = CELL_WIDTH;
      canvas.height = CELL_HEIGHT;
      this.scratch = canvas.getContext('2d');
      if (!this.scratch) return;
    }
    const x = (slot % COLUMNS) * CELL_WIDTH;
    const y = Math.floor(slot / COLUMNS) * CELL_HEIGHT;
    this.scratch.clearRect(0, 0, CELL_WIDTH, CELL_HEIGHT);
    this.scratch.drawImage(page.canvas, x, y, CELL_WIDTH, CELL_HEIGHT, 0, 0, CELL_WIDTH, CELL_HEIGHT);
    // A fresh, never-uploaded texture makes three take the CPU path (texSubImage2D of the canvas).
    const source = new CanvasTexture(this.scratch.canvas);
    // The page is flipped on upload (flipY), so a cell's top row lands at the top of its rectangle.
    renderer.copyTextureToTexture(source, page.texture, null, new Vector2(x, PAGE_SIZE - y - CELL_HEIGHT));
    source.dispose();
  }

  dispose(): void {
    for (const page of this.pages) page.texture.dispose();
    this.pages.length = 0;
  }
}

function createPage(): Page {
  const canvas = document.createElement('canvas');
  canvas.width = PAGE_SIZE;
  canvas.height = PAGE_SIZE;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('Canvas 2D is unavailable');
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  // No mipmaps: a cell update would have to regenerate them for the whole page.
  texture.minFilter = LinearFilter;
  texture.generateMipmaps = false;
  texture.anisotropy = 4;
  return { canvas, context, texture, keys: [], uploaded: false, dirty: new Set() };
}

function font(size: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}, "DejaVu Sans", sans-serif`;
}

function drawCard(ctx: CanvasRenderingContext2D, x: number, y: number, card: CardModel, selected: boolean): void {
  const w = CELL_WIDTH;
  const h = CELL_HEIGHT;
  const color = statusColor[card.status];
  ctx.save();
  ctx.translate(x, y);
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = selected ? '#fef9c3' : '#f8fafc';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 12, h);
  ctx.lineWidth = selected ? 8 : 2;
  ctx.strokeStyle = selected ? '#2563eb' : color;
  ctx.strokeRect(ctx.lineWidth / 2, ctx.lineWidth / 2, w - ctx.lineWidth, h - ctx.lineWidth);

  const left = 22;
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#0f172a';
  ctx.font = font(22, true);
  ctx.fillText(card.invoiceNumber, left, 30, w - left - 10);

  ctx.font = font(15);
  ctx.fillStyle = '#475569';
  ctx.fillText(`Amount ${formatMoney(card.amount, card.currency)}`, left, 54, w - left - 10);
  ctx.font = font(22, true);
  ctx.fillStyle = '#0f172a';
  ctx.fillText(formatMoney(card.openAmount, card.currency), left, 82, w - left - 10);

  ctx.font = font(15);
  ctx.fillStyle = card.daysLate > 0 ? '#b91c1c' : '#475569';
  const late = card.daysLate > 0 ? ` · ${card.daysLate} d late` : '';
  ctx.fillText(`Due ${formatDate(card.dueDate)}${late}`, left, 106, w - left - 10);

  let badgeRight = w - 8;
  for (const badge of cardBadges(card).reverse()) {
    ctx.font = font(11, true);
    const width = Math.min(ctx.measureText(badge.text).width + 10, 90);
    const badgeLeft = badgeRight - width;
    ctx.fillStyle = badge.color;
    ctx.fillRect(badgeLeft, h - 26, width, 18);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(badge.text, badgeLeft + 5, h - 13, width - 10);
    badgeRight = badgeLeft - 4;
  }
  // The status word takes what room the badges leave (the colour strip says it anyway).
  const statusRoom = badgeRight - left - 4;
  if (statusRoom > 30) {
    ctx.font = font(12, true);
    ctx.fillStyle = color;
    ctx.fillText(statusLabel[card.status], left, 128, statusRoom);
  }
  ctx.restore();
}
