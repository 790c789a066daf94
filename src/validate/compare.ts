/**
 * Profile comparison: how far one profile (for example, of generated data) is from another (the one it was
 * generated from), measured on the task files alone. Per field: KS distance for numbers, dates, timestamps and
 * times, total variation for categorical values, null share in points, distinct ratio and length
 * distribution; per relation the KS distance of children per parent; and schema drift (datasets and fields
 * added or removed, types changed). Pure: it serves the round-trip test, `doppel validate` and drift checks.
 */
import { NUMERIC_LIKE, TEMPORAL } from '../catalog/logical-type.js';
import { dominantCase } from '../profile/measure/case-style.js';
import { matchesAnyGlob } from '../shared/glob.js';
import { rankedSharesDistance } from '../tasks/parent-shares.js';
import type { DatasetTask, FieldStats, FieldTask, Profile, RelationTask } from '../tasks/types.js';
import { compareRuleShares, listCopiedFromInvented } from './compare-copies.js';
import {
  cdfFromBins,
  cdfFromCardinality,
  cdfFromCategorical,
  cdfFromQuantiles,
  ksBetween,
  lengthKsBound,
  type PiecewiseCdf,
  readCategoricalShares,
  readCombinationShares,
  tvBetween,
} from './distributions.js';
import { compareFieldLists, type SchemaDrift } from './schema-drift.js';

export type ComparisonMetric =
  /** Kolmogorov–Smirnov distance of a number, date, timestamp or time field (0..1). */
  | 'ks'
  /** Total variation distance of a categorical field's values (0..1). */
  | 'tv'
  /** Difference of null shares, in percentage points. */
  | 'nulls'
  /** Difference of distinct / non-null count ratios (0..1). */
  | 'distinct-ratio'
  /** KS distance of a text field's length distribution (0..1). */
  | 'length-ks'
  /** KS distance of a relation's children-per-parent distribution (0..1). */
  | 'children-ks'
  /** Character classes (upper, lower, digit, space, punct, other) seen in the actual values only: a count. */
  | 'classes'
  /** Difference of the shares of values in the expected field's dominant case style (0..1). */
  | 'case'
  /** Total variation of a small parent table's ranked shares of the children (0..1). */
  | 'parent-shares'
  /** Total variation of an array field's whole arrays: the kept combinations and the rest (0..1). */
  | 'array-tv'
  /** Difference of the share of rows keeping a `copies` rule's copied fields from the rule's share (0..1). */
  | 'copies-share'
  /** Difference of the share of rows keeping a `parent-determines` rule from the rule's share (0..1). */
  | 'determines-share';

/** Largest value of each metric that still passes. */
export type ComparisonBounds = Readonly<Record<ComparisonMetric, number>>;

export const DEFAULT_BOUNDS: ComparisonBounds = {
  ks: 0.05,
  tv: 0.05,
  nulls: 1,
  'distinct-ratio': 0.1,
  'length-ks': 0.1,
  'children-ks': 0.1,
  classes: 0,
  case: 0.05,
  'parent-shares': 0.05,
  'array-tv': 0.05,
  'copies-share': 0.05,
  'determines-share': 0.05,
};

export interface MetricResult {
  readonly dataset: string;
  /** The field, or for `children-ks` and `parent-shares` the relation (`fields -> dataset(fields)`). */
  readonly subject: string;
  readonly metric: ComparisonMetric;
  readonly value: number;
  readonly bound: number;
  readonly ok: boolean;
  /** Which stored statistics the value was computed from. */
  readonly basis: string;
}

export type { DriftKind, SchemaDrift } from './schema-drift.js';

export interface Comparison {
  readonly metrics: readonly MetricResult[];
  readonly drift: readonly SchemaDrift[];
  /** Every metric within its bound and no drift. */
  readonly ok: boolean;
}

export interface CompareOptions {
  /** Bounds per metric (the defaults for those left out). */
  readonly bounds?: Partial<ComparisonBounds>;
  /** `dataset.field` names or globs to leave out of the field metrics. */
  readonly exclude?: readonly string[];
  /** Datasets of `actual` missing from the comparison are drift unless this is false (default true). */
  readonly datasetDrift?: boolean;
}

