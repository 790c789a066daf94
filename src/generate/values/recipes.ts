/**
 * Compiles a field's generator recipe into a value closure, one builder per recipe kind (keyed by
 * GeneratorKind, so a new kind is a compile error until handled). References are resolved by the dataset
 * compiler (they need the parent); `database` fields are left out of rows altogether.
 */
import { isSemanticType } from '../../catalog/semantic-types.js';
import type { Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type { Random } from '../../shared/random.js';
import { hashText, StreamRandom } from '../../shared/random.js';
import type {
  FieldStats,
  FieldTask,
  GeneratorKind,
  GeneratorRecipe,
  LengthStats,
  TypeTask,
} from '../../tasks/types.js';
import { createArrayGenerator } from './array-values.js';
import { createLengthSampler } from './distributions.js';
import { createHistogramGenerator } from './histogram-values.js';
import { createMapGenerator } from './map-values.js';
import {
  createPatternShaped,
  estimateVocabulary,
  fitMeasuredShape,
  followMeasuredCase,
  keepMeasuredClasses,
  withMeasuredRepeats,
} from './measured-shape.js';
import { createPatternGenerator } from './pattern.js';
import {
  composeText,
  generateUuidV4,
  SELF_UNIQUE_SEMANTICS,
  SEMANTIC_GENERATORS,
} from './semantic/semantic-generators.js';
import {
  createUniqueVocabulary,
  describeVocabularyShape,
  isVocabularySemantic,
} from './semantic/vocabularies.js';
import { createCategoryChooser, createStrata, type Strata, type StratumSpot } from './strata.js';
import { createTypeDefault, fitText } from './type-defaults.js';
import { followTypeMix } from './type-mix.js';
import { createUniquePatternGenerator } from './unique-pattern.js';
import { withUniqueSuffix } from './unique-values.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import { convertLiteral, formatScaled } from './value-text.js';
import { createWordText } from './word-text.js';

type RecipeOf<K extends GeneratorKind> = Extract<GeneratorRecipe, { kind: K }>;

/** Everything a recipe builder sees. */
export interface RecipeInput<K extends GeneratorKind> {
  readonly field: FieldTask;
  readonly recipe: RecipeOf<K>;
  readonly context: BuildContext;
  /** Values must not repeat across the dataset's rows. */
  readonly unique: boolean;
}

const TEXT_TYPES = new Set(['string', 'enum', 'opaque']);

function adapt(type: TypeTask, text: string): Value {
  return TEXT_TYPES.has(type.logical) ? fitText(type, text) : convertLiteral(type, text);
}

const UUID_V7_BASE_MS = 1_704_067_200_000;
const OBJECT_ID_BASE_SECONDS = 1_704_067_200; // 2024-01-01T00:00:00Z: a fixed origin keeps v7 deterministic

const BUILDERS: { readonly [K in GeneratorKind]: (input: RecipeInput<K>) => ValueGenerator } = {
  sequence: ({ field, recipe }) => {
    const start = recipe.start ?? 1;
    const step = recipe.step ?? 1;
    const type = field.type;
    if (type.logical === 'decimal')
      return (_random, index) =>
        formatScaled(
          BigInt(Math.round(start + step * index)) * 10n ** BigInt(type.scale ?? 0),
          type.scale ?? 0,
        );
    if (type.logical === 'integer' || type.logical === 'float')
      return (_random, index) => start + step * index;
    return (_random, index) => adapt(type, String(start + step * index));
  },
  categorical: ({ field, recipe, context, unique }) => {
    const type = field.type;
    const keys = Object.keys(recipe.weights);
    const values = keys.map((key) => convertLiteral(type, key));
    const other = recipe.other;
    const enumRest =
      type.logical === 'enum' ? (type.labels ?? []).filter((label) => !keys.includes(label)) : [];
    let generateOther: OtherValues | undefined;
    if (other && keepsOther(field)) {
      if (type.logical === 'enum') {
        const labels = enumRest.length > 0 ? enumRest : (type.labels ?? keys);
        generateOther = (random) => labels[random.below(labels.length)] ?? null;
      } else generateOther = createOtherValues(field, other, context, new Set(values));
    }
    const weights = categoricalWeights(field);
    const strata = unique ? undefined : createStrata(weights, context);
    let generate: ValueGenerator;
    if (strata) {
      // A stratified field knows each row's rank among the rows of its category: the rest is dealt in turn.
      const spot: StratumSpot = { stratum: 0, within: 0 };
      generate = (random, index) => {
        const { stratum, within } = strata.locate(index, spot);
        return stratum < values.length ? values[stratum]! : generateOther!(random, index, within);
      };
    } else {
      const choose = createCategoryChooser(weights, context, unique);
      generate = (random, index) => {
        const chosen = choose(random, index);
        return chosen < values.length ? values[chosen]! : generateOther!(random, index);
      };
    }
    return unique ? withUniqueSuffix(generate, type, context) : generate;
  },
  histogram: ({ field, recipe, context, unique }) => {
    // Values drawn from bins repeat less than measured ones often do (prices, totals, dates of birth).
    const generate = createHistogramGenerator(field.type, recipe, context, unique);
    return withMeasuredRepeats(measuredFor(field), context, unique, generate);
  },
  pattern: ({ field, recipe, context, unique }) => {
    const pattern = createPatternGenerator(recipe.pattern, recipe.length?.max ?? recipe.length?.p95 ?? 16);
    const generate: ValueGenerator = (random) => adapt(field.type, pattern(random));
    // A pattern's space is usually far larger than the values measured (codes of a few letters and digits).
    if (!unique) return withMeasuredRepeats(measuredFor(field), context, false, generate);
    // Unique values from the pattern's own space keep its shape and length; a suffix when it is too small.
    const inSpace = createUniquePatternGenerator(recipe.pattern, context.rows, context.key);
    // Fixed-length text (an ObjectId's 24 hex digits) fits when every value of the pattern has that length.
    const sameLength = recipe.length?.min === field.type.length && recipe.length?.max === field.type.length;
    const fits = field.type.logical === 'string' && (!field.type.fixed_length || sameLength);
    if (inSpace && fits) {
      return (random, index) => {
        const text = inSpace(random, index) as string;
        return field.type.length !== undefined && text.length > field.type.length
          ? withUniqueSuffix(generate, field.type, context)(random, index)
          : text;
      };
    }
    return withUniqueSuffix(generate, field.type, context);
  },
  semantic: ({ field, recipe, context, unique }) => {
    if (!isSemanticType(recipe.semantic)) {
      throw new DoppelError(
        'invalidInput',
        `${context.where}: the semantic type "${recipe.semantic}" is not known.`,
      );
    }
    const type = field.type;
    const stats = measuredFor(field);
    if (recipe.semantic === 'free_text' && TEXT_TYPES.has(type.logical))
      return createFreeText(field, stats?.length, context, unique);
    // Unique names and places, and those that repeated (drawn evenly from as many distinct entries as the
    // measured values showed), come from the vocabularies: never a row number, never a doubled entry.
    const repeated = !unique && stats ? estimateVocabulary(stats) : undefined;
    if (
      (unique || repeated !== undefined) &&
      isVocabularySemantic(recipe.semantic) &&
      TEXT_TYPES.has(type.logical)
    ) {
      const size = repeated ?? context.rows;
      const draw = createUniqueVocabulary(
        recipe.semantic,
        recipe.locale,
        describeVocabularyShape(stats, type),
        size,
        context.key,
      );
      return followMeasuredCase(stats, context.key, (random, index) =>
        adapt(type, draw(repeated === undefined ? index : random.below(size))),
      );
    }
    const selfUnique = unique && SELF_UNIQUE_SEMANTICS.has(recipe.semantic);
    const semantic = SEMANTIC_GENERATORS[recipe.semantic]({
      pools: context.pools(recipe.locale),
      ...(stats?.length ? { length: createLengthSampler(stats.length, 1, type.length) } : {}),
      ...(stats ? { stats } : {}),
      key: context.key,
      ...(selfUnique
        ? {
            unique: {
              rows: context.rows,
              key: context.key,
              ...(recipe.locale ? { locale: recipe.locale } : {}),
            },
          }
        : {}),
    });
    const drawn = followMeasuredCase(
      stats,
      context.key,
      keepMeasuredClasses(stats, (random, index) => {
        const value = semantic(random, index, selfUnique);
        return typeof value === 'string' ? adapt(type, value) : value;
      }),
    );
    const adaptText = (text: string) => adapt(type, text);
    const patterned = createPatternShaped(recipe.semantic, stats, context, unique, drawn, adaptText);
    if (patterned) return patterned;
    const generate = fitMeasuredShape(stats, context, unique, drawn);
    return unique && !selfUnique ? withUniqueSuffix(generate, type, context) : generate;
  },
  // The dataset compiler replaces references with the parent's key; alone, a reference has no parent.
  reference: () => () => null,
  constant: ({ field, recipe }) => {
    const value = convertLiteral(field.type, recipe.value);
    return () => value;
  },
  uuid: ({ field, recipe }) => {
    if (field.type.bits === 96) {
      // A 96-bit identifier (MongoDB ObjectId): 4-byte seconds (from the row index, so ids sort like
      // insertion order) + 8 random bytes.
      return (random, index) =>
        (OBJECT_ID_BASE_SECONDS + Math.floor(index / 1000)).toString(16).padStart(8, '0') +
        random.next().toString(16).padStart(8, '0') +
        (random.next() >>> 8).toString(16).padStart(6, '0').slice(0, 2) +
        (index % 16777216).toString(16).padStart(6, '0');
    }
    if (recipe.version !== 7) return (random) => generateUuidV4(random);
    return (random, index) => {
      const ms = (UUID_V7_BASE_MS + index).toString(16).padStart(12, '0');
      const tail = generateUuidV4(random);
      return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${tail.slice(15, 18)}-${tail.slice(19)}`;
    };
  },
  document: ({ field, context }) => {
    const children = (field.fields ?? []).map((child) => ({
      name: child.name,
      presence: child.stats?.presence ?? 1,
      generate: compileFieldValue(
        child,
        {
          ...context,
          key: hashText(child.name, context.key),
          where: `${context.where}.${child.name}`,
          stratified: false,
        },
        false,
      ),
    }));
    if (children.length === 0)
      return createTypeDefault(
        field.type.logical === 'object' ? field.type : { logical: 'json', native: 'jsonb' },
        context,
      );
    return (random, index) => {
      const document: Record<string, Value> = {};
      for (const child of children) {
        if (child.presence >= 1 || random.chance(child.presence))
          document[child.name] = child.generate(random, index);
      }
      return document;
    };
  },
  array: ({ field, recipe, context }) => {
    const elementField: FieldTask = field.element ?? {
      name: '[]',
      type: field.type.element ?? { logical: 'string', native: 'text' },
      nullable: false,
      generator: { kind: 'null' },
    };
    const element = field.element
      ? compileFieldValue(elementField, { ...context, where: `${context.where}[]`, stratified: false }, false)
      : createTypeDefault(elementField.type, context);
    const values = createArrayGenerator(field.type, recipe, context, element);
    // A map keyed by ids is profiled as the list of its values (their combinations kept like an array's):
    // generated as a document again, those values under made-up keys.
    return field.map ? createMapGenerator(field.map, values) : values;
  },
  boolean: ({ recipe, field, context }) => {
    const share = recipe.true_share ?? 0.5;
    const choose = createCategoryChooser([share, 1 - share], context, false);
    if (field.type.logical === 'boolean') return (random, index) => choose(random, index) === 0;
    return (random, index) => convertLiteral(field.type, choose(random, index) === 0);
  },
  text: ({ field, recipe, context, unique }) => createFreeText(field, recipe.length, context, unique),
  null: () => () => null,
  database: () => () => null,
};

/** Keeps the rows a field's null stratum takes apart from the ranks of its categories. */
const NULLS_SALT = 0x2545f491;

/** Redraws of an `other` value that equals a kept one (it would add to that value's share). */
const OTHER_REDRAWS = 8;
/** Draws per entry when looking for distinct values of the rest. */
const OTHER_VOCABULARY_DRAWS = 8;
const OTHER_VOCABULARY_SALT = 0x3c6ef372;

/** A value of a categorical field's rest; `rank` is the row's rank among the rest's rows, when known. */
type OtherValues = (random: Random, index: number, rank?: number) => Value;

/**
 * The rest of a categorical field (its `other` share): drawn from the field's semantic type when it has one,
 * else from its pattern, else words (text only; rare numbers or dates without a pattern are left to the kept
 * values), at the measured lengths and case styles, never equal to a kept value. When the rest repeated, it
 * comes from as many distinct values as it showed beyond the kept ones, dealt in turn over its rows (four
 * region names in a small table stay four; rare values stay rare rather than piling up on a few).
 */
function createOtherValues(
  field: FieldTask,
  other: NonNullable<RecipeOf<'categorical'>['other']>,
  context: BuildContext,
  kept: ReadonlySet<Value>,
): OtherValues | undefined {
  const type = field.type;
  const measured = measuredFor(field);
  const rest = measured && restStats(measured, other.share, kept.size);
  // The shape of the rest without its distinct count: the vocabulary below is what repeats.
  const shaped: FieldTask = rest ? { ...field, stats: { ...rest, distinct: undefined } } : field;
  const { length } = other;
  let drawn: ValueGenerator;
  if (other.semantic !== undefined && isSemanticType(other.semantic) && TEXT_TYPES.has(type.logical)) {
    const recipe: RecipeOf<'semantic'> = { kind: 'semantic', semantic: other.semantic };
    drawn = BUILDERS.semantic({ field: shaped, recipe, context, unique: false });
  } else if (other.pattern) {
    const pattern = createPatternGenerator(other.pattern, length?.max ?? length?.p95 ?? 16);
    drawn = (random) => adapt(type, pattern(random));
  } else if (TEXT_TYPES.has(type.logical)) {
    const words = context.pools().get('word');
    const sample = createLengthSampler(length ?? { p50: 8 }, 1, type.length);
    drawn = followMeasuredCase(rest, context.key, (random) =>
      adapt(type, composeText(random, words, sample(random), isPlainText(rest))),
    );
  } else return undefined;
  const fresh = avoidKept(kept, drawn);
  const size = rest && estimateVocabulary(rest);
  if (size === undefined) return (random, index) => fresh(random, index);
  const vocabulary = drawDistinct(size, context, fresh);
  return (random, _index, rank) =>
    vocabulary[rank === undefined ? random.below(vocabulary.length) : rank % vocabulary.length] ?? null;
}

/**
 * A field's stats as the rest of its values would show them: the `other` share of the values, and the
 * distinct values beyond the kept ones.
 */
function restStats(stats: FieldStats, share: number, kept: number): FieldStats {
  const values = stats.count * (1 - stats.nulls);
  return {
    ...stats,
    count: Math.max(1, Math.round(values * share)),
    nulls: 0,
    ...(stats.distinct === undefined ? {} : { distinct: Math.max(1, stats.distinct - kept) }),
  };
}

/** `generate`, redrawn (a few times) while it gives a kept value. */
function avoidKept(kept: ReadonlySet<Value>, generate: ValueGenerator): ValueGenerator {
  return (random, index) => {
    let value = generate(random, index);
    for (let draw = 1; draw < OTHER_REDRAWS && kept.has(value); draw++) value = generate(random, index);
    return value;
  };
}

/** Up to `size` distinct seeded values of `generate` (fewer when it cannot give that many), at least one. */
function drawDistinct(size: number, context: BuildContext, generate: ValueGenerator): Value[] {
  const random = new StreamRandom();
  const found = new Set<Value>();
  for (let draw = 0; draw < size * OTHER_VOCABULARY_DRAWS && found.size < size; draw++)
    found.add(generate(random.reset(context.key ^ OTHER_VOCABULARY_SALT, draw), draw));
  return [...found];
}

/** Word text at `lengths` in the measured classes and case styles, repeating as measured unless unique. */
function createFreeText(
  field: FieldTask,
  lengths: LengthStats | undefined,
  context: BuildContext,
  unique: boolean,
): ValueGenerator {
  const stats = measuredFor(field);
  const shaped = (words: ValueGenerator) =>
    followMeasuredCase(stats, context.key, (random, index) =>
      adapt(field.type, words(random, index) as string),
    );
  const words = createWordText(field.type, stats, lengths, context, unique);
  // Values too short to spell their rows in words (three-letter codes) are made unique by a suffix.
  if (words === undefined)
    return withUniqueSuffix(
      shaped(createWordText(field.type, stats, lengths, context, false)!),
      field.type,
      context,
    );
  return unique ? shaped(words) : withMeasuredRepeats(stats, context, false, shaped(words));
}

/** The stats that shape a field's values beyond its recipe: none when a person edited the recipe. */
function measuredFor(field: FieldTask): FieldStats | undefined {
  return field.generator.edited === true ? undefined : field.stats;
}

/** Text measured with letters and no space or punctuation: words are not to be joined by either. */
function isPlainText(stats: FieldStats | undefined): boolean {
  const classes = stats?.classes;
  return classes !== undefined && !classes.includes('space') && !classes.includes('punct');
}

/** The non-null value generator for `field`'s recipe. */
export function compileRecipe(field: FieldTask, context: BuildContext, unique: boolean): ValueGenerator {
  const recipe = field.generator;
  const build = BUILDERS[recipe.kind] as (input: RecipeInput<GeneratorKind>) => ValueGenerator;
  if (build === undefined) {
    throw new DoppelError(
      'invalidInput',
      `${context.where}: the generator kind "${String(recipe.kind)}" is not known.`,
    );
  }
  return build({ field, recipe, context, unique });
}

/** The value generator for `field` with its null share applied (when the field may be null). */
export function compileFieldValue(field: FieldTask, context: BuildContext, unique: boolean): ValueGenerator {
  const generate = followTypeMix(field, context, compileRecipe(field, context, unique));
  const nulls = field.nullable ? (field.generator.nulls ?? 0) : 0;
  if (nulls <= 0) return generate;
  if (nulls >= 1) return () => null;
  // A dataset's own field gets its exact null share: the nulls are a stratum of its rows (members of
  // documents and array elements draw theirs per value).
  const strata = createStrata([nulls, 1 - nulls], { ...context, key: context.key ^ NULLS_SALT });
  if (strata === undefined)
    return (random, index) => (random.float() < nulls ? null : generate(random, index));
  const spot: StratumSpot = { stratum: 0, within: 0 };
  return (random, index) => (strata.locate(index, spot).stratum === 0 ? null : generate(random, index));
}

/** Whether a categorical field generates its `other` share (rare values) rather than dropping it. */
function keepsOther(field: FieldTask): boolean {
  const recipe = field.generator;
  if (recipe.kind !== 'categorical' || !recipe.other || !(recipe.other.share > 0)) return false;
  return (
    field.type.logical === 'enum' || recipe.other.pattern !== undefined || TEXT_TYPES.has(field.type.logical)
  );
}

/** A categorical field's category weights, its `other` share last when it generates one. */
function categoricalWeights(field: FieldTask): number[] {
  const recipe = field.generator;
  if (recipe.kind !== 'categorical') return [];
  const weights = Object.values(recipe.weights);
  return keepsOther(field) ? [...weights, recipe.other?.share ?? 0] : weights;
}

/**
 * The strata a stratified categorical field of a dataset uses (`context` as that field is compiled with), or
 * undefined when the field is not one.
 */
export function createCategoricalStrata(field: FieldTask, context: BuildContext): Strata | undefined {
  if (field.generator.kind !== 'categorical' || field.generator.unique) return undefined;
  return createStrata(categoricalWeights(field), context);
}
