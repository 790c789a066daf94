/**
 * The contract every source folder implements (`sources/postgres`, `sources/mysql`, `sources/mongodb`,
 * `sources/registry`). The core (profiler, generator, cleanup) only speaks to these interfaces, so it has no
 * driver import; adding a source means adding one folder that exports a {@link SourceKind} and implements the
 * sessions it opens. What not every kind can do is optional here (sampling rows, deleting by key, loading a
 * cycle, ...) and described by its {@link Capabilities}, which the plan asks before anything is written.
 */
import type { Catalog, Dataset, Relation, SourceInfo, SpecialValue } from '../catalog/model.js';
import type { Row, Value } from '../catalog/values.js';
import type { Address } from '../shared/address.js';
import type { Logger } from '../shared/log.js';
import type { DatasetTask, Profile, SamplingMethod } from '../tasks/types.js';
import type { EncodedChunk } from './chunk-decoder.js';
import type { HardCheck } from './violation-queries.js';

/** Which datasets to read: names or globs (`public.*`, `*.orders`) matched against qualified names. */
export interface DatasetFilter {
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Namespaces (schemas/databases) to read; all non-system ones when absent. */
  readonly namespaces?: readonly string[];
}

export interface SampleOptions {
  /** Row budget; ignored when `full`. */
  readonly rows: number;
  /** Time budget in seconds: the stream ends (truncated) when it runs out. */
  readonly seconds: number;
  readonly seed: number;
  /** Read every row. */
  readonly full: boolean;
  readonly signal?: AbortSignal;
}

/** Rows as columns: `columns[field][i]` is field's value in row i (a missing column reads as null). */
export interface RowBatch {
  readonly length: number;
  readonly columns: Readonly<Record<string, readonly Value[]>>;
}

/**
 * The rows of a load already encoded as CSV, in row order: the CSV file format without its header (values in
 * PostgreSQL's text forms, RFC 4180 quoting, NULL as an empty unquoted field, an empty string as `""`, an
 * array of documents as JSON), the columns `fields` in that order.
 */
export interface CsvChunks {
  readonly fields: readonly string[];
  chunks(): AsyncIterable<{ readonly bytes: Uint8Array; readonly rows: number }>;
}

/**
 * Rows to load. A stream may offer the same rows as column batches too (the generator does); a target that
 * encodes column by column reads those instead. The generator may also offer them as CSV encoded by worker
 * threads (`csv`), which a target that reads CSV takes when the columns match. Read once, one way.
 */
export interface LoadRows extends AsyncIterable<Row> {
  readonly batches?: () => AsyncIterable<RowBatch>;
  readonly csv?: CsvChunks;
}

/** A stream of sampled rows, plus how they were chosen. */
export interface SampleStream extends AsyncIterable<Row> {
  readonly method: SamplingMethod;
  /** True once the time budget stopped the stream early. */
  readonly truncated: () => boolean;
  /**
   * The same rows as column batches, for consumers that work column by column (the profiler). Optional: a
   * source offers it when it reads columns cheaply. A stream is read once, either as rows or as batches.
   */
  readonly batches?: () => AsyncIterable<RowBatch>;
  /**
   * The same rows as the source's encoded bytes, each chunk with the format that decodes it on any thread
   * (`createChunkDecoder`), for consumers that spread decoding over worker threads. Optional, like `batches`.
   */
  readonly chunks?: () => AsyncIterable<EncodedChunk>;
}

/**
 * What the database already keeps about a field (PostgreSQL's `pg_stats`), read instead of rows by
 * `doppel profile --from-stats`. Values are real values of the source: they go through the privacy filter
 * like sampled ones.
 */
export interface FieldStatistics {
  readonly field: string;
  /** Share of all rows that are null. */
  readonly nullShare: number;
  /** Estimated distinct non-null values. */
  readonly distinct: number;
  /** Average stored width of a non-null value, in bytes. */
  readonly width: number;
  /** Most common values with their share of all rows. */
  readonly common: readonly { readonly value: Value; readonly share: number }[];
  /** Bounds of equal-population buckets over the values outside `common`, ascending (extremes included). */
  readonly bounds: readonly Value[];
  /** Correlation of the values with the table's physical order (-1..1). */
  readonly correlation?: number;
}

