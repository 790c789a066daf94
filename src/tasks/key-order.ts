/**
 * The fixed key order of saved task files: the order of the TypeScript interfaces in `types.ts` (and of the
 * schema's `properties`, which a test keeps equal). Each table is complete by type: a key added to an
 * interface and missing here is a compile error. Recipes put `kind` first, then their own options, then the
 * options common to every recipe.
 */

import type { ParsedCheck } from '../catalog/model.js';
import type {
  CardinalityStats,
  CheckTask,
  CollectionTask,
  DatasetHeader,
  DatasetSampling,
  DatasetTask,
  ExclusionTask,
  FieldStats,
  FieldTask,
  GeneratorKind,
  GeneratorRecipe,
  IndexTask,
  KeysTask,
  LengthStats,
  MapTask,
  NamedFields,
  OrderedGap,
  OtherBucket,
  PatternShare,
  Plan,
  PlanDataset,
  PlanSource,
  PrivacyOverride,
  PrivacySettings,
  RecipeCommon,
  RelationEndTask,
  RelationTask,
  RuleTask,
  SamplingSettings,
  SemanticTask,
  TypeTask,
  UniqueTask,
} from './types.js';

/** Every key of `T`, each exactly once, in the order they are written. */
type Order<T> = { readonly [K in keyof Required<T>]: true };

type Variant<U, K> = Extract<U, { readonly kind: K }>;

const COMMON: Order<RecipeCommon> = { nulls: true, unique: true, edited: true };

const recipe = <K extends GeneratorKind>(
  _kind: K,
  own: Omit<Order<Variant<GeneratorRecipe, K>>, keyof RecipeCommon | 'kind'>,
): Order<Variant<GeneratorRecipe, K>> =>
  ({ kind: true, ...own, ...COMMON }) as unknown as Order<Variant<GeneratorRecipe, K>>;

