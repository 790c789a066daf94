/**
 * Renders a profile comparison as a plain-text table (dataset, field, metric, value, bound, ok) followed by
 * the schema drift, for terminals and test logs.
 */
import type { Comparison, MetricResult, SchemaDrift } from './compare.js';

const HEADER = ['dataset', 'field', 'metric', 'value', 'bound', 'ok'] as const;

function formatNumber(metric: MetricResult['metric'], value: number): string {
  if (metric === 'classes') return String(value);
  return metric === 'nulls' ? value.toFixed(2) : value.toFixed(4);
}

function describeDrift(drift: SchemaDrift): string {
  const where = drift.field === undefined ? drift.dataset : `${drift.dataset}.${drift.field}`;
  switch (drift.kind) {
    case 'dataset-added':
      return `dataset added: ${where}`;
    case 'dataset-removed':
      return `dataset removed: ${where}`;
    case 'field-added':
      return `field added: ${where}`;
    case 'field-removed':
      return `field removed: ${where}`;
    case 'type-changed':
      return `type changed: ${where} (${drift.expected} -> ${drift.actual})`;
  }
}

/** A readable table of every metric (failures marked `FAIL`), then drift lines and a one-line verdict. */
export function formatComparison(comparison: Comparison): string {
  const rows: string[][] = comparison.metrics.map((metric) => [
    metric.dataset,
    metric.subject,
    metric.metric,
    formatNumber(metric.metric, metric.value),
    formatNumber(metric.metric, metric.bound),
    metric.ok ? 'ok' : 'FAIL',
  ]);
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const numeric = new Set([3, 4]);
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const lines = [render(HEADER), render(widths.map((width) => '-'.repeat(width))), ...rows.map(render)];
  if (comparison.drift.length > 0) {
    lines.push('', 'schema drift:');
    for (const drift of comparison.drift) lines.push(`  ${describeDrift(drift)}`);
  }
  const failed = comparison.metrics.filter((metric) => !metric.ok).length;
  lines.push(
    '',
    comparison.ok
      ? `ok: ${comparison.metrics.length} metrics within bounds, no drift`
      : `${failed} of ${comparison.metrics.length} metrics out of bounds, ${comparison.drift.length} drift items`,
  );
  return lines.join('\n');
}
