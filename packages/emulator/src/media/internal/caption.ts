/**
 * Writes the prompt onto a rendered image (bottom band, word-wrapped, up to three lines) and a small
 * label naming the emulator, seed and output index (top left), so a glance tells outputs apart.
 */
import { GLYPH_ADVANCE, printable } from "./bitmap-font.js";
import { type Canvas, drawText, fillRect, type Rgb, textHeight } from "./canvas.js";

/** The most prompt lines drawn; longer prompts end with "...". */
const MAX_LINES = 3;

/** Splits text into lines of at most `limit` characters, breaking at spaces where possible. */
export function wrapText(text: string, limit: number, maxLines = MAX_LINES): string[] {
  if (limit < 1) return [];
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > 0 && lines.length < maxLines) {
    if (rest.length <= limit) {
      lines.push(rest);
      rest = "";
      break;
    }
    const space = rest.lastIndexOf(" ", limit);
    const cut = space > limit / 2 ? space : limit;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 && lines.length > 0) {
    const last = lines[lines.length - 1] as string;
    lines[lines.length - 1] = `${last.slice(0, Math.max(0, limit - 3))}...`;
  }
  return lines;
}

function shadowed(canvas: Canvas, text: string, x: number, y: number, scale: number, color: Rgb) {
  const offset = Math.max(1, Math.round(scale / 3));
  drawText(canvas, text, x + offset, y + offset, scale, [0, 0, 0]);
  drawText(canvas, text, x, y, scale, color);
}

/** Draws the prompt and the seed/index label onto the canvas. */
export function drawCaption(
  canvas: Canvas,
  prompt: string,
  seed: number,
  index: number,
  color: Rgb,
): void {
  const { width, height } = canvas;
  const scale = Math.max(1, Math.floor(Math.min(width / 220, height / 40)));
  const margin = 3 * scale;
  const lineHeight = textHeight(scale) + 3 * scale;
  const perLine = Math.floor((width - 2 * margin + scale) / (GLYPH_ADVANCE * scale));

  const lines = wrapText(printable(prompt), perLine);
  if (lines.length > 0) {
    const bandHeight = lines.length * lineHeight + 2 * margin - 3 * scale;
    const bandTop = height - bandHeight;
    fillRect(canvas, 0, bandTop, width, height, [0, 0, 0], 0.45);
    lines.forEach((line, n) => {
      shadowed(canvas, line, margin, bandTop + margin + n * lineHeight, scale, color);
    });
  }

  const labelScale = Math.max(1, Math.round(scale / 2));
  const label = wrapText(`APIXO EMULATOR seed ${seed} #${index}`, perLine * 2, 1)[0];
  if (label) shadowed(canvas, label, margin, margin, labelScale, color);
}
