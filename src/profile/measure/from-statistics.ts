/**
 * A dataset's measurements built from the statistics its database keeps (`doppel profile --from-stats`)
 * instead of from rows. Each field's own accumulator is fed a small synthetic population shaped like the
 * statistics (the most common values in their shares; for numbers and dates also the inner histogram
 * bounds, the outer ones, the true extremes, dropped), then the counts are set to the estimated ones. The
 * result goes through the same privacy filter as a sampled measurement: a common value reaches the task file
 * only if its estimated count reaches k and its field is not personal.
 *
 * Text that is not categorical (its common values cover less than half of it) keeps nothing but its null
 * share, distinct estimate, width and semantic type: histogram bounds of text are real values, examined in
 * memory for the type alone, and never fed to the accumulator.
 */
import { type LogicalType, NUMERIC_LIKE, TEMPORAL } from '../../catalog/logical-type.js';
import type { Dataset, Field, Relation } from '../../catalog/model.js';
import type { Value } from '../../catalog/values.js';
import type { DatasetStatistics, FieldStatistics } from '../../sources/contract.js';
import type { CardinalityStats } from '../../tasks/types.js';
import { createAccumulator } from './accumulators/index.js';
import type { DatasetMeasure } from './dataset-profiler.js';
import type { FieldMeasure } from './measure.js';
import { summarizeCounts } from './relations.js';
import { SemanticSketch } from './semantics/index.js';
import { QuantileSketch } from './sketches/quantile-sketch.js';

/** Non-null values of the synthetic population each field's accumulator sees. */
const POPULATION = 1000;
/** Text whose common values cover at least this share of its non-null values is categorical. */
const CATEGORICAL_SHARE = 0.5;
/** Share of the children the most common references must hold for their counts to stand for the relation. */
const COUNTED_CHILDREN = 0.9;
/** Parents a children-per-parent distribution is drawn over at most (a larger table is scaled down). */
const MODELLED_PARENTS = 20_000;
/** Physical-order correlation above which a key reads as rising (a sequence). */
const RISING = 0.99;
/** Bytes a short variable-length value stores besides its characters (PostgreSQL's one-byte header). */
const VARLENA_HEADER = 1;

/** Types whose histogram bounds describe a line (numbers, dates, times): kept after coarsening. */
const LINE_TYPES: ReadonlySet<LogicalType> = new Set([...NUMERIC_LIKE, ...TEMPORAL, 'interval']);

/** The measurements of `dataset` from its statistics; no rules and no key samples (there are no rows). */
export function measureFromStatistics(
  dataset: Dataset,
  statistics: DatasetStatistics,
  k: number,
): DatasetMeasure {
  const rows = Math.max(0, Math.round(statistics.rows));
  const fields = new Map<string, FieldMeasure>();
  for (const field of dataset.fields) {
    const stats = statistics.fields.find((candidate) => candidate.field === field.name);
    fields.set(field.name, measureField(field, stats, rows, k));
  }
  return { dataset, rows, fields, rules: [], keys: new Map() };
}

function measureField(
  field: Field,
  stats: FieldStatistics | undefined,
  rows: number,
  k: number,
): FieldMeasure {
  const accumulator = createAccumulator(field.name, field.type, k);
  if (stats === undefined) return { ...accumulator.finish(), rows, distinct: rows };
  const nonNullShare = Math.max(0, 1 - stats.nullShare);
  const values = Math.round(rows * nonNullShare);
  const line = LINE_TYPES.has(field.type.logical);
  const commonShare = stats.common.reduce((sum, common) => sum + common.share, 0);
  const categorical =
    line || field.type.logical === 'boolean' || commonShare >= CATEGORICAL_SHARE * nonNullShare;
  const population = categorical ? syntheticPopulation(stats, nonNullShare, line) : [];
  for (const value of population) accumulator.add(value);
  const measured = accumulator.finish();
  const scale = population.length === 0 ? 0 : values / population.length;
  const rescale = (count: number) => Math.round(count * scale);
  const top =
    measured.top === undefined || !categorical
      ? undefined
      : stats.common.flatMap((common) => {
          const key = topKey(field, common.value, k);
          return key === undefined ? [] : [{ value: key, count: Math.round(common.share * rows) }];
        });
  return {
    ...measured,
    rows,
    nulls: rows - values,
    empties: rescale(measured.empties),
    distinct: Math.min(Math.round(stats.distinct), values),
    mismatched: 0,
    ...(top === undefined ? {} : { top }),
    ...(measured.trues === undefined ? {} : { trues: rescale(measured.trues) }),
    ...(measured.line === undefined
      ? {}
      : { line: { ...measured.line, monotonic: (stats.correlation ?? 0) > RISING } }),
    ...(categorical || stats.width <= 0 ? {} : { lengths: widthSketch(stats.width) }),
    ...(categorical ? {} : semanticOfBounds(field, stats.bounds)),
    ...(measured.email === undefined
      ? {}
      : {
          email: {
            count: rescale(measured.email.count),
            domains: measured.email.domains.map((entry) => ({ ...entry, count: rescale(entry.count) })),
            shapes: measured.email.shapes.map((entry) => ({ ...entry, count: rescale(entry.count) })),
          },
        }),
  };
}

