/**
 * Recipe choice: which generator a field gets, decided from its schema facts and its privacy-filtered summary
 * only (never raw values). Personal fields always get a semantic (or shape-only) recipe; keys get sequences,
 * references or uuids; the rest follows what the data looks like.
 */
import type { Field } from '../../catalog/model.js';
import type {
  ArrayCombination,
  FieldStats,
  GeneratorRecipe,
  HistogramBin,
  JsonValue,
  KeyMembership,
  LengthStats,
  OtherBucket,
} from '../../tasks/types.js';
import type { SafeSummary } from '../privacy/privacy.js';

/** Categorical when kept literals cover this share of non-null values. */
const CATEGORICAL_COVERAGE = 0.9;
const CATEGORICAL_MAX_VALUES = 100;
/**
 * Text whose kept literals (the most frequent CATEGORICAL_MAX_VALUES) cover this share is categorical over
 * them too, its rest generated like the field (semantic type, pattern, lengths): what was measured comes
 * before what is invented (five job titles covering 73% of the rows are not Latin words).
 */
const TEXT_CATEGORICAL_COVERAGE = 0.25;
/** Logical types whose rest (the `other` share) can be generated from a semantic type, a pattern or words. */
const TEXT_LOGICAL = new Set(['string', 'opaque']);
/** Pattern recipes need the pattern to describe this share of values. */
const PATTERN_COVERAGE = 0.9;
const SEMANTIC_CONFIDENCE = 0.7;
/** How much wider than its values a non-key counter's range may be (gaps of deleted rows). */
const SEQUENCE_GAPS = 2;
/** Significant digits a sequence start keeps (the privacy filter's default for numbers). */
const SEQUENCE_START_DIGITS = 3;

/** Schema facts recipe choice needs, beyond the summary. */
export interface RecipeContext {
  /** The catalog field (absent for JSON keys and array elements). */
  readonly field?: Field;
  readonly keys: readonly KeyMembership[];
  /** Primary key made of this field alone. */
  readonly soleKey: boolean;
  /** Declared unique on its own. */
  readonly declaredUnique: boolean;
  /** The parent key this field references (declared or inferred relation of one field). */
  readonly reference?: { readonly dataset: string; readonly field: string; readonly source?: string };
  readonly labels?: readonly string[];
  readonly scale?: number;
}

/** Chooses the generator recipe for one field. */
export function chooseRecipe(summary: SafeSummary, context: RecipeContext): GeneratorRecipe {
  const stats = summary.stats;
  const nulls = stats.nulls;
  // A reference seen once per parent in a sample is not unique unless a constraint says so: its parents get
  // children by the measured counts.
  const sampledUnique = stats.unique === true && context.reference === undefined;
  const unique = context.declaredUnique || context.soleKey || sampledUnique;
  const common = {
    ...(nulls > 0 ? { nulls } : {}),
    ...(unique && summary.logical !== 'boolean' ? { unique: true } : {}),
  };
  const field = context.field;
  if (field?.generated !== undefined) return { kind: 'database' };
  if (context.reference !== undefined) return { kind: 'reference', ...context.reference, ...common };
  if (stats.count === 0 || nulls >= 1) return { kind: 'null' };
  if (summary.logical === 'boolean')
    return { kind: 'boolean', true_share: summary.trueShare ?? 0.5, ...common };
  if (isSequence(summary, context))
    return { kind: 'sequence', start: sequenceStart(summary), step: 1, ...common };
  if (summary.logical === 'uuid' || summary.semantic?.type === 'uuid')
    return { kind: 'uuid', version: 4, ...common };
  if (summary.personal) return choosePersonalRecipe(summary, common);
  if (summary.logical === 'array') return chooseArray(summary, common);
  if (summary.logical === 'json' || summary.logical === 'object') return { kind: 'document', ...common };
  const only = summary.kept[0];
  if (summary.kept.length === 1 && only !== undefined && only.share >= 1 && !unique)
    return { kind: 'constant', value: only.value, ...common };
  if (summary.logical === 'enum' || isCategorical(summary, unique))
    return chooseCategorical(summary, common, context);
  if (summary.semantic !== undefined && summary.semantic.confidence >= SEMANTIC_CONFIDENCE)
    return { kind: 'semantic', semantic: summary.semantic.type, ...common };
  if (summary.bins !== undefined && summary.bins.length > 0)
    return chooseHistogram(summary.bins, summary, context, common);
  const pattern = stats.pattern;
  if (pattern !== undefined && pattern.coverage >= PATTERN_COVERAGE && !isWordPattern(pattern.regex))
    return {
      kind: 'pattern',
      pattern: pattern.regex,
      ...(stats.length ? { length: stats.length } : {}),
      ...common,
    };
  return (
    choosePatternMixture(stats, common) ?? { kind: 'text', length: stats.length ?? { p50: 8 }, ...common }
  );
}

