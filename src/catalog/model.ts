/**
 * The neutral catalog model: what every source's extractor produces and what the profiler, the task files,
 * the generator and the exporters read. Engine-specific facts are carried as text (`native`, expressions) and
 * never assumed by the core. Everything here is plain data (JSON-serialisable), so an extracted catalog can be
 * saved as a fixture and used without a database.
 */
import type { LogicalType } from './logical-type.js';

export type SourceKind = 'postgres' | 'mysql' | 'mongodb' | 'registry' | 'kafka' | 'file';

export type DatasetKind =
  | 'table'
  | 'partitioned-table'
  | 'partition'
  | 'view'
  | 'materialized-view'
  | 'foreign-table'
  | 'collection'
  | 'topic'
  | 'subject';

/** A type as the source names it, mapped onto a logical type. Arrays and composites nest. */
export interface FieldType extends TypeFacts {
  readonly logical: LogicalType;
  /** The type exactly as the source names it, e.g. `numeric(12,2)`, `character varying(320)`, `order_status`. */
  readonly native: string;
  /** Maximum length in characters (varchar(n), char(n)) or bits (bit(n)). */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  /** Enum labels, in declared order. */
  readonly labels?: readonly string[];
  /** Array element type. */
  readonly element?: FieldType;
  /** Array dimensions (1 for `int[]`, 2 for `int[][]`). */
  readonly dimensions?: number;
  /** Set when the native type is a domain over another type. */
  readonly domain?: DomainInfo;
  /** Attributes of a composite type (logical `object`). */
  readonly attributes?: readonly { readonly name: string; readonly type: FieldType }[];
  /** Range subtype (logical `range`). */
  readonly rangeOf?: FieldType;
  /** Fixed-length character or bit type (`char(n)`, `bit(n)`): values are padded to the length. */
  readonly fixedLength?: boolean;
  /** `timestamp`/`time` fractional second digits when declared. */
  readonly timePrecision?: number;
}

/**
 * Type facts: what the source kind knows about a type, written beside `native` (and into task files under
 * the same names) so that nothing downstream parses a native type name.
 */
export interface TypeFacts {
  /**
   * Storage width in bits: of an integer (8, 16, 24, 32, 64), a float (32 single, 64 double), a MAC address
   * (48, 64) or an identifier (128 a UUID, 96 a MongoDB ObjectId).
   */
  readonly bits?: number;
  /** An integer that holds no negative values (its range is 0 .. 2^bits - 1). */
  readonly unsigned?: boolean;
  /** Earliest and latest storable date or timestamp, ISO text with a signed year (`-4712-11-24`). */
  readonly earliest?: string;
  readonly latest?: string;
  /** A time or timestamp that carries a time zone offset. */
  readonly zoned?: boolean;
  /** Values beyond ordinary numbers and dates the type stores: `nan`, `infinity` (both signs). */
  readonly special?: readonly SpecialValue[];
  /** For opaque types: one literal the source accepts, used when nothing better is known. */
  readonly literal?: string;
}

export type SpecialValue = 'nan' | 'infinity';

/** The keys of {@link TypeFacts}, in the order task files write them. */
export const TYPE_FACT_KEYS = [
  'bits',
  'unsigned',
  'earliest',
  'latest',
  'zoned',
  'special',
  'literal',
] as const;

/** The type facts of `type` (only those it has). */
export function pickTypeFacts(type: TypeFacts): TypeFacts {
  const facts: Record<string, unknown> = {};
  for (const key of TYPE_FACT_KEYS) if (type[key] !== undefined) facts[key] = type[key];
  return facts as TypeFacts;
}

export interface DomainInfo {
  readonly name: string;
  /** The base type as the source names it. */
  readonly base: string;
  readonly notNull: boolean;
  readonly checks: readonly CheckConstraint[];
}

export interface Field {
  readonly name: string;
  /** 1-based position in the dataset. */
  readonly position: number;
  readonly type: FieldType;
  readonly nullable: boolean;
  /** Default expression as schema text. */
  readonly default?: string;
  readonly identity?: 'always' | 'by-default';
  /** Sequence that feeds the column (identity or serial), qualified. */
  readonly sequence?: string;
  /** Generated column expression; the generator never writes these. */
  readonly generated?: string;
  readonly collation?: string;
  readonly comment?: string;
  /** Child fields of a document or JSON shape (MongoDB, JSON columns). */
  readonly fields?: readonly Field[];
  /** Document sources: the shape their schema inference saw at this path (schema, not data). */
  readonly observed?: ObservedShape;
}

/**
 * What a document source's schema inference saw at one field path of its sample: how often the path was
 * present, its type mix, and for arrays and maps the shape inside. Type names are the source's own (BSON's
 * `$type` names for MongoDB); shares are of the values present at the path.
 */
export interface ObservedShape {
  /** Share of the enclosing documents (or elements) in which the path was present, 0..1. */
  readonly presence: number;
  /** Native type names with their shares, most frequent first (null included). */
  readonly types: Readonly<Record<string, number>>;
  /** Arrays: the elements, described as a field named `[]`. */
  readonly element?: Field;
  /** Documents with unbounded keys (keyed by ids), summarised as a map. */
  readonly map?: ObservedMap;
}

export interface ObservedMap {
  /** How the keys look: `objectId`, `integer`, `uuid` or `string`. */
  readonly keys: string;
  /** Keys per document. */
  readonly size: { readonly min: number; readonly p50: number; readonly p95: number; readonly max: number };
  /** Every value of the map, described as one field named `[value]`. */
  readonly value: Field;
}

export interface KeyConstraint {
  readonly name?: string;
  readonly fields: readonly string[];
}