const LINE_TYPES = new Set<string>([...NUMERIC_LIKE, ...TEMPORAL]);
const CATEGORICAL_TYPES = new Set<string>(['string', 'enum', 'boolean']);
/** Recipes whose values identify rows or point at parents: their spread is not a distribution to compare. */
const IDENTITY_RECIPES = new Set<string>(['sequence', 'reference', 'uuid', 'database', 'null']);

/**
 * Compares `actual` against `expected`, dataset by dataset (matched by qualified name) and field by field
 * (matched by name). A metric is reported only where both sides store what it needs.
 */
export function compareProfiles(
  expected: Profile,
  actual: Profile,
  options: CompareOptions = {},
): Comparison {
  const bounds: ComparisonBounds = { ...DEFAULT_BOUNDS, ...options.bounds };
  const exclude = options.exclude ?? [];
  const metrics: MetricResult[] = [];
  const drift: SchemaDrift[] = [];
  const actualByName = new Map(actual.datasets.map((task) => [task.dataset.name, task]));
  const expectedNames = new Set(expected.datasets.map((task) => task.dataset.name));
  const context: PairContext = {
    bounds,
    expectedK: expected.plan.privacy.k,
    actualK: actual.plan.privacy.k,
    push: (result) => metrics.push(result),
    growth: (child, parent) => lookupGrowth(expected, actualByName, child, parent),
  };
  for (const expectedTask of expected.datasets) {
    const name = expectedTask.dataset.name;
    const actualTask = actualByName.get(name);
    if (actualTask === undefined) {
      drift.push({ kind: 'dataset-removed', dataset: name });
      continue;
    }
    drift.push(...compareFieldLists(expectedTask, actualTask));
    const actualFields = new Map(actualTask.fields.map((field) => [field.name, field]));
    const copied = listCopiedFromInvented(expectedTask, expected);
    for (const field of expectedTask.fields) {
      const other = actualFields.get(field.name);
      if (other === undefined || matchesAnyGlob(exclude, `${name}.${field.name}`)) continue;
      compareFields(name, field, other, { ...context, copied: copied.has(field.name) });
    }
    compareRelations(expectedTask, actualTask, context);
    for (const { metric, subject, value, basis } of compareRuleShares(expectedTask, actualTask)) {
      const bound = bounds[metric];
      metrics.push({
        dataset: name,
        subject,
        metric,
        value,
        bound,
        ok: value <= bound,
        basis,
      });
    }
  }
  if (options.datasetDrift !== false)
    for (const task of actual.datasets)
      if (!expectedNames.has(task.dataset.name))
        drift.push({ kind: 'dataset-added', dataset: task.dataset.name });
  return { metrics, drift, ok: drift.length === 0 && metrics.every((metric) => metric.ok) };
}

interface PairContext {
  readonly bounds: ComparisonBounds;
  readonly expectedK: number;
  readonly actualK: number;
  push(result: MetricResult): void;
  /** How many times the children per parent of `child` → `parent` are expected to have grown (see below). */
  growth(child: string, parent: string): number;
  /** The field copies invented parent values for a share of its rows (a `copies` rule): no `tv`. */
  readonly copied?: boolean;
}

/**
 * A lookup parent keeps its rows under `--scale` while its children grow, so each parent's children grow by
 * the children's scale over the parents': the expected children per parent are stretched by that factor
 * before they are compared (1 for any other parent, or when either side's rows are unknown).
 */
function lookupGrowth(
  expected: Profile,
  actualByName: ReadonlyMap<string, DatasetTask>,
  child: string,
  parent: string,
): number {
  const expectedHeader = (name: string) =>
    expected.datasets.find((task) => task.dataset.name === name)?.dataset;
  const parentTask = expectedHeader(parent);
  if (parentTask?.lookup !== true) return 1;
  const before = [expectedHeader(child)?.rows, parentTask.rows];
  const after = [actualByName.get(child)?.dataset.rows, actualByName.get(parent)?.dataset.rows];
  if (![...before, ...after].every((rows) => rows !== undefined && rows > 0)) return 1;
  const growth = after[0]! / before[0]! / (after[1]! / before[1]!);
  return Number.isFinite(growth) ? growth : 1;
}

