/**
 * The privacy filter: turns raw measurements into what may leave production. Applied before recipe choice, so
 * nothing downstream (recipes, task files, output) can see a raw value.
 *
 * - A literal is kept only when seen at least k times (lower bound of the top-k count) and the field is not
 *   personal; the rest is an `other` share described by pattern and length.
 * - Numbers are rounded to `digits` significant digits, dates to the day (minute when time-of-day heavy), times
 *   to the minute; outer edges come from tail quantiles (p0.1, p99.9), never the true minimum or maximum.
 * - Personal fields keep type, shape (a pattern without literal letters or digits), length, null and distinct
 *   statistics, and their semantic type; numbers get a one-digit range at most. Email fields also keep the
 *   domains shared by at least k addresses (company domains) and their local-part shapes, never a local part.
 */

import { parseInstant } from '../../catalog/line-numbers.js';
import type { LogicalType } from '../../catalog/logical-type.js';
import { SEMANTIC_TYPES } from '../../catalog/semantic-types.js';
import { matchesGlob } from '../../shared/glob.js';
import type {
  FieldStats,
  HistogramBin,
  LengthStats,
  PrivacyOverride,
  PrivacySettings,
  SemanticTask,
} from '../../tasks/types.js';
import { CASE_STYLES, type CaseShares, type CaseStyle } from '../measure/case-style.js';
import { countValues, type FieldMeasure, type LineMeasure } from '../measure/measure.js';
import { equiDepthBins } from '../measure/sketches/histogram.js';
import type { QuantileSketch, WeightedPoints } from '../measure/sketches/quantile-sketch.js';
import { chooseEdgeFormat, type EdgeFormat, formatEdge, roundToSignificant } from './coarsen.js';

export const DEFAULT_PRIVACY: PrivacySettings = { k: 10, digits: 3, overrides: [] };

/** Tail quantiles used as outer edges instead of the true extremes. */
export const LOW_TAIL = 0.001;
export const HIGH_TAIL = 0.999;
const HISTOGRAM_BINS = 20;
const TOP_IN_STATS = 10;
/** Email domains and local-part shapes kept at most. */
const MAX_EMAIL_PARTS = 20;

/** A field's measurements after the privacy filter: all that recipe choice and the task file may use. */
export interface SafeSummary {
  readonly logical: LogicalType;
  readonly stats: FieldStats;
  readonly semantic?: SemanticTask;
  readonly personal: boolean;
  /** Literals kept (seen ≥ k times, field not personal), with their share of non-null values. */
  readonly kept: readonly { readonly value: string; readonly share: number }[];
  /** Share of non-null values covered by `kept`. */
  readonly keptShare: number;
  /** Coarsened equi-depth histogram for line-like values. */
  readonly bins?: readonly HistogramBin[];
  readonly trueShare?: number;
  readonly element?: SafeSummary;
  readonly children?: readonly {
    readonly name: string;
    readonly presence: number;
    readonly summary: SafeSummary;
  }[];
}

/** Where the field sits, for overrides (`dataset.field`) and for inherited personal classification. */
export interface PrivacyTarget {
  /** `dataset.field` (nested keys are appended with dots). */
  readonly path: string;
  /** The enclosing field was classified personal. */
  readonly inheritedPersonal?: boolean;
  /** Literals that are schema text (enum labels): kept at any count unless the field is personal. */
  readonly schemaLiterals?: readonly string[];
  /** Key fields keep their range more coarsely (2 significant digits at most). */
  readonly key?: boolean;
}

/** The last override whose glob matches `path`, if any. */
export function findOverride(
  overrides: readonly PrivacyOverride[],
  path: string,
): PrivacyOverride | undefined {
  let found: PrivacyOverride | undefined;
  for (const override of overrides) if (matchesGlob(override.match, path)) found = override;
  return found;
}

