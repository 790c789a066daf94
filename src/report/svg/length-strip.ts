/**
 * A length distribution (`min`, p5, p50, p95, `max`) as a one-line box plot: whiskers from min to max, a box
 * from p5 to p95, a tick at the median. Small enough to sit beside a field's main chart.
 */
import type { LengthStats } from '../../tasks/types.js';
import { type Html, html } from '../html.js';
import { px, svgFrame } from './frame.js';
import { linearScale } from './scale.js';

const WIDTH = 200;
const HEIGHT = 22;
const PAD = 14;

/** The box plot of a length distribution, labelled with its five numbers. */
export function renderLengthStrip(length: LengthStats, subject: string): Html {
  const low = length.min ?? length.p5 ?? length.p50;
  const high = length.max ?? length.p95 ?? length.p50;
  const x = linearScale([Math.min(low, high), Math.max(low + 1, high)], [PAD, WIDTH - PAD]);
  const boxLow = x(length.p5 ?? length.p50);
  const boxHigh = x(length.p95 ?? length.p50);
  const middle = HEIGHT / 2 - 3;
  const label = `${subject}: length min ${length.min ?? '?'}, p5 ${length.p5 ?? '?'}, p50 ${length.p50}, p95 ${length.p95 ?? '?'}, max ${length.max ?? '?'}`;
  const body = html`<line class="whisker" x1="${px(x(low))}" x2="${px(x(high))}" y1="${middle}" y2="${middle}"/><rect class="box" x="${px(boxLow)}" y="${middle - 5}" width="${px(Math.max(1, boxHigh - boxLow))}" height="10"/><line class="median" x1="${px(x(length.p50))}" x2="${px(x(length.p50))}" y1="${middle - 6}" y2="${middle + 6}"/><text x="${px(x(low))}" y="${HEIGHT - 1}" text-anchor="middle">${low}</text><text x="${px(x(high))}" y="${HEIGHT - 1}" text-anchor="middle">${high}</text>`;
  return svgFrame({ width: WIDTH, height: HEIGHT, label, className: 'length-strip', body });
}