export const KEY_ORDER = {
  plan: {
    version: true,
    profile: true,
    taken: true,
    sampling: true,
    privacy: true,
    sources: true,
    datasets: true,
    relations: true,
  } satisfies Order<Plan>,
  taken: { at: true, by: true } satisfies Order<Plan['taken']>,
  samplingSettings: { method: true, rows: true, seconds: true, seed: true } satisfies Order<SamplingSettings>,
  privacySettings: { k: true, digits: true, overrides: true } satisfies Order<PrivacySettings>,
  privacyOverride: { match: true, personal: true } satisfies Order<PrivacyOverride>,
  planSource: { name: true, kind: true, version: true } satisfies Order<PlanSource>,
  planDataset: { source: true, name: true, file: true, enabled: true } satisfies Order<PlanDataset>,
  dataset: {
    version: true,
    dataset: true,
    sampling: true,
    fields: true,
    keys: true,
    checks: true,
    exclusions: true,
    indexes: true,
    relations: true,
    rules: true,
  } satisfies Order<DatasetTask>,
  datasetHeader: {
    source: true,
    name: true,
    namespace: true,
    local: true,
    kind: true,
    writable: true,
    rows: true,
    lookup: true,
    partition_of: true,
    partition_key: true,
    partition_bound: true,
    comment: true,
    definition: true,
    collection: true,
  } satisfies Order<DatasetHeader>,
  collection: {
    capped: true,
    time_series: true,
    validator: true,
    validation_level: true,
    validation_action: true,
  } satisfies Order<CollectionTask>,
  capped: { size: true, max: true } satisfies Order<NonNullable<CollectionTask['capped']>>,
  timeSeries: { time_field: true, meta_field: true, granularity: true } satisfies Order<
    NonNullable<CollectionTask['time_series']>
  >,
  mapTask: { keys: true, size: true, value: true } satisfies Order<MapTask>,
  datasetSampling: { method: true, rows: true, seed: true, truncated: true } satisfies Order<DatasetSampling>,
  keys: { primary: true, unique: true } satisfies Order<KeysTask>,
  namedFields: { name: true, fields: true } satisfies Order<NamedFields>,
  uniqueKey: {
    name: true,
    fields: true,
    via: true,
    predicate: true,
    expressions: true,
    nulls_not_distinct: true,
  } satisfies Order<UniqueTask>,
  check: { name: true, expression: true, parsed: true } satisfies Order<CheckTask>,
  exclusion: { name: true, definition: true } satisfies Order<ExclusionTask>,
  index: {
    name: true,
    fields: true,
    method: true,
    unique: true,
    predicate: true,
    expressions: true,
    document: true,
  } satisfies Order<IndexTask>,
  relationEnd: { source: true, dataset: true, fields: true } satisfies Order<RelationEndTask>,
  relation: {
    name: true,
    from: true,
    to: true,
    declared: true,
    confidence: true,
    on_delete: true,
    on_update: true,
    match: true,
    deferrable: true,
    initially_deferred: true,
    cardinality: true,
  } satisfies Order<RelationTask>,
  cardinality: {
    childless: true,
    null_share: true,
    p50: true,
    p95: true,
    max: true,
    histogram: true,
    parent_shares: true,
  } satisfies Order<CardinalityStats>,
  orderedGap: { histogram: true, unit: true } satisfies Order<OrderedGap>,
  type: {
    logical: true,
    native: true,
    length: true,
    precision: true,
    scale: true,
    labels: true,
    element: true,
    dimensions: true,
    domain: true,
    attributes: true,
    range_of: true,
    fixed_length: true,
    time_precision: true,
    bits: true,
    unsigned: true,
    earliest: true,
    latest: true,
    zoned: true,
    special: true,
    literal: true,
  } satisfies Order<TypeTask>,
  domain: { name: true, base: true, not_null: true, checks: true } satisfies Order<
    NonNullable<TypeTask['domain']>
  >,
  attribute: { name: true, type: true } satisfies Order<NonNullable<TypeTask['attributes']>[number]>,
  semantic: { type: true, personal: true, confidence: true, overridden: true } satisfies Order<SemanticTask>,
  field: {
    name: true,
    type: true,
    nullable: true,
    key: true,
    default: true,
    identity: true,
    sequence: true,
    generated: true,
    collation: true,
    comment: true,
    semantic: true,
    generator: true,
    stats: true,
    fields: true,
    element: true,
    map: true,
  } satisfies Order<FieldTask>,
  otherBucket: { share: true, semantic: true, pattern: true, length: true } satisfies Order<OtherBucket>,
  lengthStats: { min: true, p5: true, p50: true, p95: true, max: true } satisfies Order<LengthStats>,
  stats: {
    count: true,
    nulls: true,
    empty: true,
    distinct: true,
    unique: true,
    min: true,
    max: true,
    mean: true,
    stddev: true,
    quantiles: true,
    length: true,
    repeats: true,
    top: true,
    pattern: true,
    patterns: true,
    classes: true,
    case: true,
    domains: true,
    local_shapes: true,
    decimals: true,
    integer: true,
    monotonic: true,
    weekday: true,
    hour: true,
    presence: true,
    types: true,
  } satisfies Order<FieldStats>,
  topValue: { value: true, share: true } satisfies Order<NonNullable<FieldStats['top']>[number]>,
  statsPattern: { regex: true, coverage: true } satisfies Order<NonNullable<FieldStats['pattern']>>,
  statsPatternShare: { regex: true, share: true } satisfies Order<
    NonNullable<FieldStats['patterns']>[number]
  >,
  patternShare: { pattern: true, share: true } satisfies Order<PatternShare>,
  statsDecimals: { precision: true, scale: true } satisfies Order<NonNullable<FieldStats['decimals']>>,
  statsCase: { upper: true, lower: true, title: true, mixed: true } satisfies Order<
    NonNullable<FieldStats['case']>
  >,
} as const;

/** Recipe key order by kind. */
export const RECIPE_ORDER: { readonly [K in GeneratorKind]: Order<Variant<GeneratorRecipe, K>> } = {
  sequence: recipe('sequence', { start: true, step: true }),
  categorical: recipe('categorical', { weights: true, other: true }),
  histogram: recipe('histogram', { bins: true, integer: true, scale: true }),
  pattern: recipe('pattern', { pattern: true, mixture: true, length: true }),
  semantic: recipe('semantic', { semantic: true, locale: true }),
  reference: recipe('reference', { dataset: true, field: true, source: true }),
  constant: recipe('constant', { value: true }),
  uuid: recipe('uuid', { version: true }),
  document: recipe('document', {}),
  array: recipe('array', { length: true, combinations: true, distinct: true }),
  boolean: recipe('boolean', { true_share: true }),
  text: recipe('text', { length: true }),
  null: recipe('null', {}),
  database: recipe('database', {}),
};

/** Parsed check key order by kind. */
export const PARSED_CHECK_ORDER: { readonly [K in ParsedCheck['kind']]: Order<Variant<ParsedCheck, K>> } = {
  range: { kind: true, field: true, min: true, max: true, minExclusive: true, maxExclusive: true },
  in: { kind: true, field: true, values: true },
  compare: { kind: true, left: true, op: true, right: true },
  'not-null': { kind: true, field: true },
  length: { kind: true, field: true, min: true, max: true },
};

/** Rule key order by kind. */
export const RULE_ORDER: { readonly [K in RuleTask['kind']]: Order<Variant<RuleTask, K>> } = {
  ordered: { kind: true, fields: true, strict: true, gap: true },
  depends: { kind: true, fields: true, determines: true, pairs: true },
  expression: { kind: true, expression: true },
};