/**
 * Non-null values in the shares the statistics give: each common value in its share and, on a line, each
 * inner histogram bound in an equal part of the rest.
 */
function syntheticPopulation(stats: FieldStatistics, nonNullShare: number, line: boolean): Value[] {
  if (nonNullShare <= 0) return [];
  const population: Value[] = [];
  const repeat = (value: Value, times: number) => {
    for (let i = 0; i < times; i++) population.push(value);
  };
  let commonShare = 0;
  for (const common of stats.common) {
    commonShare += common.share;
    repeat(common.value, Math.max(1, Math.round((common.share / nonNullShare) * POPULATION)));
  }
  const inner = line ? stats.bounds.slice(1, -1) : [];
  const rest = Math.max(0, 1 - commonShare / nonNullShare);
  if (inner.length > 0 && rest > 0) {
    const each = Math.max(1, Math.round((rest * POPULATION) / inner.length));
    for (const bound of inner) repeat(bound, each);
  }
  return population;
}

/** The text form the field's accumulator gives `value` among its most common values. */
function topKey(field: Field, value: Value, k: number): string | undefined {
  const single = createAccumulator(field.name, field.type, k);
  single.add(value);
  return single.finish().top?.[0]?.value;
}

/**
 * What the histogram bounds of a text field that is not categorical say it holds (an email, a name): they
 * are examined in memory like sampled values, and only the semantic type comes out.
 */
function semanticOfBounds(field: Field, bounds: readonly Value[]): Pick<FieldMeasure, 'semantic'> {
  const sketch = new SemanticSketch(field.name, field.type.logical);
  for (const bound of bounds) if (typeof bound === 'string') sketch.add(bound);
  const semantic = sketch.result();
  return semantic === undefined ? {} : { semantic };
}

/** Lengths of a field known only by its average stored width. */
function widthSketch(width: number): QuantileSketch {
  const sketch = new QuantileSketch();
  sketch.add(Math.max(0, Math.round(width - VARLENA_HEADER)));
  return sketch;
}

/**
 * Children per parent of a one-field relation from the statistics of the child's reference, when its most
 * common values hold nearly all children (a small parent table: a category, a warehouse): each is one parent
 * with its estimated children, the few children left spread evenly over the other distinct values, and the
 * parents no child references are childless. Otherwise the statistics say too little of how children spread
 * over parents, and the relation is kept without its counts. Only counts are kept, never a key.
 */
export function cardinalityFromStatistics(
  child: DatasetStatistics,
  relation: Relation,
  parentRows: number,
): CardinalityStats | undefined {
  const [name, ...more] = relation.from.fields;
  const stats = child.fields.find((candidate) => candidate.field === name);
  if (stats === undefined || more.length > 0 || parentRows <= 0) return undefined;
  const children = child.rows * Math.max(0, 1 - stats.nullShare);
  const common = stats.common.map((entry) => Math.round(entry.share * child.rows));
  const commonChildren = common.reduce((sum, count) => sum + count, 0);
  if (commonChildren < COUNTED_CHILDREN * children) return undefined;
  const referenced = Math.min(parentRows, Math.max(common.length, Math.round(stats.distinct)));
  const scale = Math.min(1, MODELLED_PARENTS / parentRows);
  const counts = [...common];
  const others = Math.round((referenced - common.length) * scale);
  const each = Math.max(0, children - commonChildren) / Math.max(1, referenced - common.length);
  // Whole children per parent, the fractions carried over so the total stays the same.
  for (let i = 0; i < others; i++) counts.push(Math.floor((i + 1) * each) - Math.floor(i * each));
  const childless = Math.round((parentRows - referenced) * scale);
  for (let i = 0; i < childless; i++) counts.push(0);
  return summarizeCounts(counts, stats.nullShare, scale === 1 && counts.length === parentRows);
}