/** Classifies a field: detected semantic type, then configuration overrides on top. */
export function classifyField(
  measure: FieldMeasure,
  target: PrivacyTarget,
  settings: PrivacySettings,
): { semantic?: SemanticTask; personal: boolean } {
  const detected = measure.semantic;
  const override = findOverride(settings.overrides, target.path);
  if (override !== undefined) {
    const type = detected?.type ?? (override.personal ? 'free_text' : undefined);
    const semantic =
      type === undefined ? undefined : { type, personal: override.personal, confidence: 1, overridden: true };
    return semantic === undefined
      ? { personal: override.personal }
      : { semantic, personal: override.personal };
  }
  if (detected === undefined) return { personal: target.inheritedPersonal ?? false };
  const known = SEMANTIC_TYPES[detected.type as keyof typeof SEMANTIC_TYPES];
  const personal = detected.personal || (known?.personal ?? false) || (target.inheritedPersonal ?? false);
  return {
    semantic: { type: detected.type, personal, confidence: round(detected.confidence, 2) },
    personal,
  };
}

/** Applies the privacy filter to one field's measurements. */
export function filterField(
  measure: FieldMeasure,
  target: PrivacyTarget,
  settings: PrivacySettings,
): SafeSummary {
  const { semantic, personal } = classifyField(measure, target, settings);
  const values = countValues(measure) - measure.mismatched;
  const inner: PrivacyTarget = { path: target.path, inheritedPersonal: personal };
  const element =
    measure.element === undefined
      ? undefined
      : filterField(measure.element, { ...inner, path: `${target.path}[]` }, settings);
  // An array's kept literals are combinations of its elements: kept only when the elements' values may be.
  const kept =
    personal || element?.personal === true
      ? []
      : keepFrequent(measure, values, settings.k, target.schemaLiterals ?? []);
  // From counts, not from the rounded shares: three values of 1/3 each cover everything, not 0.9999.
  const keptValues = new Set(kept.map((entry) => entry.value));
  const keptCount = (measure.top ?? []).reduce(
    (sum, entry) => sum + (keptValues.has(entry.value) ? entry.count : 0),
    0,
  );
  const keptShare = values === 0 ? 0 : Math.min(1, keptCount / values);
  const stats: Record<string, unknown> = {
    count: measure.rows,
    nulls: share(measure.nulls, measure.rows),
  };
  if (measure.empties > 0) stats.empty = share(measure.empties, measure.rows);
  if (measure.distinct > 0) {
    stats.distinct = roundToSignificant(measure.distinct, settings.digits);
    stats.unique = values >= settings.k && measure.distinct >= values * 0.97;
  }
  let bins: HistogramBin[] | undefined;
  if (measure.line !== undefined && values > 0) {
    const digits = target.key ? Math.min(settings.digits, 2) : settings.digits;
    bins = describeLine(measure.line, personal, { ...settings, digits }, stats, kept);
  }
  if (measure.lengths !== undefined && measure.lengths.count > 0)
    stats.length = describeLengths(measure.lengths);
  if (measure.repeats !== undefined && values > 0) stats.repeats = share(measure.repeats, values);
  if (measure.classes !== undefined && measure.classes.length > 0) stats.classes = measure.classes;
  const cases = describeCases(measure.cases);
  if (cases !== undefined) stats.case = cases;
  if (semantic?.type === 'email' && measure.email !== undefined)
    Object.assign(stats, describeEmailParts(measure.email, settings.k));
  const pattern = measure.pattern;
  if (pattern !== undefined && values >= settings.k && (!personal || !hasLiteralAlphanumerics(pattern.regex)))
    stats.pattern = { regex: pattern.regex, coverage: round(pattern.coverage, 3) };
  const patterns = describePatterns(measure, personal);
  if (patterns !== undefined && values >= settings.k && !(pattern !== undefined && pattern.coverage >= 0.9))
    stats.patterns = patterns;
  if (kept.length > 0)
    stats.top = kept.slice(0, TOP_IN_STATS).map((entry) => ({ value: entry.value, share: entry.share }));
  const summary: SafeSummary = {
    logical: measure.logical,
    stats: stats as unknown as FieldStats,
    personal,
    kept,
    keptShare: round(keptShare, 4),
    ...(semantic === undefined ? {} : { semantic }),
    ...(bins === undefined ? {} : { bins }),
    ...(measure.trues === undefined || values === 0 ? {} : { trueShare: round(measure.trues / values, 4) }),
  };
  const objects = values;
  // Key names are data too: a key seen in fewer than k objects is left out.
  const children = measure.children
    ?.filter((child) => child.present >= settings.k)
    .map((child) => ({
      name: child.name,
      presence: objects === 0 ? 0 : round(child.present / objects, 4),
      summary: filterField(child.measure, { ...inner, path: `${target.path}.${child.name}` }, settings),
    }));
  return {
    ...summary,
    ...(element === undefined ? {} : { element }),
    ...(children === undefined ? {} : { children }),
  };
}

