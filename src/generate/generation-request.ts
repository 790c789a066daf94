/**
 * What a generation run is asked to do: the parsed options of `doppel generate` and of a generate job, and
 * what follows from them alone (format, database or not, shard file suffix). Its own module so that the run
 * (run-generation.ts), its record (run-record.ts) and its manifest (manifest.ts) read it without importing
 * each other.
 */
import type { Address } from '../shared/address.js';
import type { FileFormat } from './output/sinks/sink.js';
import type { Scenario } from './plan/scenario.js';

/** What to generate where: the options of `doppel generate`, parsed. */
export interface GenerationRequest {
  readonly target: Address;
  /** File format (files and stdout); default csv, jsonl on stdout. */
  readonly format?: FileFormat;
  readonly seed: number;
  readonly scale?: number;
  /** Scale lookup tables too (by default they keep their profiled rows). */
  readonly scaleLookups?: boolean;
  readonly rows?: Readonly<Record<string, number>>;
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
  /** Scenario overrides, already loaded. */
  readonly scenario?: Scenario;
  /**
   * The file the scenario was read from, recorded in the manifest for `doppel clean`. Without it a copy of
   * the scenario is saved beside the manifest (`<run>.scenario.yaml`) and recorded instead.
   */
  readonly scenarioFile?: string;
  readonly edgeCases?: number;
  /** Continue after the rows earlier runs (and, for databases, the target itself) hold. */
  readonly respectExisting?: boolean;
  /** Create tables, types and constraints first (database targets). */
  readonly createSchema?: boolean;
  /** Database targets: append (default) or empty the generated tables first. */
  readonly mode?: 'append' | 'truncate';
  /** Plan only: nothing is written and no manifest is recorded. */
  readonly dryRun?: boolean;
  /** Stream targets (Kafka) only: schema registry, value encoding, pace and duration. */
  readonly stream?: StreamRequest;
}

/** What a Kafka target is asked for besides rows (`--registry`, `--encoding`, `--rate`, `--duration`). */
export interface StreamRequest {
  /** Schema registry URL: values and keys in Confluent's wire format; plain JSON without one. */
  readonly registry?: string;
  /** See `StreamTargetOptions.registryCredentials`. */
  readonly registryCredentials?: boolean;
  readonly encoding?: 'avro' | 'json-schema';
  /** Records per second over the whole run. */
  readonly rate?: number;
  /** Seconds the paced run lasts: sets the row count to rate × duration (instead of --rows/--scale). */
  readonly duration?: number;
}

/** The format a request writes in: as asked, else jsonl on stdout and csv elsewhere. */
export function resolveFormat(request: Pick<GenerationRequest, 'format' | 'target'>): FileFormat {
  return request.format ?? (request.target.kind === 'stdout' ? 'jsonl' : 'csv');
}

/** Whether a run loads a database (not files, not stdout). */
export function isDatabase(address: Address): boolean {
  return address.kind !== 'file' && address.kind !== 'stdout';
}

/** What a shard adds to file names (`shard-2-of-4`), if anything. */
export function shardSuffix(request: GenerationRequest): string | undefined {
  const shard = request.shard;
  return shard && shard.count > 1 ? `shard-${shard.index}-of-${shard.count}` : undefined;
}
