/**
 * Compiles a field's generator recipe into a value closure, one builder per recipe kind (keyed by
 * GeneratorKind, so a new kind is a compile error until handled). References are resolved by the dataset
 * compiler (they need the parent); `database` fields are left out of rows altogether.
 */
import type { LogicalType } from '../../catalog/logical-type.js';
import { isSemanticType } from '../../catalog/semantic-types.js';
import type { Value } from '../../catalog/values.js';
import { applyCase } from '../../profile/measure/case-style.js';
import { DoppelError } from '../../shared/errors.js';
import { hashText } from '../../shared/random.js';
import type { FieldTask, GeneratorKind } from '../../tasks/types.js';
import { createArrayGenerator } from './array-values.js';
import { createCategoricalGenerator } from './categorical-values.js';
import { createLengthSampler } from './distributions.js';
import { createFreeText } from './free-text.js';
import { createHistogramGenerator } from './histogram-values.js';
import { createMapGenerator } from './map-values.js';
import {
  createPatternShaped,
  estimateVocabulary,
  fitMeasuredShape,
  followMeasuredCase,
  keepMeasuredClasses,
  soleMeasuredCase,
  withMeasuredRepeats,
} from './measured-shape.js';
import { createPatternMixture, createPatternValues } from './pattern-values.js';
import { adapt, measuredFor, type RecipeInput, TEXT_TYPES } from './recipe-input.js';
import {
  generateUuidV4,
  SELF_UNIQUE_SEMANTICS,
  SEMANTIC_GENERATORS,
} from './semantic/semantic-generators.js';
import { createUniqueVocabulary } from './semantic/unique-vocabulary.js';
import { describeVocabularyShape, isVocabularySemantic } from './semantic/vocabularies.js';
import { createCategoryChooser, createStrata, type StratumSpot } from './strata.js';
import { createTypeDefault } from './type-defaults.js';
import { followTypeMix } from './type-mix.js';
import { withUniqueSuffix } from './unique-values.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import { convertLiteral, formatScaled } from './value-text.js';

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
  categorical: (input) => createCategoricalGenerator(input, BUILDERS.semantic),
  histogram: ({ field, recipe, context, unique }) => {
    // Values drawn from bins repeat less than measured ones often do (prices, totals, dates of birth).
    const generate = createHistogramGenerator(field.type, recipe, context, unique, measuredFor(field)?.hour);
    return withMeasuredRepeats(measuredFor(field), context, unique, generate);
  },
  pattern: ({ field, recipe, context, unique }) => {
    // A pattern cannot keep a range's lower bound at or below its upper one: the range type's values instead.
    if (field.type.logical === 'range') return createTypeDefault(field.type, context);
    const one = (pattern: string, at: BuildContext, sole = false) =>
      createPatternValues(field, pattern, recipe.length, at, unique, sole);
    const mixture = recipe.mixture ?? [];
    const generate =
      (mixture.length > 1 ? createPatternMixture(mixture, context, one) : undefined) ??
      one(recipe.pattern, context, true);
    // A pattern's space is usually far larger than the values measured (codes of a few letters and digits).
    return unique ? generate : withMeasuredRepeats(measuredFor(field), context, false, generate);
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
      if (repeated === undefined)
        return followMeasuredCase(stats, context.key, (_random, index) => adapt(type, draw(index)));
      // A repeating field draws from `size` entries (at most MAX_VOCABULARY): each is written once, in the
      // field's case style when it has one alone.
      const entries = new Array<Value | undefined>(size);
      const sole = soleMeasuredCase(stats);
      const drawEntry: ValueGenerator = (random) => {
        const position = random.below(size);
        let entry = entries[position];
        if (entry === undefined) {
          entry = adapt(type, draw(position));
          if (sole !== undefined && typeof entry === 'string') entry = applyCase(entry, sole);
          entries[position] = entry;
        }
        return entry;
      };
      return sole === undefined ? followMeasuredCase(stats, context.key, drawEntry) : drawEntry;
    }
    const selfUnique = unique && SELF_UNIQUE_SEMANTICS.has(recipe.semantic);
    const semantic = SEMANTIC_GENERATORS[recipe.semantic]({
      pools: context.pools(recipe.locale),
      ...(stats?.length ? { length: createLengthSampler(stats.length, 1, type.length) } : {}),
      ...(stats ? { stats } : {}),
      key: context.key,
      ...(field.semantic?.lines === true ? { lines: true } : {}),
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
    const adapted: ValueGenerator = (random, index) => {
      const value = semantic(random, index, selfUnique);
      return typeof value === 'string' ? adapt(type, value) : value;
    };
    // Redrawing a value that depends on the row index alone gives it again: its classes and length are what
    // they are.
    const kept = semantic.byIndex ? adapted : keepMeasuredClasses(stats, adapted);
    const drawn = semantic.ownCase ? kept : followMeasuredCase(stats, context.key, kept);
    const adaptText = (text: string) => adapt(type, text);
    const patterned = createPatternShaped(recipe.semantic, stats, context, unique, drawn, adaptText);
    if (patterned) return patterned;
    const generate = semantic.byIndex ? drawn : fitMeasuredShape(stats, context, unique, drawn);
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
  // Words fit text types only: a range, bit string, network address or engine-specific value (point, box)
  // without a pattern or categories is written as its type's plain values, which its column reads.
  text: ({ field, recipe, context, unique }) =>
    STRUCTURED_TEXT.has(field.type.logical)
      ? createTypeDefault(field.type, context)
      : createFreeText(field, recipe.length, context, unique),
  null: () => () => null,
  database: () => () => null,
};

/** Types whose text has a syntax of its own, which free words do not follow. */
const STRUCTURED_TEXT: ReadonlySet<LogicalType> = new Set([
  'range',
  'bit',
  'inet',
  'cidr',
  'macaddr',
  'opaque',
]);

/** Keeps the rows a field's null stratum takes apart from the ranks of its categories. */
const NULLS_SALT = 0x2545f491;

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

/** Keeps the rows a field's empty-text stratum takes apart from its null stratum. */
const EMPTY_SALT = 0x6c8e9cf5;
/**
 * `generate` giving the empty text for the measured share of a semantic text field's non-null values
 * (`stats.empty`, a share of all rows): a street field that is nearly always `''` (an unused second address
 * line, its `''` not kept as a literal of a personal field) stays so, where a semantic generator never gives
 * the empty text. (Categorical recipes list a kept `''`; free text draws its measured lengths, 0 included.)
 */
function followEmptyShare(
  field: FieldTask,
  context: BuildContext,
  unique: boolean,
  generate: ValueGenerator,
): ValueGenerator {
  const empty = field.stats?.empty ?? 0;
  if (unique || !(empty > 0) || field.type.logical !== 'string' || field.generator.kind !== 'semantic')
    return generate;
  const share = Math.min(1, empty / Math.max(1e-9, 1 - (field.stats?.nulls ?? 0)));
  return replaceShare(share, '', { ...context, key: context.key ^ EMPTY_SALT }, generate);
}

/**
 * `generate` with `value` in place of its values for `share` of the rows: an exact stratum of a dataset's own
 * rows (members of documents and array elements draw theirs per value).
 */
function replaceShare(
  share: number,
  value: Value,
  context: BuildContext,
  generate: ValueGenerator,
): ValueGenerator {
  if (share >= 1) return () => value;
  const strata = createStrata([share, 1 - share], context);
  if (strata === undefined)
    return (random, index) => (random.float() < share ? value : generate(random, index));
  const spot: StratumSpot = { stratum: 0, within: 0 };
  return (random, index) => (strata.locate(index, spot).stratum === 0 ? value : generate(random, index));
}

/** The value generator for `field` with its null share applied (when the field may be null). */
export function compileFieldValue(field: FieldTask, context: BuildContext, unique: boolean): ValueGenerator {
  const generate = followEmptyShare(
    field,
    context,
    unique,
    followTypeMix(field, context, compileRecipe(field, context, unique)),
  );
  const nulls = field.nullable ? (field.generator.nulls ?? 0) : 0;
  if (nulls <= 0) return generate;
  return replaceShare(
    nulls,
    null,
    { ...context, key: (context.nullKey ?? context.key) ^ NULLS_SALT },
    generate,
  );
}