function isIdentity(field: FieldTask): boolean {
  return (field.key?.length ?? 0) > 0 || IDENTITY_RECIPES.has(field.generator.kind);
}

function compareFields(dataset: string, expected: FieldTask, actual: FieldTask, context: PairContext): void {
  const report = (metric: ComparisonMetric, value: number, basis: string) => {
    if (!Number.isFinite(value)) return;
    const bound = context.bounds[metric];
    context.push({ dataset, subject: expected.name, metric, value, bound, ok: value <= bound, basis });
  };
  const expectedStats = expected.stats;
  const actualStats = actual.stats;
  if (expectedStats === undefined || actualStats === undefined) return;
  report('nulls', Math.abs(expectedStats.nulls - actualStats.nulls) * 100, 'stats.nulls');
  if (isIdentity(expected)) return;

  const logical = expected.type.logical;

  if (LINE_TYPES.has(logical)) {
    const pair = lineCdfs(expected, actual);
    if (pair !== undefined) report('ks', ksBetween(pair.expected, pair.actual), pair.basis);
  } else if (CATEGORICAL_TYPES.has(logical) && context.copied !== true) {
    const expectedShares = readCategoricalShares(expected, context.expectedK);
    const actualShares = readCategoricalShares(actual, context.actualK);
    if (expectedShares !== undefined && actualShares !== undefined)
      report('tv', tvBetween(expectedShares, actualShares), 'kept values + other');
  } else if (logical === 'array') {
    const expectedShares = readCombinationShares(expected, context.expectedK);
    const actualShares = readCombinationShares(actual, context.actualK);
    if (expectedShares !== undefined && expectedShares.values.size > 0 && actualShares !== undefined)
      report('array-tv', tvBetween(expectedShares, actualShares), 'array combinations + other');
  }
  if (
    expectedStats.distinct !== undefined &&
    actualStats.distinct !== undefined &&
    expectedStats.count > 0 &&
    actualStats.count > 0 &&
    similarCounts(expectedStats.count, actualStats.count)
  ) {
    const ratio = (distinct: number, count: number) => Math.min(1, distinct / count);
    report(
      'distinct-ratio',
      Math.abs(
        ratio(expectedStats.distinct, expectedStats.count) - ratio(actualStats.distinct, actualStats.count),
      ),
      'stats.distinct / stats.count',
    );
  }
  if (logical === 'string' || logical === 'enum') compareTextShape(expectedStats, actualStats, report);
}

/** Length distribution, character classes and case style of text values. */
function compareTextShape(
  expected: FieldStats,
  actual: FieldStats,
  report: (metric: ComparisonMetric, value: number, basis: string) => void,
): void {
  if (expected.length && actual.length)
    report('length-ks', lengthKsBound(expected.length, actual.length), 'stats.length');
  if (expected.classes && actual.classes) {
    const measured = new Set(expected.classes);
    report('classes', actual.classes.filter((name) => !measured.has(name)).length, 'stats.classes');
  }
  const style = expected.case && dominantCase(expected.case);
  if (style !== undefined && actual.case)
    report(
      'case',
      Math.abs((expected.case?.[style] ?? 0) - (actual.case[style] ?? 0)),
      `stats.case.${style}`,
    );
}

/** Distinct counts grow with rows, so their ratio is comparable only between samples of similar size. */
function similarCounts(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.1 * Math.max(a, b);
}

/**
 * The CDFs of a line field on both sides: from the histogram recipes' bins when both sides have one (20
 * equi-depth bins, finer), from the kept values when both sides keep every value (a few staff ids: seven
 * quantiles of a field of two values say only on which side of one half its median fell), else from the
 * stored quantiles (7 knots).
 */
