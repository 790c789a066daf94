/** The outer `<svg>` of every chart: sized by its viewBox, announced to assistive technology by its label. */
import { type Html, html } from '../html.js';

export interface FrameOptions {
  readonly width: number;
  readonly height: number;
  /** What the chart shows, for screen readers and as the tooltip of the whole chart. */
  readonly label: string;
  readonly className: string;
  readonly body: Html;
}

/** An SVG element scaling with its container (`width="100%"`), its aspect kept by the viewBox. */
export function svgFrame({ width, height, label, className, body }: FrameOptions): Html {
  return html`<svg class="${className}" role="img" aria-label="${label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${label}</title>${body}</svg>`;
}

/** A number rounded for SVG coordinates (two decimals keep the file small and the lines sharp). */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}
