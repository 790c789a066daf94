/**
 * One field of a comparison: both distributions in one chart, the metrics computed for it with their
 * bounds (failures marked), the schema drift that concerns it, and both sides' headline numbers.
 */

import type { FieldStats, FieldTask } from '../tasks/types.js';
import type { MetricResult, SchemaDrift } from '../validate/compare.js';
import { renderComparedChart } from './field-chart.js';
import type { FieldPair } from './field-pairs.js';
import { formatCount, formatMetric, formatShare } from './format.js';
import { anchorId, type Html, html } from './html.js';

/** Metrics and drift of one dataset, looked up by field. */
export interface DatasetFindings {
  readonly metrics: ReadonlyMap<string, readonly MetricResult[]>;
  readonly drift: ReadonlyMap<string, SchemaDrift>;
}

/** The card of a field pair and, nested inside it, its children's cards. */
export function renderComparedFieldCard(dataset: string, pair: FieldPair, findings: DatasetFindings): Html {
  const metrics = findings.metrics.get(pair.path) ?? [];
  const drift = findings.drift.get(pair.path);
  const failing = metrics.some((metric) => !metric.ok);
  const classes = `field${drift === undefined ? '' : ' drift'}${failing ? ' failing' : ''}`;
  const caption = html`${metrics.map(metricBadge)}${drift === undefined ? '' : html`<span class="badge drift">${describeDrift(drift)}</span>`}`;
  const children =
    pair.children.length === 0
      ? ''
      : html`<div class="tree">${pair.children.map((child) => renderComparedFieldCard(dataset, child, findings))}</div>`;
  const field = pair.expected ?? pair.actual;
  const legend = html`<span class="legend"><span class="swatch expected"></span>expected <span class="swatch actual"></span>actual</span>`;
  return html`<article class="${classes}" id="${anchorId('field', dataset, pair.path)}"><header><h4>${pair.path}</h4>${field === undefined ? '' : html`<span class="badge type" title="${field.type.native}">${field.type.logical}</span>`}</header><div class="field-body">${renderComparedChart(pair.path, pair.expected, pair.actual, html`${legend}<span class="metrics">${caption}</span>`)}${renderSideBySide(pair.expected, pair.actual)}</div>${children}</article>`;
}

function metricBadge(metric: MetricResult): Html {
  return html`<span class="badge ${metric.ok ? 'ok' : 'fail'}" title="${metric.basis}">${metric.metric} ${formatMetric(metric.metric, metric.value)} ${metric.ok ? '≤' : '>'} ${formatMetric(metric.metric, metric.bound)}</span>`;
}

/** Words for a drift item, e.g. `type changed: integer int4 → float float8`. */
export function describeDrift(drift: SchemaDrift): string {
  switch (drift.kind) {
    case 'dataset-added':
      return 'dataset added';
    case 'dataset-removed':
      return 'dataset removed';
    case 'field-added':
      return 'field added';
    case 'field-removed':
      return 'field removed';
    case 'type-changed':
      return `type changed: ${drift.expected} → ${drift.actual}`;
  }
}

const SIDE_ROWS: readonly (readonly [string, (stats: FieldStats) => string | undefined])[] = [
  ['values read', (stats) => formatCount(stats.count)],
  ['nulls', (stats) => formatShare(stats.nulls)],
  ['distinct', (stats) => (stats.distinct === undefined ? undefined : `≈ ${formatCount(stats.distinct)}`)],
  ['p50', (stats) => (stats.quantiles?.p50 === undefined ? undefined : String(stats.quantiles.p50))],
  ['length p50', (stats) => (stats.length === undefined ? undefined : String(stats.length.p50))],
  [
    'pattern',
    (stats) =>
      stats.pattern === undefined
        ? undefined
        : `${stats.pattern.regex} (${formatShare(stats.pattern.coverage)})`,
  ],
];

function renderSideBySide(expected: FieldTask | undefined, actual: FieldTask | undefined): Html {
  const rows = SIDE_ROWS.map(([name, read]) => {
    const left = expected?.stats === undefined ? undefined : read(expected.stats);
    const right = actual?.stats === undefined ? undefined : read(actual.stats);
    return left === undefined && right === undefined
      ? html``
      : html`<tr><th>${name}</th><td>${left ?? '–'}</td><td>${right ?? '–'}</td></tr>`;
  });
  const type = (field: FieldTask | undefined) =>
    field === undefined ? '–' : `${field.type.logical} ${field.type.native}`;
  return html`<table class="sides"><thead><tr><th></th><th>expected</th><th>actual</th></tr></thead><tbody><tr><th>type</th><td>${type(expected)}</td><td>${type(actual)}</td></tr><tr><th>recipe</th><td>${expected?.generator.kind ?? '–'}</td><td>${actual?.generator.kind ?? '–'}</td></tr>${rows}</tbody></table>`;
}
