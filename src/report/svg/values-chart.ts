/**
 * A horizontal bar chart of kept values and their shares: one row per value, the label on the left. Two
 * series (expected and actual) share each row, one bar above the other; a value kept on one side only has a
 * bar on that side only. The `other` bucket (rare values kept out of the profile) is a grey row that is not
 * a mark of the chart: it holds no value.
 */

import type { ValueShare } from '../distribution.js';
import { formatShare } from '../format.js';
import { type Html, html } from '../html.js';
import { px, svgFrame } from './frame.js';
import { linearScale } from './scale.js';

export interface ValueSeries {
  readonly name: 'profile' | 'expected' | 'actual';
  readonly values: readonly ValueShare[];
  readonly other?: number;
}

export interface ValuesChartOptions {
  readonly series: readonly ValueSeries[];
  readonly label: string;
}

const WIDTH = 440;
const LABEL_WIDTH = 150;
const SHARE_WIDTH = 52;
const BAR = 10;
const GAP = 6;
const MAX_LABEL = 22;

/** The SVG of one or two series of value shares; one `rect.mark` per kept value of each series. */
export function renderValuesChart({ series, label }: ValuesChartOptions): Html {
  const labels = unionOfLabels(series);
  const rowHeight = series.length * BAR + GAP;
  const hasOther = series.some((entry) => entry.other !== undefined && entry.other > 0);
  const rows = labels.length + (hasOther ? 1 : 0);
  const height = Math.max(1, rows) * rowHeight + GAP;
  const largest = Math.max(
    ...series.flatMap((entry) => [...entry.values.map((value) => value.share), entry.other ?? 0]),
  );
  const x = linearScale([0, largest > 0 ? largest : 1], [LABEL_WIDTH, WIDTH - SHARE_WIDTH]);
  const bar = (name: string, className: string, share: number, row: number, index: number, title: string) => {
    const top = GAP + row * rowHeight + index * BAR;
    return html`<rect class="${className} ${name}" x="${LABEL_WIDTH}" y="${px(top)}" width="${px(Math.max(1, x(share) - LABEL_WIDTH))}" height="${BAR - 1}"><title>${title}</title></rect><text class="share" x="${px(x(share) + 4)}" y="${px(top + BAR - 2)}">${formatShare(share)}</text>`;
  };
  const body: Html[] = labels.map((value, row) => {
    const bars = series.map((entry, index) => {
      const found = entry.values.find((candidate) => candidate.label === value);
      if (found === undefined) return html``;
      const who = entry.name === 'profile' ? '' : `${entry.name}: `;
      return bar(entry.name, 'mark', found.share, row, index, `${who}${value}: ${formatShare(found.share)}`);
    });
    return html`<text class="value" x="${LABEL_WIDTH - 6}" y="${px(GAP + row * rowHeight + (series.length * BAR) / 2 + 3)}" text-anchor="end">${shorten(value)}<title>${value}</title></text>${bars}`;
  });
  if (hasOther) {
    const row = labels.length;
    body.push(
      html`<text class="value other-label" x="${LABEL_WIDTH - 6}" y="${px(GAP + row * rowHeight + (series.length * BAR) / 2 + 3)}" text-anchor="end">other (rare)</text>`,
      ...series.map((entry, index) =>
        entry.other === undefined
          ? html``
          : bar(
              entry.name,
              'other',
              entry.other,
              row,
              index,
              `rare values kept out of the profile: ${formatShare(entry.other)}`,
            ),
      ),
    );
  }
  return svgFrame({ width: WIDTH, height, label, className: 'chart values', body: html`${body}` });
}

/** Labels of every series: the first series' order, then values only later series keep. */
function unionOfLabels(series: readonly ValueSeries[]): string[] {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const entry of series)
    for (const value of entry.values)
      if (!seen.has(value.label)) {
        seen.add(value.label);
        labels.push(value.label);
      }
  return labels;
}

function shorten(label: string): string {
  if (label === '') return '(empty string)';
  const chars = [...label];
  return chars.length <= MAX_LABEL ? label : `${chars.slice(0, MAX_LABEL - 1).join('')}…`;
}
