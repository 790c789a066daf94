/**
 * The privacy filter: turns raw measurements into what may leave production. Applied before recipe choice, so
 * nothing downstream (recipes, task files, output) can see a raw value.
 *
 * - A literal is kept only when seen at least k times (lower bound of the top-k count) and the field is not
 *   personal; the rest is an `other` share described by pattern and length.
 * - Numbers are rounded to `digits` significant digits, dates to the day (minute when time-of-day heavy), times
 *   to the minute; outer edges come from tail quantiles (p0.1, p99.9), never the true minimum or maximum
 *   unless a value seen k times sits there (line-summary.ts).
 * - Personal fields keep type, shape (a pattern without literal letters or digits), length, null and distinct
 *   statistics, and their semantic type; numbers get a one-digit range at most. Email fields also keep the
 *   domains shared by at least k addresses (company domains) and their local-part shapes, never a local part.
 */

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
import { countValues, type FieldMeasure } from '../measure/measure.js';
import type { QuantileSketch } from '../measure/sketches/quantile-sketch.js';
import { roundToPlaces as round, roundToSignificant } from './coarsen.js';
import { describeLine, HIGH_TAIL, LOW_TAIL } from './line-summary.js';

export const DEFAULT_PRIVACY: PrivacySettings = { k: 10, digits: 3, overrides: [] };

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
    semantic: {
      type: detected.type,
      personal,
      confidence: round(detected.confidence, 2),
      ...(detected.lines === true ? { lines: true } : {}),
    },
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