/** A dataset's statistics: its estimated row count and, per field, what `FieldStatistics` holds. */
export interface DatasetStatistics {
  readonly rows: number;
  readonly fields: readonly FieldStatistics[];
}

/** A read-only session on a source. */
export interface SourceSession {
  readonly info: SourceInfo;
  /**
   * Optional: the namespace `doppel generate` writes every dataset to through this address (a MySQL or
   * MongoDB address naming a database); `doppel validate` looks for a profile's datasets there.
   */
  readonly placedNamespace?: string;
  extract(filter: DatasetFilter, signal?: AbortSignal): Promise<Catalog>;
  /** Optional: rows of a dataset within the budget. A kind without rows (a schema registry) has none. */
  sample?(dataset: Dataset, options: SampleOptions): SampleStream;
  /**
   * Optional, for a kind without rows (a schema registry): the dataset's task file with every recipe derived
   * from its schema alone (types, formats, enums, defaults), marked `sampling.method: schema`. `doppel profile`
   * uses it instead of sampling.
   */
  describeFromSchema?(
    dataset: Dataset,
    options: { readonly source: string; readonly seed: number },
  ): DatasetTask;
  /**
   * Optional: the statistics the database keeps about the dataset, reading no row of it; `undefined` when
   * it has none (never analyzed). `doppel profile --from-stats` uses it instead of sampling.
   */
  readStatistics?(dataset: Dataset, signal?: AbortSignal): Promise<DatasetStatistics | undefined>;
  /**
   * Optional: rows of `relation.from.dataset` whose reference equals one of `parentKeys` (each a tuple in
   * the order of `relation.to.fields`): used to measure children per parent without the bias of independent
   * samples. Without it, relations are profiled without their children-per-parent counts. `fields` names the
   * fields the caller reads (all when absent); a source may return only those.
   */
  sampleChildren?(
    relation: Relation,
    parentKeys: readonly (readonly Value[])[],
    options: ChildSampleOptions,
  ): AsyncIterable<Row>;
  /**
   * Optional: how many parents of `relation` have each number of children (`[children, parents]` pairs, zero
   * included), counted by the source over every parent with a key, within the time budget `seconds` beyond
   * the statement timeout. Full profiles use it instead of `sampleChildren` on every parent.
   */
  countChildren?(
    relation: Relation,
    options: Pick<SampleOptions, 'seconds' | 'signal'>,
  ): Promise<readonly (readonly [number, number])[]>;
  close(): Promise<void>;
  /**
   * Optional: counts, in the source itself, the rows breaking each check (same order). A source without it is
   * validated from its re-profile instead.
   */
  countViolations?(checks: readonly HardCheck[], signal?: AbortSignal): Promise<number[]>;
}

/** How many children `sampleChildren` reads at most, and which of their fields are needed. */
export interface ChildSampleOptions extends Pick<SampleOptions, 'rows' | 'signal'> {
  readonly fields?: readonly string[];
}

export interface LoadOptions {
  readonly mode: 'append' | 'truncate';
  readonly signal?: AbortSignal;
  readonly onProgress?: (rows: number) => void;
}

