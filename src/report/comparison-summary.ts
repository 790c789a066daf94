/**
 * The first sections of a comparison or validation report: the verdict, the schema drift, the children per
 * parent of each relation against its bound, and (for a validation) the hard checks counted in the source.
 */

import type { Comparison } from '../validate/compare.js';
import type { CheckResult } from '../validate/hard-checks.js';
import { describeDrift } from './compared-field-card.js';
import { formatCount, formatMetric } from './format.js';
import { anchorId, type Html, html } from './html.js';

/** The verdict and the headline numbers of a comparison (and of its hard checks, when given). */
export function renderVerdict(comparison: Comparison, checks?: readonly CheckResult[]): Html {
  const failing = comparison.metrics.filter((metric) => !metric.ok).length;
  const broken = checks?.filter((check) => !check.ok).length ?? 0;
  const ok = comparison.ok && broken === 0;
  const stats: [string, number][] = [
    ['metrics', comparison.metrics.length],
    ['out of bounds', failing],
    ['schema drift', comparison.drift.length],
  ];
  if (checks !== undefined) stats.push(['hard checks', checks.length], ['broken', broken]);
  const text = ok
    ? 'Within bounds: no schema drift, every metric within its bound' +
      (checks === undefined ? '.' : ', no hard check broken.')
    : `Not within bounds: ${failing} metrics out of bounds, ${comparison.drift.length} drift items${checks === undefined ? '' : `, ${broken} hard checks broken`}.`;
  return html`<section id="verdict"><h2>Verdict</h2><p class="verdict ${ok ? 'ok' : 'fail'}">${text}</p><div class="numbers-row">${stats.map(([name, value]) => html`<div class="stat"><strong>${formatCount(value)}</strong><span>${name}</span></div>`)}</div></section>`;
}

/** Every drift item, linked to its dataset or field. */
export function renderDriftList(comparison: Comparison): Html {
  const items = comparison.drift.map(
    (drift) =>
      html`<li class="drift"><a href="#${drift.field === undefined ? anchorId('dataset', drift.dataset) : anchorId('field', drift.dataset, drift.field)}">${drift.dataset}${drift.field === undefined ? '' : `.${drift.field}`}</a>: ${describeDrift(drift)}</li>`,
  );
  return html`<section id="drift"><h2>Schema drift</h2>${items.length === 0 ? html`<p>None: the same datasets, fields and types on both sides.</p>` : html`<ul>${items}</ul>`}</section>`;
}

/** Metrics of relations rather than fields. */
export const RELATION_METRICS: ReadonlySet<string> = new Set(['children-ks', 'parent-shares']);

/**
 * Children per parent of each relation (and, for small parent tables, the ranked parent shares), expected
 * against actual, with the metric and its bound.
 */
export function renderRelationMetrics(comparison: Comparison): Html {
  const rows = comparison.metrics
    .filter((metric) => RELATION_METRICS.has(metric.metric))
    .map(
      (metric) =>
        html`<tr class="${metric.ok ? '' : 'fail'}"><td>${metric.dataset}</td><td>${metric.subject}</td><td>${metric.metric}</td><td>${formatMetric(metric.metric, metric.value)}</td><td>${formatMetric(metric.metric, metric.bound)}</td><td>${metric.ok ? 'ok' : 'FAIL'}</td></tr>`,
    );
  return rows.length === 0
    ? html``
    : html`<h3>Children per parent</h3><table><thead><tr><th>dataset</th><th>relation</th><th>metric</th><th>value</th><th>bound</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The hard checks of a validation, broken ones first. */
export function renderChecks(checks: readonly CheckResult[]): Html {
  const ordered = [...checks.filter((check) => !check.ok), ...checks.filter((check) => check.ok)];
  const rows = ordered.map(
    (check) =>
      html`<tr class="${check.ok ? '' : 'fail'}"><td>${check.ok ? (check.basis === 'unchecked' ? 'unchecked' : 'ok') : 'FAIL'}</td><td>${check.dataset}</td><td>${check.kind}</td><td><code>${check.subject}</code></td><td class="number">${check.violations === null ? '–' : formatCount(check.violations)}</td><td>${check.basis}${check.error === undefined ? '' : `: ${check.error}`}</td></tr>`,
  );
  return html`<section id="checks"><h2>Hard checks (${checks.length})</h2><table><thead><tr><th></th><th>dataset</th><th>check</th><th>subject</th><th>rows breaking it</th><th>counted by</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