function lineCdfs(
  expected: FieldTask,
  actual: FieldTask,
): { expected: PiecewiseCdf; actual: PiecewiseCdf; basis: string } | undefined {
  const expectedRecipe = expected.generator;
  const actualRecipe = actual.generator;
  if (
    expectedRecipe.kind === 'histogram' &&
    actualRecipe.kind === 'histogram' &&
    !expectedRecipe.edited &&
    !actualRecipe.edited
  ) {
    const fromBins = { expected: cdfFromBins(expectedRecipe.bins), actual: cdfFromBins(actualRecipe.bins) };
    if (fromBins.expected !== undefined && fromBins.actual !== undefined)
      return { expected: fromBins.expected, actual: fromBins.actual, basis: 'histogram bins' };
  }
  const fromValues = { expected: cdfFromCategorical(expected), actual: cdfFromCategorical(actual) };
  if (fromValues.expected !== undefined && fromValues.actual !== undefined)
    return { expected: fromValues.expected, actual: fromValues.actual, basis: 'kept values' };
  const expectedStats = expected.stats;
  const actualStats = actual.stats;
  const fromQuantiles = {
    expected: cdfFromQuantiles(expectedStats?.quantiles, expectedStats?.min, expectedStats?.max),
    actual: cdfFromQuantiles(actualStats?.quantiles, actualStats?.min, actualStats?.max),
  };
  if (fromQuantiles.expected === undefined || fromQuantiles.actual === undefined) return undefined;
  return { expected: fromQuantiles.expected, actual: fromQuantiles.actual, basis: 'quantiles' };
}

function relationKey(child: string, relation: RelationTask): string {
  return `${relation.from.dataset || child}|${relation.from.fields.join(',')}|${relation.to.dataset}|${relation.to.fields.join(',')}`;
}

/** Names a relation as `fields -> dataset(fields)`. */
export function describeRelation(relation: RelationTask): string {
  return `${relation.from.fields.join(', ')} -> ${relation.to.dataset}(${relation.to.fields.join(', ')})`;
}

function compareRelations(expected: DatasetTask, actual: DatasetTask, context: PairContext): void {
  const dataset = expected.dataset.name;
  const actualRelations = new Map(
    actual.relations.map((relation) => [relationKey(dataset, relation), relation]),
  );
  for (const relation of expected.relations) {
    const other = actualRelations.get(relationKey(dataset, relation));
    if (relation.cardinality === undefined || other?.cardinality === undefined) continue;
    const subject = describeRelation(relation);
    const shares = { expected: relation.cardinality.parent_shares, actual: other.cardinality.parent_shares };
    const ranked = shares.expected !== undefined && shares.actual !== undefined;
    const growth = context.growth(dataset, relation.to.dataset);
    const measuredCdf = cdfFromCardinality(relation.cardinality);
    const actualCdf = cdfFromCardinality(other.cardinality);
    // A few lookup parents with grown children: their counts (rounded to 3 digits, a sixth of the parents
    // each) are compared through their ranked shares alone, which the growth leaves as they were.
    if (measuredCdf !== undefined && actualCdf !== undefined && !(growth !== 1 && ranked)) {
      const expectedCdf =
        growth === 1 ? measuredCdf : { ...measuredCdf, xs: measuredCdf.xs.map((x) => x * growth) };
      const value = ksBetween(expectedCdf, actualCdf);
      const bound = context.bounds['children-ks'];
      context.push({
        dataset,
        subject,
        metric: 'children-ks',
        value,
        bound,
        ok: value <= bound,
        basis:
          growth === 1
            ? 'cardinality histogram'
            : `cardinality histogram, ×${Math.round(growth * 100) / 100} for a lookup parent`,
      });
    }
    if (ranked) {
      const distance = rankedSharesDistance(shares.expected!, shares.actual!);
      const sharesBound = context.bounds['parent-shares'];
      context.push({
        dataset,
        subject,
        metric: 'parent-shares',
        value: distance,
        bound: sharesBound,
        ok: distance <= sharesBound,
        basis: 'ranked parent shares',
      });
    }
  }
}