/** A writable session on a target: loads generated rows and, where it can, deletes them again. */
export interface TargetSession {
  readonly info: SourceInfo;
  /** What this target can do: the plan asks before anything is written. */
  readonly capabilities: Capabilities;
  /** Loads `rows` into the dataset's table; all or nothing. Returns the number of rows written. */
  load(dataset: DatasetTask, rows: LoadRows, options: LoadOptions): Promise<number>;
  /**
   * Optional: deletes rows by key tuples (children must be deleted before parents by the caller). A target
   * without it (a Kafka topic) cannot be cleaned.
   */
  deleteByKeys?(
    dataset: DatasetTask,
    fields: readonly string[],
    keys: readonly (readonly Value[])[],
  ): Promise<number>;
  close(): Promise<void>;
  /**
   * Optional, for a target that writes each dataset into a destination of its own (a Kafka topic): where the
   * dataset's records went and whether this session created that destination. Read after the load for the
   * run manifest.
   */
  destinationOf?(dataset: DatasetTask): TargetDestination | undefined;
  /** Optional: deletes whole topics (a Kafka target, whose records cannot be deleted by key). */
  deleteTopics?(topics: readonly string[]): Promise<void>;
  // Optional capabilities: the generator's database loader and `doppel clean` use them when present.
  /** Loads the tables of one foreign-key cycle together (deferred constraints or disabled triggers). */
  loadCycle?(
    datasets: readonly DatasetTask[],
    rowsByDataset: ReadonlyMap<string, AsyncIterable<Row>>,
    options: LoadOptions,
  ): Promise<Map<string, number>>;
  /** Creates the profile's types, tables, keys and constraints. */
  createSchema?(profile: Profile, signal?: AbortSignal): Promise<void>;
  /**
   * Runs `work` in one transaction: every load, update, truncate and delete made through this session while
   * it runs commits or rolls back with it.
   */
  inTransaction?<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Empties the tables of `datasets` in one statement (tables referencing each other empty together). */
  truncate?(datasets: readonly DatasetTask[], signal?: AbortSignal): Promise<void>;
  /** Defers every deferrable constraint to the end of the current transaction. */
  deferConstraints?(): Promise<void>;
  /**
   * Sets `fields` of the row whose `keyFields` equal a tuple's first values to the tuple's remaining values
   * (each tuple: key values, then field values). Returns the number of rows updated.
   */
  updateByKeys?(
    dataset: DatasetTask,
    keyFields: readonly string[],
    fields: readonly string[],
    tuples: readonly (readonly Value[])[],
  ): Promise<number>;
  /** The table's row count and the largest value of each of `fields` (null in an empty table). */
  readExtent?(
    dataset: DatasetTask,
    fields: readonly string[],
  ): Promise<{ readonly rows: number; readonly maxima: Readonly<Record<string, Value>> }>;
  /** Positions (0-based) of those `keys` (tuples over `fields`) that some row of the table already has. */
  findExistingKeys?(
    dataset: DatasetTask,
    fields: readonly string[],
    keys: readonly (readonly Value[])[],
  ): Promise<number[]>;
}

/** Where a target wrote a dataset's records (a Kafka topic). */
export interface TargetDestination {
  readonly topic: string;
  /** True when the session created the topic (so `doppel clean --delete-topics` may delete it). */
  readonly created: boolean;
}

/** How a stream target's pacing stands: what `--rate` runs report as progress. */
export interface PaceStatus {
  /** Records handed to the broker so far (every dataset). */
  readonly records: number;
  /** Records per second since the first one. */
  readonly rate: number;
  /** Seconds the stream is behind its schedule (0 when on time or unpaced). */
  readonly lag: number;
}

