/**
 * A histogram drawn from bins `[low, high, weight]`: each bin is a bar over its range whose height is its
 * density (weight per unit of the axis), so equi-depth bins show the shape of the distribution. A bin whose
 * edges are equal is a point mass: drawn as a narrow spike, cut at the tallest range bar. Two series
 * (expected and actual) are overlaid on one axis: the first filled, the second outlined. Positive numbers
 * with a long right tail (the median in the first seventh of the range, as amounts and prices usually are)
 * are drawn on a logarithmic axis, where their bins are wide enough to see.
 */

import type { Bin } from '../distribution.js';
import { type AxisKind, formatAxisValue, formatShare } from '../format.js';
import { type Html, html } from '../html.js';
import { px, svgFrame } from './frame.js';
import { linearScale, logTicksOf, ticksOf } from './scale.js';

export interface BinSeries {
  /** The class of its marks: `profile` alone, `expected` and `actual` when overlaid. */
  readonly name: 'profile' | 'expected' | 'actual';
  readonly bins: readonly Bin[];
}

export interface BinsChartOptions {
  readonly axis: AxisKind;
  readonly series: readonly BinSeries[];
  readonly label: string;
}

const WIDTH = 440;
const HEIGHT = 150;
const MARGIN = { left: 8, right: 8, top: 8, bottom: 22 };
/** A point mass is drawn this share of the axis wide. */
const SPIKE_WIDTH = 1 / 150;

interface DrawnBin extends Bin {
  readonly share: number;
  readonly density: number;
  readonly point: boolean;
}

/** The SVG of one or two overlaid histograms; one `rect.mark` per bin of each series. */
export function renderBinsChart({ axis, series, label }: BinsChartOptions): Html {
  const all = series.flatMap((entry) => entry.bins);
  const log = axis === 'number' && hasLongRightTail(series[0]?.bins ?? [], all);
  const at = log ? Math.log10 : (value: number) => value;
  let low = Math.min(...all.map((bin) => at(bin.low)));
  let high = Math.max(...all.map((bin) => at(bin.high)));
  if (!(high > low)) [low, high] = [low - 1, high + 1];
  const spikeWidth = (high - low) * SPIKE_WIDTH;
  const drawn = series.map((entry) => ({ name: entry.name, bins: densities(entry.bins, at, spikeWidth) }));
  const ranged = drawn.flatMap((entry) => entry.bins.filter((bin) => !bin.point));
  const tallest = Math.max(
    ...(ranged.length > 0 ? ranged : drawn.flatMap((entry) => entry.bins)).map((bin) => bin.density),
  );
  const x = linearScale([low, high], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([0, tallest > 0 ? tallest : 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const bottom = HEIGHT - MARGIN.bottom;
  const spikePixels = x(low + spikeWidth) - x(low);
  const span = log ? 10 ** high - 10 ** low : high - low;
  const bars = drawn.map((entry) =>
    entry.bins.map((bin) => {
      const left = bin.point ? x(at(bin.low)) - spikePixels / 2 : x(at(bin.low));
      const width = bin.point ? spikePixels : Math.max(0.5, x(at(bin.high)) - x(at(bin.low)));
      const top = bin.weight > 0 ? Math.min(y(Math.min(bin.density, tallest)), bottom - 1) : bottom;
      const range = bin.point
        ? formatAxisValue(bin.low, axis, span)
        : `${formatAxisValue(bin.low, axis, span)} – ${formatAxisValue(bin.high, axis, span)}`;
      return html`<rect class="mark ${entry.name}${bin.point ? ' point' : ''}" x="${px(left)}" y="${px(top)}" width="${px(width)}" height="${px(bottom - top)}"><title>${entry.name === 'profile' ? '' : `${entry.name}: `}${range}: ${formatShare(bin.share)}</title></rect>`;
    }),
  );
  const ticks = (log ? logTicksOf(10 ** low, 10 ** high, 5) : ticksOf(low, high, 4, axis)).map((tick) => {
    const position = x(at(tick));
    // Labels near an edge are aligned inwards so that they are not cut off.
    const anchor = position < 30 ? 'start' : position > WIDTH - 30 ? 'end' : 'middle';
    return html`<g class="tick"><line x1="${px(position)}" x2="${px(position)}" y1="${bottom}" y2="${bottom + 4}"/><text x="${px(position)}" y="${HEIGHT - 6}" text-anchor="${anchor}">${formatAxisValue(tick, axis, span)}</text></g>`;
  });
  const baseline = html`<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${bottom}" y2="${bottom}"/>`;
  const note = log
    ? html`<text class="scale-note" x="${WIDTH - MARGIN.right}" y="${MARGIN.top + 8}" text-anchor="end">log scale</text>`
    : '';
  return svgFrame({
    width: WIDTH,
    height: HEIGHT,
    label,
    className: 'chart bins',
    body: html`${bars}${baseline}${ticks}${note}`,
  });
}

/** Positive values whose median lies in the first seventh of their range. */
function hasLongRightTail(first: readonly Bin[], all: readonly Bin[]): boolean {
  const low = Math.min(...all.map((bin) => bin.low));
  const high = Math.max(...all.map((bin) => bin.high));
  if (!(low > 0) || !(high > low)) return false;
  const total = first.reduce((sum, bin) => sum + Math.max(0, bin.weight), 0);
  let cumulative = 0;
  let median = high;
  for (const bin of first) {
    cumulative += Math.max(0, bin.weight);
    if (cumulative >= total / 2) {
      median = bin.high;
      break;
    }
  }
  return (median - low) / (high - low) < 1 / 7;
}

/** Each bin's share of its series and its density on the drawn axis (`at` maps values onto it). */
function densities(bins: readonly Bin[], at: (value: number) => number, spikeWidth: number): DrawnBin[] {
  const total = bins.reduce((sum, bin) => sum + Math.max(0, bin.weight), 0) || 1;
  return bins.map((bin) => {
    const share = Math.max(0, bin.weight) / total;
    const point = !(bin.high > bin.low);
    return { ...bin, share, point, density: share / (point ? spikeWidth : at(bin.high) - at(bin.low)) };
  });
}
