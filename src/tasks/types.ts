/**
 * Task-file format, version 1: the portable contract between profiling and generation.
 *
 * A profile folder holds `plan.yaml` (a {@link Plan}) and one file per dataset (a {@link DatasetTask}).
 * Keys in YAML are snake_case; these types mirror the YAML exactly (what `loadProfile` returns is what the file
 * says), so that a person reading a file and a developer reading this module see the same names.
 * The published JSON Schema (`schema/task-file.v1.json`) describes the same shapes and is checked against them.
 */
import type { LogicalType } from '../catalog/logical-type.js';
import type { DatasetKind, ParsedCheck, ReferentialAction, SourceKind, TypeFacts } from '../catalog/model.js';
import type { GeneratorRecipe, HistogramBin } from './recipe-types.js';
import type { FieldStats, LengthStats } from './stats-types.js';

export * from './recipe-types.js';
export * from './stats-types.js';

export const TASK_FORMAT_VERSION = 1 as const;

// ---------------------------------------------------------------------------------------------------------------
// plan.yaml

export interface Plan {
  readonly version: 1;
  readonly profile: string;
  /** Who took the profile and how. */
  readonly taken: {
    readonly at: string; // ISO 8601 instant
    readonly by: string; // `doppel <version>`
  };
  readonly sampling: SamplingSettings;
  readonly privacy: PrivacySettings;
  /** Sources by display name and type only: never an address or a credential. */
  readonly sources: readonly PlanSource[];
  readonly datasets: readonly PlanDataset[];
  /** Relations that cross datasets of different sources (same-source relations live in the dataset files). */
  readonly relations: readonly RelationTask[];
}

export interface PlanSource {
  readonly name: string;
  readonly kind: SourceKind;
  readonly version?: string;
}

export interface PlanDataset {
  readonly source: string;
  readonly name: string;
  /** File name inside the profile folder, derived from the name by `datasetFileName`. */
  readonly file: string;
  /** Whether `doppel generate` produces this dataset (a person may switch one off). */
  readonly enabled: boolean;
}

export interface SamplingSettings {
  readonly method: SamplingMethod;
  /** Row budget per dataset; absent when every row was read. */
  readonly rows?: number;
  /** Time budget per dataset, seconds. */
  readonly seconds?: number;
  readonly seed: number;
}

export type SamplingMethod =
  | 'full'
  | 'tablesample-system'
  | 'tablesample-bernoulli'
  | 'key-ranges'
  | 'sample-stage'
  | 'head'
  /** The newest messages of every partition of a topic (Kafka). */
  | 'latest'
  /** Nothing was sampled: the source has no rows (a schema registry) and every recipe comes from the schema. */
  | 'schema'
  /** No row was read: built from the statistics the database keeps (`doppel profile --from-stats`). */
  | 'statistics';

export interface PrivacySettings {
  /** A literal reaches the profile only if it occurred at least k times in the sample. */
  readonly k: number;
  /** Significant digits kept for numbers. */
  readonly digits: number;
  /** Classification overrides from the profile config, recorded as applied. */
  readonly overrides: readonly PrivacyOverride[];
}