/** A source of time, injected so that pacing can be tested without waiting. */
export interface PaceClock {
  /** Milliseconds (any fixed origin). */
  now(): number;
  /** Resolves after `ms` milliseconds (rejects when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Options of targets that receive records as a stream (Kafka): how values are encoded, where their schemas
 * are registered, and the pace at which records go out.
 */
export interface StreamTargetOptions {
  /** The schema registry's base URL: values (and keys) in Confluent's wire format; plain JSON without. */
  readonly registry?: string;
  /**
   * Whether the environment's registry credentials (`DOPPEL_REGISTRY_USER`...) go to `registry`; by default
   * unless the address came from a request (`ConnectOptions.environmentDefaults`). False for a registry a
   * service request named that is not the service's own.
   */
  readonly registryCredentials?: boolean;
  /** The schema format registered (default avro). */
  readonly encoding?: 'avro' | 'json-schema';
  /** Records per second over the whole run; unpaced when absent. */
  readonly rate?: number;
  readonly clock?: PaceClock;
  readonly onPace?: (status: PaceStatus) => void;
}

export interface ConnectOptions {
  readonly log: Logger;
  /** Stream targets (Kafka) only: encoding, registry and pace. */
  readonly stream?: StreamTargetOptions;
  /** Display name for the source in profiles (never the address). */
  readonly name: string;
  /** Per-statement timeout, milliseconds. */
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
  /**
   * False when the address came from a request to the service: the source kind must take nothing from
   * this process's environment or files (driver defaults such as PGPASSWORD or PGUSER, password files,
   * local sockets, certificate files named in the address). Default true (the CLI, configured connections).
   */
  readonly environmentDefaults?: boolean;
}

/**
 * What a kind of source or target can do. The generation plan reads these before anything is written: a
 * foreign-key cycle, `--create-schema`, `--mode truncate` or an edge value the target cannot take is refused
 * or left out up front instead of failing halfway through a load.
 */
export interface Capabilities {
  /** Loads, truncation and schema creation run in one transaction: a failed run leaves nothing behind. */
  readonly transactions: boolean;
  /** Foreign keys may be DEFERRABLE and checked at commit (cycles load with the constraint deferred). */
  readonly deferrableConstraints: boolean;
  /** Foreign-key checks (or the triggers enforcing them) can be switched off while a cycle loads. */
  readonly disableForeignKeyChecks: boolean;
  /** A self-referencing table loads in one statement, its references checked at the statement's end. */
  readonly selfReferenceInOneLoad: boolean;
  /** Rows can be updated by key after loading (cycles loaded with a null reference, set afterwards). */
  readonly updateByKeys: boolean;
  /** Creates tables, types, keys and constraints from a profile (`--create-schema`). */
  readonly createSchema: boolean;
  /** Empties tables (`--mode truncate`). */
  readonly truncate: boolean;
  /** Deletes rows by key (`doppel clean`). */
  readonly deleteByKeys: boolean;
  /** How the kind samples rows, best first; empty for a kind without rows. */
  readonly samplingMethods: readonly SamplingMethod[];
  /** Special values the kind stores where a type allows them (NaN, ±infinity); others are never written. */
  readonly specialValues: readonly SpecialValue[];
  /** Longest table or column name, in bytes. */
  readonly identifierLength?: number;
}

/** What a kind that only reads (no target opener yet: a schema registry) can do as a target: nothing. */
export const NO_TARGET_CAPABILITIES = {
  transactions: false,
  deferrableConstraints: false,
  disableForeignKeyChecks: false,
  selfReferenceInOneLoad: false,
  updateByKeys: false,
  createSchema: false,
  truncate: false,
  deleteByKeys: false,
} as const satisfies Partial<Capabilities>;

/** Opens a read-only session on a source address of the kind. */
export type SourceOpener = (address: Address, options: ConnectOptions) => Promise<SourceSession>;
/** Opens a writable session on a target address of the kind. */
export type TargetOpener = (address: Address, options: ConnectOptions) => Promise<TargetSession>;

/**
 * One kind of source or target: a plain object each source folder exports from its `index.ts`
 * (`satisfies SourceKind`), listed once in `sources/index.ts`. Importing it must stay cheap: the openers load
 * the driver when first called.
 */
export interface SourceKind {
  /** Stable id, e.g. `postgres`, `pglite`. */
  readonly id: string;
  /** How people name it: `PostgreSQL`. */
  readonly displayName: string;
  /** The address kinds (`src/shared/address.ts`) it opens. */
  readonly addressKinds: readonly Address['kind'][];
  /** The address schemes those are written with, for messages and docs: `postgres://`, `postgresql://`. */
  readonly schemes: readonly string[];
  readonly capabilities: Capabilities;
  /** Absent when the kind cannot be read as a source. */
  readonly openSource?: SourceOpener;
  /** Absent when the kind cannot be written as a target. */
  readonly openTarget?: TargetOpener;
}