/** Literals seen at least k times (guaranteed count), as shares of non-null values, most frequent first. */
function keepFrequent(
  measure: FieldMeasure,
  values: number,
  k: number,
  schemaLiterals: readonly string[],
): { value: string; share: number }[] {
  if (measure.top === undefined || values === 0) return [];
  return measure.top
    .filter((entry) => entry.count >= k || (entry.count > 0 && schemaLiterals.includes(entry.value)))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .map((entry) => ({ value: entry.value, share: round(entry.count / values, 4) }));
}

/** Least share of the values a mixture of shapes must cover to be written. */
const MIXTURE_COVERAGE = 0.5;

/**
 * The field's formats (each shape seen at least k times, as the sketch kept them) with their shares, or
 * undefined when there is no mixture worth writing. A personal field's shapes keep no literal letter or digit
 * (shapes that become the same once generalised are merged).
 */
function describePatterns(
  measure: FieldMeasure,
  personal: boolean,
): { regex: string; share: number }[] | undefined {
  const shares = new Map<string, number>();
  for (const entry of measure.patterns ?? []) {
    const regex = personal ? entry.shape : entry.regex;
    if (personal && hasLiteralAlphanumerics(regex)) continue;
    shares.set(regex, (shares.get(regex) ?? 0) + entry.share);
  }
  const total = [...shares.values()].reduce((sum, x) => sum + x, 0);
  if (shares.size < 2 || total < MIXTURE_COVERAGE) return undefined;
  return [...shares]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([regex, share]) => ({ regex, share: round(share, 3) }));
}

/**
 * Quantiles, tails and histogram of a line-like field, coarsened; returns the histogram bins. Kept values
 * (`kept`: seen at least k times) that the sketch misplaces are point masses at their exact values.
 */
function describeLine(
  line: LineMeasure,
  personal: boolean,
  settings: PrivacySettings,
  stats: Record<string, unknown>,
  kept: SafeSummary['kept'],
): HistogramBin[] {
  const low = line.sketch.quantile(LOW_TAIL);
  const high = line.sketch.quantile(HIGH_TAIL);
  if (personal) {
    // Shape only: a one-digit range between the 5th and 95th percentiles.
    const coarse = chooseEdgeFormat(line.axis, 1, low, high);
    const from = formatEdge(coarse, line.sketch.quantile(0.05));
    const to = formatEdge(coarse, line.sketch.quantile(0.95));
    return [[from, to, 1]];
  }
  const format = { ...chooseEdgeFormat(line.axis, settings.digits, low, high), integer: line.integer };
  stats.min = formatEdge(format, low);
  stats.max = formatEdge(format, high);
  if (line.axis === 'number') {
    stats.mean = formatEdge({ ...format, integer: false }, line.mean);
    stats.stddev = roundToSignificant(line.stddev, settings.digits);
    stats.integer = line.integer;
    if (line.decimals !== undefined) stats.decimals = line.decimals;
  }
  stats.quantiles = describeQuantiles(line.sketch, format);
  if (line.monotonic) stats.monotonic = true;
  if (line.weekday !== undefined && isInformative(line.weekday))
    stats.weekday = line.weekday.map((x) => round(x, 3));
  if (line.hour !== undefined && isInformative(line.hour)) stats.hour = line.hour.map((x) => round(x, 3));
  const points = line.sketch.isExact ? undefined : line.sketch.weightedPoints();
  const masses = points === undefined ? [] : findPointMasses(points.values, line.axis, kept, format);
  if (points === undefined || masses.length === 0) return describeBins(line.sketch, format);
  // What the sketch wrote for a mass is the mass's exact value.
  const exact = new Map(masses.map((mass) => [mass.sketched, formatEdge(format, mass.value)]));
  const fix = (edge: number | string) => exact.get(edge) ?? edge;
  stats.min = fix(stats.min as number | string);
  stats.max = fix(stats.max as number | string);
  const quantiles = stats.quantiles as Record<string, number | string>;
  for (const name of Object.keys(quantiles)) quantiles[name] = fix(quantiles[name]!);
  return describeBinsAround(points, line.sketch.finiteCount, masses, format);
}

