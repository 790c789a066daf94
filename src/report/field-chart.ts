/**
 * The chart of one field: a `<figure class="field-chart">` named by the field's path, holding one SVG with a
 * mark per bin or kept value. For a comparison the expected and the actual distributions are overlaid in the
 * same chart when both are of one kind (bins on one axis, or values), side by side otherwise.
 */
import type { FieldTask } from '../tasks/types.js';
import { distributionOf, type FieldDistribution } from './distribution.js';
import { type Html, html } from './html.js';
import { type BinSeries, renderBinsChart } from './svg/bins-chart.js';
import { svgFrame } from './svg/frame.js';
import { renderValuesChart, type ValueSeries } from './svg/values-chart.js';

type SeriesName = 'profile' | 'expected' | 'actual';

/** The words for what a chart's marks are. */
export function describeBasis(distribution: FieldDistribution): string {
  switch (distribution.basis) {
    case 'histogram':
      return `histogram recipe, ${distribution.kind === 'bins' ? distribution.bins.length : 0} bins`;
    case 'quantiles':
      return 'between the stored quantiles';
    case 'lengths':
      return 'length distribution';
    case 'weights':
      return `${distribution.kind === 'values' ? distribution.values.length : 0} kept values`;
    case 'boolean':
      return 'true and false';
    case 'constant':
      return 'one constant value';
    case 'top values':
      return `${distribution.kind === 'values' ? distribution.values.length : 0} kept top values`;
    case 'key presence':
      return 'share of documents with each key';
    case 'none':
      return 'no distribution stored';
  }
}

/** The chart of a field in a single profile. */
export function renderFieldChart(path: string, field: FieldTask): Html {
  const distribution = distributionOf(field);
  const label = `${path}: ${describeBasis(distribution)}`;
  return html`<figure class="field-chart" data-field="${path}" data-basis="${distribution.basis}"><figcaption><span class="field-name">${path}</span> <span class="basis">${describeBasis(distribution)}</span></figcaption>${drawOne(distribution, 'profile', label)}</figure>`;
}

/** The chart of a field compared: either side may be missing (a field added or removed). */
export function renderComparedChart(
  path: string,
  expected: FieldTask | undefined,
  actual: FieldTask | undefined,
  caption: Html,
): Html {
  const left = expected === undefined ? undefined : distributionOf(expected);
  const right = actual === undefined ? undefined : distributionOf(actual);
  const basisText = [left, right]
    .map((side, index) =>
      side === undefined ? undefined : `${index === 0 ? 'expected' : 'actual'}: ${describeBasis(side)}`,
    )
    .filter((text) => text !== undefined)
    .join('; ');
  const label = `${path}: ${basisText}`;
  return html`<figure class="field-chart compared" data-field="${path}" data-basis-expected="${left?.basis}" data-basis-actual="${right?.basis}"><figcaption><span class="field-name">${path}</span> ${caption}</figcaption>${drawPair(left, right, label)}<p class="basis">${basisText}</p></figure>`;
}

function drawPair(
  left: FieldDistribution | undefined,
  right: FieldDistribution | undefined,
  label: string,
): Html {
  if (left?.kind === 'bins' && right?.kind === 'bins' && left.axis === right.axis)
    return renderBinsChart({
      axis: left.axis,
      series: [
        { name: 'expected', bins: left.bins },
        { name: 'actual', bins: right.bins },
      ],
      label,
    });
  if (left?.kind === 'values' && right?.kind === 'values')
    return renderValuesChart({
      series: [valueSeries(left, 'expected'), valueSeries(right, 'actual')],
      label,
    });
  return html`${left === undefined ? '' : drawOne(left, 'expected', `${label} (expected)`)}${right === undefined ? '' : drawOne(right, 'actual', `${label} (actual)`)}`;
}

function drawOne(distribution: FieldDistribution, name: SeriesName, label: string): Html {
  if (distribution.kind === 'bins') {
    const series: BinSeries = { name, bins: distribution.bins };
    return renderBinsChart({ axis: distribution.axis, series: [series], label });
  }
  if (distribution.kind === 'values')
    return renderValuesChart({ series: [valueSeries(distribution, name)], label });
  const body = html`<text x="8" y="16">no distribution stored</text>`;
  return svgFrame({ width: 440, height: 24, label, className: 'chart empty', body });
}

function valueSeries(
  distribution: Extract<FieldDistribution, { kind: 'values' }>,
  name: SeriesName,
): ValueSeries {
  return distribution.other === undefined
    ? { name, values: distribution.values }
    : { name, values: distribution.values, other: distribution.other };
}