export interface UniqueConstraint extends KeyConstraint {
  /** `constraint` for UNIQUE constraints, `index` for unique indexes. */
  readonly via: 'constraint' | 'index';
  /** Partial unique index predicate. */
  readonly predicate?: string;
  /** Set when the index is over expressions rather than plain columns. */
  readonly expressions?: readonly string[];
  readonly nullsNotDistinct?: boolean;
}

/** A check constraint in raw form, with a parsed form when it is one of the simple shapes the generator keeps. */
export interface CheckConstraint {
  readonly name?: string;
  readonly expression: string;
  readonly parsed?: ParsedCheck;
}

/** A check on one field, or between two, that a row repair can keep (see `ParsedCheck`). */
export type SimpleCheck =
  | {
      readonly kind: 'range';
      readonly field: string;
      readonly min?: number | string;
      readonly max?: number | string;
      readonly minExclusive?: boolean;
      readonly maxExclusive?: boolean;
    }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly (string | number)[] }
  | {
      readonly kind: 'compare';
      readonly left: string;
      readonly op: '<' | '<=' | '>' | '>=' | '<>';
      readonly right: string;
    }
  | { readonly kind: 'not-null'; readonly field: string }
  | { readonly kind: 'length'; readonly field: string; readonly min?: number; readonly max?: number };

export type ParsedCheck =
  | SimpleCheck
  | {
      /**
       * `field IS NULL OR (p IS NOT NULL AND ... AND <check>)`: a row with a value in `field` has values in the
       * `present` fields, and `check` holds (`actual_arrival IS NULL OR (actual_departure IS NOT NULL AND
       * actual_arrival > actual_departure)`).
       */
      readonly kind: 'when-present';
      readonly field: string;
      readonly present: readonly string[];
      readonly check?: SimpleCheck;
    };

/** The fields a parsed check reads. */
export function fieldsOfCheck(check: ParsedCheck): string[] {
  switch (check.kind) {
    case 'compare':
      return [check.left, check.right];
    case 'when-present':
      return [check.field, ...check.present, ...(check.check ? fieldsOfCheck(check.check) : [])];
    default:
      return [check.field];
  }
}

export interface ExclusionConstraint {
  readonly name?: string;
  readonly definition: string;
}

export interface Index {
  readonly name: string;
  readonly fields: readonly string[];
  readonly method: string;
  readonly unique: boolean;
  readonly predicate?: string;
  readonly expressions?: readonly string[];
  readonly definition?: string;
  /** Document stores: the index document as the server lists it (Extended JSON), kept in task files. */
  readonly document?: string;
}

export type ReferentialAction = 'no-action' | 'restrict' | 'cascade' | 'set-null' | 'set-default';

/** One end of a relation. `source` is omitted when it is the catalog's own source. */
export interface RelationEnd {
  readonly source?: string;
  readonly dataset: string;
  readonly fields: readonly string[];
}

export interface Relation {
  readonly name?: string;
  /** The referencing side (the child). */
  readonly from: RelationEnd;
  /** The referenced side (the parent key). */
  readonly to: RelationEnd;
  readonly declared: boolean;
  /** For inferred relations: how sure the inference is, 0..1. */
  readonly confidence?: number;
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly match?: 'simple' | 'full' | 'partial';
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface Dataset {
  /** Qualified display name, unique within the source: `public.orders`, `shop.users`, `events`. */
  readonly name: string;
  /** Namespace (PostgreSQL schema, MySQL database); absent where the source has none. */
  readonly namespace?: string;
  /** Unqualified name. */
  readonly local: string;
  readonly kind: DatasetKind;
  /** False for views, materialized views and foreign tables: the generator does not load them. */
  readonly writable: boolean;
  /** For partitions: the qualified name of the parent. */
  readonly partitionOf?: string;
  /** For partitioned tables: how they are partitioned (schema text). */
  readonly partitionKey?: string;
  /** Partition bound expression of a partition. */
  readonly partitionBound?: string;
  readonly fields: readonly Field[];
  readonly primaryKey?: KeyConstraint;
  readonly uniques: readonly UniqueConstraint[];
  readonly checks: readonly CheckConstraint[];
  readonly exclusions: readonly ExclusionConstraint[];
  readonly indexes: readonly Index[];
  /** Estimated number of rows, or null when unknown. */
  readonly rowEstimate: number | null;
  readonly sizeBytes?: number;
  readonly comment?: string;
  /** View definition (schema text). */
  readonly definition?: string;
  /** MongoDB collection options: capped, time-series, validator. */
  readonly collection?: CollectionOptions;
}

/** A MongoDB collection's options, as schema (JSON text where MongoDB takes a document). */
export interface CollectionOptions {
  readonly capped?: { readonly size?: number; readonly max?: number };
  readonly timeSeries?: {
    readonly timeField: string;
    readonly metaField?: string;
    readonly granularity?: string;
  };
  /** The validator document as declared, JSON text (e.g. `{"$jsonSchema":{...}}`). */
  readonly validator?: string;
  readonly validationLevel?: string;
  readonly validationAction?: string;
}

/** A user-defined type that datasets refer to (enums, domains, composites, ranges). */
export interface NamedType {
  readonly name: string;
  readonly kind: 'enum' | 'domain' | 'composite' | 'range';
  readonly type: FieldType;
}

export interface SourceInfo {
  readonly kind: SourceKind;
  /** Display name only: never an address or a credential. */
  readonly name: string;
  /** Server version string, when known. */
  readonly version?: string;
}

export interface Catalog {
  readonly source: SourceInfo;
  readonly datasets: readonly Dataset[];
  readonly relations: readonly Relation[];
  readonly types: readonly NamedType[];
}

/** Finds a dataset by qualified name. */
export function findDataset(catalog: Catalog, name: string): Dataset | undefined {
  return catalog.datasets.find((dataset) => dataset.name === name);
}