/** A kept value holding at least this share of a line field's values is a point mass of its histogram. */
const MASS_SHARE = 1 / HISTOGRAM_BINS;

interface PointMass {
  /** The exact value, on the line (epoch milliseconds for dates and timestamps). */
  readonly value: number;
  readonly share: number;
  /** The sketch's point (bucket) nearest the value, and that point as the sketch writes it, coarsened. */
  readonly point: number;
  readonly sketched: number | string;
}

/**
 * Kept values that hold a bin's worth of the field and that the sketch misplaces once coarsened: a sentinel
 * far from the median its errors are measured from (`9999-01-01` closing each history lands about a year and a
 * half off) would otherwise be generated off its value, and the bin from the last real value up to it spread
 * over the centuries between.
 */
function findPointMasses(
  points: Float64Array,
  axis: LineMeasure['axis'],
  kept: SafeSummary['kept'],
  format: EdgeFormat,
): PointMass[] {
  const masses: PointMass[] = [];
  for (const entry of kept) {
    if (entry.share < MASS_SHARE || points.length === 0) continue;
    const value =
      axis === 'number' ? Number(entry.value) : axis === 'time' ? Number.NaN : parseInstant(entry.value);
    if (!Number.isFinite(value)) continue;
    let point = 0;
    for (let i = 1; i < points.length; i++)
      if (Math.abs(points[i]! - value) < Math.abs(points[point]! - value)) point = i;
    const sketched = formatEdge(format, points[point]!);
    if (sketched !== formatEdge(format, value)) masses.push({ value, share: entry.share, point, sketched });
  }
  return masses;
}

/**
 * The histogram of the values besides the point masses (the sketch's points, the masses' counts taken out of
 * their points, cut into equi-depth bins between the tails), with each mass as a bin of its exact value.
 */
function describeBinsAround(
  { values, weights }: WeightedPoints,
  count: number,
  masses: readonly PointMass[],
  format: EdgeFormat,
): HistogramBin[] {
  const left = Float64Array.from(weights);
  for (const mass of masses) left[mass.point] = Math.max(0, left[mass.point]! - mass.share * count);
  const total = left.reduce((sum, weight) => sum + weight, 0);
  const rest = 1 - masses.reduce((sum, mass) => sum + mass.share, 0);
  /** The value at `rank` (a share of the rest) among the rest's points. */
  const at = (rank: number) => {
    let cumulative = 0;
    for (let i = 0; i < values.length; i++) {
      cumulative += left[i]!;
      if (cumulative >= rank * total && left[i]! > 0) return values[i]!;
    }
    return values[values.length - 1]!;
  };
  const raw: [number, number, number][] = [];
  if (total > 0 && rest > 0)
    for (let i = 0; i < HISTOGRAM_BINS; i++) {
      const from = LOW_TAIL + ((HIGH_TAIL - LOW_TAIL) * i) / HISTOGRAM_BINS;
      const to = LOW_TAIL + ((HIGH_TAIL - LOW_TAIL) * (i + 1)) / HISTOGRAM_BINS;
      raw.push([at(from), at(to), rest / HISTOGRAM_BINS]);
    }
  for (const mass of masses) raw.push([mass.value, mass.value, mass.share]);
  raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return coarsenBins(raw, format);
}

function describeQuantiles(sketch: QuantileSketch, format: EdgeFormat): Record<string, number | string> {
  const quantiles: Record<string, number | string> = {};
  for (const [name, q] of [
    ['p5', 0.05],
    ['p25', 0.25],
    ['p50', 0.5],
    ['p75', 0.75],
    ['p95', 0.95],
  ] as const)
    quantiles[name] = formatEdge(format, sketch.quantile(q));
  return quantiles;
}