export interface PrivacyOverride {
  /** `dataset.field` name or glob. */
  readonly match: string;
  readonly personal: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// <dataset>.yaml

export interface DatasetTask {
  readonly version: 1;
  readonly dataset: DatasetHeader;
  readonly sampling: DatasetSampling;
  readonly fields: readonly FieldTask[];
  readonly keys: KeysTask;
  readonly checks: readonly CheckTask[];
  /** Exclusion constraints (PostgreSQL), absent when there are none. */
  readonly exclusions?: readonly ExclusionTask[];
  readonly indexes: readonly IndexTask[];
  readonly relations: readonly RelationTask[];
  readonly rules: readonly RuleTask[];
}

export interface DatasetHeader {
  readonly source: string;
  readonly name: string;
  readonly namespace?: string;
  readonly local: string;
  readonly kind: DatasetKind;
  readonly writable: boolean;
  /** Estimated rows in the source: the default size of a generated dataset. */
  readonly rows: number;
  /**
   * A lookup (dimension) table: small, referenced by others, its rows a fixed vocabulary. It keeps `rows`
   * under `--scale` unless `--scale-lookups` is given. Written by the profiler when it classifies the table
   * so; editable (remove it or set false to scale the table, set true to keep one's size).
   */
  readonly lookup?: boolean;
  readonly partition_of?: string;
  readonly partition_key?: string;
  readonly partition_bound?: string;
  readonly comment?: string;
  /** The query of a view or materialized view (schema text, as the source prints it). */
  readonly definition?: string;
  /** MongoDB collection options (capped, time-series, validator), schema text. */
  readonly collection?: CollectionTask;
}

export interface CollectionTask {
  readonly capped?: { readonly size?: number; readonly max?: number };
  readonly time_series?: {
    readonly time_field: string;
    readonly meta_field?: string;
    readonly granularity?: string;
  };
  /** The validator document as declared (JSON text, e.g. `{"$jsonSchema":{...}}`). */
  readonly validator?: string;
  readonly validation_level?: string;
  readonly validation_action?: string;
}

export interface DatasetSampling {
  readonly method: SamplingMethod;
  /** Rows actually read. */
  readonly rows: number;
  readonly seed: number;
  /** True when the time budget stopped sampling early. */
  readonly truncated?: boolean;
}

export interface KeysTask {
  readonly primary?: NamedFields;
  readonly unique: readonly UniqueTask[];
}

export interface NamedFields {
  readonly name?: string;
  readonly fields: readonly string[];
}

export interface UniqueTask extends NamedFields {
  readonly via: 'constraint' | 'index';
  readonly predicate?: string;
  readonly expressions?: readonly string[];
  readonly nulls_not_distinct?: boolean;
}

export interface CheckTask {
  readonly name?: string;
  /** Raw expression (schema text). */
  readonly expression: string;
  /** Simple parsed shape the generator enforces, when there is one. */
  readonly parsed?: ParsedCheck;
}

export interface ExclusionTask {
  readonly name?: string;
  /** Raw definition as the source prints it, e.g. `EXCLUDE USING gist (room WITH =, during WITH &&)`. */
  readonly definition: string;
}

export interface IndexTask {
  readonly name: string;
  readonly fields: readonly string[];
  readonly method: string;
  readonly unique: boolean;
  readonly predicate?: string;
  readonly expressions?: readonly string[];
  /**
   * MongoDB: the index as `listIndexes` gives it (key pattern with directions, unique, sparse, partial filter,
   * TTL), Extended JSON; schema text. `--create-schema` creates the index from it.
   */
  readonly document?: string;
}

export interface RelationEndTask {
  readonly source?: string;
  readonly dataset: string;
  readonly fields: readonly string[];
}

export interface RelationTask {
  readonly name?: string;
  /** The referencing fields: in a dataset file, the dataset itself is implied unless `source`/`dataset` given. */
  readonly from: RelationEndTask;
  readonly to: RelationEndTask;
  readonly declared: boolean;
  /** For inferred relations, 0..1. */
  readonly confidence?: number;
  readonly on_delete?: ReferentialAction;
  readonly on_update?: ReferentialAction;
  readonly match?: 'simple' | 'full' | 'partial';
  readonly deferrable?: boolean;
  readonly initially_deferred?: boolean;
  /** Measured children per parent and the share of children whose reference is null. */
  readonly cardinality?: CardinalityStats;
}

export interface CardinalityStats {
  /** Share of parents with no child. */
  readonly childless: number;
  /** Share of children whose reference is null. */
  readonly null_share: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** Equi-depth bins over children-per-parent: [low, high, weight]. */
  readonly histogram: readonly HistogramBin[];
  /**
   * Parent tables under `SMALL_PARENT_TABLE` rows: every parent's share of the non-null children, largest
   * first (ranked, so no parent key is kept; childless parents are zeros).
   */
  readonly parent_shares?: readonly number[];
}

/** The measured distribution of `b − a` of an ordered pair, so the generator can draw `b = a + gap`. */
export interface OrderedGap {
  /** Bins over the gap: [low, high, weight], in `unit`. */
  readonly histogram: readonly HistogramBin[];
  /** Seconds for timestamps, days for dates, plain numbers otherwise. */
  readonly unit: 'seconds' | 'days' | 'number';
}

export type RuleTask =
  | {
      readonly kind: 'ordered';
      readonly fields: readonly [string, string];
      readonly strict?: boolean;
      /** Measured gap between the two fields (absent in hand-written rules: the pair is then swapped into order). */
      readonly gap?: OrderedGap;
    }
  | {
      readonly kind: 'depends';
      /** Determinant field(s). */
      readonly fields: readonly string[];
      /** Dependent field. */
      readonly determines: string;
      /**
       * Measured pairs of a single determinant, determinant value → dependent value: only pairs seen at least
       * k times whose values are both kept in their fields (never a personal field's). The generator uses them
       * first and matches the other determinant values to dependent values by share.
       */
      readonly pairs?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'expression'; readonly expression: string }
  /**
   * Child fields that copy a parent's fields for most rows (an order's shipping address is its customer's):
   * through the relation whose child fields are `relation`, `fields` maps each child field to the parent field
   * it copies, and `share` is the share of the child rows (with a parent) whose listed fields all equal it.
   * The generator copies the generated parent's values for that share of the rows; the other rows take the
   * listed fields a `depends` rule ties together from another generated parent.
   */
  | {
      readonly kind: 'copies';
      readonly relation: readonly string[];
      readonly fields: Readonly<Record<string, string>>;
      readonly share: number;
    }
  /**
   * A child field that a parent's field determines without equalling it (an order's language is set by its
   * customer's country): through the relation whose child fields are `relation`, the parent's `field`
   * determines the child's `determines` for `share` of the child rows with both values. `pairs` are the
   * measured pairs, parent value → child value, kept as in a `depends` rule (seen at least k times, both values
   * kept literals of their fields). The generator looks each row's value up from its generated parent's value
   * for that share of the rows: listed pairs first, other parent values matched to child values by share.
   */
  | {
      readonly kind: 'parent-determines';
      readonly relation: readonly string[];
      readonly field: string;
      readonly determines: string;
      readonly pairs: Readonly<Record<string, string>>;
      readonly share: number;
    }
  /**
   * A child field that comes after a field of its parent (a payment after its rental, a department stint
   * after the hire): through the relation whose child fields are `relation`, the child's `field` was at least
   * (`strict`: after) the parent's `parent_field` on every measured row, by `gap` (measured as for an `ordered`
   * pair, absent when it depends on the parent's value: salary periods of later hires are shorter). The
   * generator draws the child's value as its generated parent's value plus a gap, or without a gap redraws
   * the child's own value until it comes after the parent's.
   */
  | {
      readonly kind: 'after-parent';
      readonly relation: readonly string[];
      readonly field: string;
      readonly parent_field: string;
      readonly strict?: boolean;
      readonly gap?: OrderedGap;
    };

// ---------------------------------------------------------------------------------------------------------------
// fields

/** A field's type; the type facts (`bits`, `unsigned`, `special`, ...) are the source kind's, see `TypeFacts`. */
export interface TypeTask extends TypeFacts {
  readonly logical: LogicalType;
  readonly native: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly labels?: readonly string[];
  readonly element?: TypeTask;
  readonly dimensions?: number;
  readonly domain?: {
    readonly name: string;
    readonly base: string;
    readonly not_null: boolean;
    readonly checks: readonly CheckTask[];
  };
  readonly attributes?: readonly { readonly name: string; readonly type: TypeTask }[];
  readonly range_of?: TypeTask;
  readonly fixed_length?: boolean;
  readonly time_precision?: number;
}

export type KeyMembership = 'primary' | 'unique' | 'foreign';

export interface SemanticTask {
  /** One of the semantic types (`email`, `phone`, `person.first_name`, ...). */
  readonly type: string;
  readonly personal: boolean;
  readonly confidence: number;
  /** Set when the classification came from a privacy override rather than detection. */
  readonly overridden?: boolean;
  /** `address.full`: most values run over several lines (generated with a line break after the street). */
  readonly lines?: boolean;
}

export interface FieldTask {
  readonly name: string;
  readonly type: TypeTask;
  readonly nullable: boolean;
  readonly key?: readonly KeyMembership[];
  readonly default?: string;
  readonly identity?: 'always' | 'by-default';
  readonly sequence?: string;
  readonly generated?: string;
  readonly collation?: string;
  readonly comment?: string;
  readonly semantic?: SemanticTask;
  readonly generator: GeneratorRecipe;
  readonly stats?: FieldStats;
  /** Child fields of documents and JSON shapes. */
  readonly fields?: readonly FieldTask[];
  /** For arrays: the element, described like a field (its name is `[]`). */
  readonly element?: FieldTask;
  /** Documents keyed by ids (unbounded keys), summarised as a map: how keys look, how many, one value shape. */
  readonly map?: MapTask;
}

export interface MapTask {
  /** How the keys look: `objectId`, `integer`, `uuid` or `string`. */
  readonly keys: string;
  /** Keys per document. */
  readonly size: LengthStats;
  /** Every value of the map, described like a field (its name is `[value]`). */
  readonly value: FieldTask;
}

// ---------------------------------------------------------------------------------------------------------------
// a whole profile in memory

export interface Profile {
  readonly plan: Plan;
  /** Dataset tasks by qualified dataset name, in plan order. */
  readonly datasets: readonly DatasetTask[];
}
