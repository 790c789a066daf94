/**
 * The report of a comparison (`doppel report --against`, `doppel validate --report`): the verdict, drift,
 * hard checks of a validation, relations, then every dataset with each field's two distributions overlaid
 * in one chart beside its metrics and bounds.
 */

import type { DatasetTask, Profile } from '../tasks/types.js';
import type { Comparison, MetricResult, SchemaDrift } from '../validate/compare.js';
import type { CheckResult } from '../validate/hard-checks.js';
import { type DatasetFindings, renderComparedFieldCard } from './compared-field-card.js';
import {
  RELATION_METRICS,
  renderChecks,
  renderDriftList,
  renderRelationMetrics,
  renderVerdict,
} from './comparison-summary.js';
import { renderDatasetHeadline } from './dataset-schema.js';
import { pairFieldTrees } from './field-pairs.js';
import { buildFieldTree } from './field-paths.js';
import { anchorId, type Html, html } from './html.js';
import { type NavEntry, renderPage } from './page.js';
import type { DiagramNode } from './relations-diagram.js';
import { listRelations, renderRelationsSection } from './relations-section.js';

export interface ComparisonReportInput {
  readonly expected: Profile;
  readonly actual: Profile;
  readonly comparison: Comparison;
  /** How each side is named on the page (folders, or the validated source). */
  readonly names: { readonly expected: string; readonly actual: string };
  /** The hard checks of a validation run. */
  readonly checks?: readonly CheckResult[];
}

interface DatasetPair {
  readonly name: string;
  readonly expected?: DatasetTask;
  readonly actual?: DatasetTask;
}

/** The HTML of a comparison report (pure). */
export function renderComparisonReport(input: ComparisonReportInput): string {
  const { expected, actual, comparison, names, checks } = input;
  const datasets = pairDatasets(expected, actual);
  const nodes: DiagramNode[] = datasets.map(({ name, expected: left, actual: right }) => {
    const task = left ?? right;
    const primary = task?.keys.primary?.fields;
    return {
      name,
      rows: task?.dataset.rows ?? 0,
      ...(primary === undefined ? {} : { primaryKey: primary }),
      ...(left === undefined
        ? { status: 'added' as const }
        : right === undefined
          ? { status: 'removed' as const }
          : {}),
    };
  });
  const kind = checks === undefined ? 'comparison' : 'validation';
  return renderPage({
    title: `doppel ${kind}: ${names.actual} against ${names.expected}`,
    subtitle: `Expected: ${names.expected} (profile ${expected.plan.profile}, taken ${expected.plan.taken.at}). Actual: ${names.actual} (taken ${actual.plan.taken.at}). Each chart overlays the expected distribution (filled) and the actual one (outlined).`,
    nav: [
      { href: '#verdict', label: 'Verdict' },
      { href: '#drift', label: 'Schema drift' },
      ...(checks === undefined ? [] : [{ href: '#checks', label: 'Hard checks' }]),
      { href: '#relations', label: 'Relations' },
      ...datasets.map(datasetNav),
    ],
    sections: [
      renderVerdict(comparison, checks),
      renderDriftList(comparison),
      checks === undefined ? html`` : renderChecks(checks),
      html`${renderRelationsSection(nodes, listRelations(expected))}${renderRelationMetrics(comparison)}`,
      ...datasets.map((pair) => renderDatasetPair(pair, findingsOf(pair.name, comparison))),
    ],
  });
}

function pairDatasets(expected: Profile, actual: Profile): DatasetPair[] {
  const actualByName = new Map(actual.datasets.map((task) => [task.dataset.name, task]));
  const pairs: DatasetPair[] = expected.datasets.map((task) => {
    const other = actualByName.get(task.dataset.name);
    return { name: task.dataset.name, expected: task, ...(other === undefined ? {} : { actual: other }) };
  });
  const expectedNames = new Set(expected.datasets.map((task) => task.dataset.name));
  for (const task of actual.datasets)
    if (!expectedNames.has(task.dataset.name)) pairs.push({ name: task.dataset.name, actual: task });
  return pairs;
}

function findingsOf(dataset: string, comparison: Comparison): DatasetFindings {
  const metrics = new Map<string, MetricResult[]>();
  for (const metric of comparison.metrics)
    if (metric.dataset === dataset && !RELATION_METRICS.has(metric.metric))
      metrics.set(metric.subject, [...(metrics.get(metric.subject) ?? []), metric]);
  const drift = new Map<string, SchemaDrift>();
  for (const item of comparison.drift)
    if (item.dataset === dataset && item.field !== undefined) drift.set(item.field, item);
  return { metrics, drift };
}

function renderDatasetPair(pair: DatasetPair, findings: DatasetFindings): Html {
  const status =
    pair.expected === undefined
      ? 'only in the actual profile'
      : pair.actual === undefined
        ? 'only in the expected profile'
        : '';
  const headline = (side: string, task: DatasetTask | undefined) =>
    task === undefined
      ? ''
      : html`<div class="side"><strong>${side}</strong> ${renderDatasetHeadline(task)}</div>`;
  const fields = pairFieldTrees(
    buildFieldTree(pair.expected?.fields ?? []),
    buildFieldTree(pair.actual?.fields ?? []),
  );
  return html`<section class="dataset${status === '' ? '' : ' drift'}" id="${anchorId('dataset', pair.name)}" data-dataset="${pair.name}"><h3>${pair.name}${status === '' ? '' : html` <span class="badge drift">${status}</span>`}</h3>${headline('expected', pair.expected)}${headline('actual', pair.actual)}${fields.map((field) => renderComparedFieldCard(pair.name, field, findings))}</section>`;
}

function datasetNav(pair: DatasetPair): NavEntry {
  const fields = pairFieldTrees(
    buildFieldTree(pair.expected?.fields ?? []),
    buildFieldTree(pair.actual?.fields ?? []),
  );
  return {
    href: `#${anchorId('dataset', pair.name)}`,
    label: pair.name,
    children: fields.map((field) => ({
      href: `#${anchorId('field', pair.name, field.path)}`,
      label: field.path,
    })),
  };
}