/**
 * A pattern of nothing but words: runs of letters, some lower-case, and spaces (`[A-Za-z]{2,5}
 * [A-Za-z]{3,9}` for job titles). Not a format: its values are written as words in the measured case styles,
 * not as random letters (`kbQ Pzaz`). Codes of capitals (`[A-Z]{3}`) stay patterns.
 */
function isWordPattern(regex: string): boolean {
  return (
    regex.includes('a-z') && regex.replace(/\[(?:A-Z|a-z|A-Za-z)\](?:\{\d+(?:,\d+)?\}|[+*?])?| /g, '') === ''
  );
}

/** Longest typical length (p95) of a code-like field: longer text is prose, not a format. */
const CODE_LENGTH = 32;

/**
 * A field of several formats (phones written three ways, postal codes of two countries, codes with and
 * without a dash): a pattern recipe drawing each format by its share, when the formats hold digits and no
 * lower-case words, and either cover most values or the field is short and structured (digits, no lower
 * case): such a field never becomes words.
 */
function choosePatternMixture(stats: FieldStats, common: Common): GeneratorRecipe | undefined {
  const patterns = stats.patterns ?? [];
  const structured = patterns.every(({ regex }) => regex.includes('0-9') && !regex.includes('a-z'));
  if (patterns.length < 2 || !structured) return undefined;
  const total = patterns.reduce((sum, entry) => sum + entry.share, 0);
  const short =
    (stats.length?.p95 ?? stats.length?.p50 ?? 0) <= CODE_LENGTH &&
    stats.classes?.includes('digit') === true &&
    !stats.classes.includes('lower');
  if (total < PATTERN_COVERAGE && !short) return undefined;
  const mixture = patterns.map(({ regex, share }) => ({
    pattern: regex,
    share: Math.round((share / total) * 10_000) / 10_000,
  }));
  return {
    kind: 'pattern',
    pattern: mixture[0]!.pattern,
    mixture,
    ...(stats.length ? { length: stats.length } : {}),
    ...common,
  };
}

type Common = { readonly nulls?: number; readonly unique?: boolean };

/**
 * An array: its lengths, the whole arrays kept by the privacy filter (combinations seen at least k times, the
 * most frequent first) and, when no array held an element twice, that elements do not repeat.
 */
function chooseArray(summary: SafeSummary, common: Common): GeneratorRecipe {
  const stats = summary.stats;
  const combinations: ArrayCombination[] = [];
  for (const entry of summary.kept.slice(0, CATEGORICAL_MAX_VALUES)) {
    const values = JSON.parse(entry.value) as unknown;
    if (Array.isArray(values)) combinations.push([values as JsonValue[], entry.share]);
  }
  return {
    kind: 'array',
    length: stats.length ?? { p50: 0 },
    ...(combinations.length > 0 ? { combinations } : {}),
    ...(stats.repeats === 0 ? { distinct: true } : {}),
    ...common,
  };
}

function isSequence(summary: SafeSummary, context: RecipeContext): boolean {
  if (summary.logical !== 'integer') return false;
  const field = context.field;
  if (field?.identity !== undefined || field?.sequence !== undefined) return true;
  if (summary.stats.monotonic !== true) return false;
  // Rising unique numbers that are not the key are a counter only when they leave few gaps (votes rising by
  // 37 a row are a histogram's values, not 1, 2, 3...).
  return context.soleKey || (summary.stats.unique === true && isDense(summary.stats));
}

/** Values at most SEQUENCE_GAPS times as far apart as consecutive integers, over the measured range. */
function isDense(stats: SafeSummary['stats']): boolean {
  const { min, max, count } = stats;
  return typeof min === 'number' && typeof max === 'number' && max - min + 1 <= count * SEQUENCE_GAPS;
}