/** Equi-depth bins between the tails, edges coarsened; bins that collapse into one edge pair are merged. */
function describeBins(sketch: QuantileSketch, format: EdgeFormat): HistogramBin[] {
  return coarsenBins(
    equiDepthBins(sketch, HISTOGRAM_BINS, { lowQuantile: LOW_TAIL, highQuantile: HIGH_TAIL }),
    format,
  );
}

/** Bins with their edges coarsened, those that collapse into one edge pair merged, weights summing to 1. */
function coarsenBins(
  raw: readonly (readonly [number, number, number])[],
  format: EdgeFormat,
): HistogramBin[] {
  const bins: [number | string, number | string, number][] = [];
  for (const [lo, hi, weight] of raw) {
    const from = formatEdge(format, lo);
    const to = formatEdge(format, hi);
    const last = bins[bins.length - 1];
    if (last !== undefined && last[0] === from && last[1] === to) last[2] += weight;
    else bins.push([from, to, weight]);
  }
  const total = bins.reduce((sum, bin) => sum + bin[2], 0);
  return bins.map(([from, to, weight]) => [from, to, round(total === 0 ? 0 : weight / total, 4)] as const);
}

/** Length distribution; the outer figures are tail quantiles. */
function describeLengths(sketch: QuantileSketch): LengthStats {
  return {
    min: Math.round(sketch.quantile(LOW_TAIL)),
    p5: Math.round(sketch.quantile(0.05)),
    p50: Math.round(sketch.quantile(0.5)),
    p95: Math.round(sketch.quantile(0.95)),
    max: Math.round(sketch.quantile(HIGH_TAIL)),
  };
}

/**
 * The parts of email addresses that are not personal by themselves: domains shared by at least k addresses
 * (company domains; the rest stays an implicit other share) and local-part shapes seen at least k times.
 * Never a local part.
 */
function describeEmailParts(
  email: NonNullable<FieldMeasure['email']>,
  k: number,
): Pick<FieldStats, 'domains' | 'local_shapes'> {
  const keep = (entries: readonly { value: string; count: number }[]) =>
    entries
      .filter((entry) => entry.count >= k)
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
      .slice(0, MAX_EMAIL_PARTS)
      .map((entry) => ({ value: entry.value, share: round(entry.count / email.count, 4) }));
  const domains = keep(email.domains);
  const shapes = keep(email.shapes);
  return {
    ...(domains.length > 0 ? { domains } : {}),
    ...(shapes.length > 0 ? { local_shapes: shapes } : {}),
  };
}

/** Shares of the case styles among values with cased letters (3 decimals; styles not seen left out). */
function describeCases(cases: FieldMeasure['cases']): CaseShares | undefined {
  if (cases === undefined) return undefined;
  const total = CASE_STYLES.reduce((sum, style) => sum + cases[style], 0);
  if (total === 0) return undefined;
  const shares: Partial<Record<CaseStyle, number>> = {};
  for (const style of CASE_STYLES) if (cases[style] > 0) shares[style] = round(cases[style] / total, 3);
  return shares;
}

/** A weekday or hour shape is worth keeping when it is not flat (some share differs from uniform by 30%). */
function isInformative(shares: readonly number[]): boolean {
  const uniform = 1 / shares.length;
  return shares.some((x) => Math.abs(x - uniform) > uniform * 0.3);
}

/** True when a regex has letters or digits outside character classes, escapes and quantifiers. */
export function hasLiteralAlphanumerics(regex: string): boolean {
  const stripped = regex
    .replace(/\\[pP]\{[^}]*\}/g, '')
    .replace(/\[(?:\\.|[^\]\\])*\]/g, '')
    .replace(/\{\d+(?:,\d*)?\}/g, '')
    .replace(/\\[a-zA-Z]/g, '')
    .replace(/\(\?[:=!<]/g, '');
  return /[A-Za-z0-9]/.test(stripped);
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : round(part / whole, 4);
}

function round(x: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(x * factor) / factor;
}