/**
 * Where a sequence starts: the (tail, coarsened) low end cut down to three significant digits, like other
 * numbers (10248 starts at 10200, not 10000). A low end near zero against the spread (the tail quantile of
 * ids counted from 1) starts at 1.
 */
function sequenceStart(summary: SafeSummary): number {
  const low = summary.stats.min;
  const high = summary.stats.max;
  if (typeof low !== 'number' || low < 10) return 1;
  if (typeof high === 'number' && low <= (high - low) * 0.01) return 1;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(low)) - SEQUENCE_START_DIGITS + 1);
  return Math.max(1, Math.floor(low / unit) * unit);
}

function isCategorical(summary: SafeSummary, unique: boolean): boolean {
  if (unique || summary.kept.length === 0) return false;
  if (summary.kept.length <= CATEGORICAL_MAX_VALUES && summary.keptShare >= CATEGORICAL_COVERAGE) return true;
  return TEXT_LOGICAL.has(summary.logical) && categoricalValues(summary).share >= TEXT_CATEGORICAL_COVERAGE;
}

/** The kept literals a categorical recipe lists (the most frequent ones), and the share they cover. */
function categoricalValues(summary: SafeSummary): {
  readonly values: SafeSummary['kept'];
  readonly share: number;
} {
  if (summary.kept.length <= CATEGORICAL_MAX_VALUES)
    return { values: summary.kept, share: summary.keptShare };
  const values = summary.kept.slice(0, CATEGORICAL_MAX_VALUES);
  return {
    values,
    share: Math.min(
      1,
      values.reduce((sum, entry) => sum + entry.share, 0),
    ),
  };
}

function chooseCategorical(summary: SafeSummary, common: Common, context: RecipeContext): GeneratorRecipe {
  const weights: Record<string, number> = {};
  const listed = categoricalValues(summary);
  for (const entry of listed.values) weights[entry.value] = entry.share;
  for (const label of context.labels ?? [])
    if (!(label in weights) && summary.kept.length === 0) weights[label] = 0;
  const rest = Math.max(0, Math.round((1 - listed.share) * 10_000) / 10_000);
  if (rest === 0) return { kind: 'categorical', weights, ...common };
  const semantic = summary.semantic;
  const other: OtherBucket = {
    share: rest,
    ...(semantic !== undefined &&
    semantic.confidence >= SEMANTIC_CONFIDENCE &&
    TEXT_LOGICAL.has(summary.logical)
      ? { semantic: semantic.type }
      : {}),
    ...(summary.stats.pattern && !isWordPattern(summary.stats.pattern.regex)
      ? { pattern: summary.stats.pattern.regex }
      : {}),
    ...(summary.stats.length ? { length: summary.stats.length } : {}),
  };
  return { kind: 'categorical', weights, other, ...common };
}

function chooseHistogram(
  bins: readonly HistogramBin[],
  summary: SafeSummary,
  context: RecipeContext,
  common: Common,
): GeneratorRecipe {
  const integer = summary.stats.integer === true || summary.logical === 'integer';
  // The declared scale, else the measured one (a float written to two decimals is generated to two).
  const scale = context.scale ?? summary.stats.decimals?.scale;
  return {
    kind: 'histogram',
    bins,
    ...(integer ? { integer: true } : {}),
    ...(!integer && scale !== undefined ? { scale } : {}),
    ...common,
  };
}

/** Personal fields: a semantic generator when the meaning is known, otherwise shape only. */
function choosePersonalRecipe(summary: SafeSummary, common: Common): GeneratorRecipe {
  const stats = summary.stats;
  if (summary.semantic !== undefined) return { kind: 'semantic', semantic: summary.semantic.type, ...common };
  if (summary.bins !== undefined && summary.bins.length > 0)
    return { kind: 'histogram', bins: summary.bins, ...(stats.integer ? { integer: true } : {}), ...common };
  const length: LengthStats = stats.length ?? { p50: 8 };
  if (stats.pattern !== undefined && stats.pattern.coverage >= PATTERN_COVERAGE)
    return { kind: 'pattern', pattern: stats.pattern.regex, length, ...common };
  return choosePatternMixture(stats, common) ?? { kind: 'text', length, ...common };
}
