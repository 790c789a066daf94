/**
 * The record of a generation run (run-generation.ts): its manifest, written as `running` before any byte is
 * written and again as the run ended (complete, failed or cancelled), with an inline scenario's copy beside
 * it, and the result the run returns.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { displayAddress } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { ensureStateDir, STATE_DIR_ENV } from '../shared/state-dir.js';
import type { Generation, GenerationOptions } from './engine.js';
import { type GenerationRequest, isDatabase, resolveFormat, shardSuffix } from './generation-request.js';
import type { RowPatches } from './load/load-database.js';
import {
  createRunId,
  describePlannedDatasets,
  describeRunDatasets,
  describeRunOptions,
  RUNS_SUBDIR,
  resolveRunsDir,
  writeManifest,
} from './manifest.js';
import { temporaryPathOf } from './output/sinks/atomic-file.js';
import { datasetFilePath } from './output/write-files.js';
import type { GenerationPlan } from './plan/plan.js';
import {
  listVocabularyShortfalls,
  type VocabularyShortfall,
} from './values/semantic/vocabulary-shortfalls.js';

/** What a run wrote (the shape `doppel generate --json` prints and a generate job returns). */
export interface GenerationResult {
  readonly run?: string;
  readonly manifest?: string;
  readonly target: string;
  readonly dryRun: boolean;
  readonly plan: GenerationPlan;
  readonly datasets: readonly {
    readonly name: string;
    readonly rows: number;
    readonly seconds: number;
    readonly file?: string;
    /** The Kafka topic the records went to. */
    readonly topic?: string;
  }[];
  /** Rows written in all (absent on a dry run). */
  readonly rows?: number;
  /** Wall time of the run, seconds. */
  readonly seconds?: number;
  /** Unique fields whose vocabulary ran short: the rest of their values are shape-preserving syllables. */
  readonly shortfalls?: readonly VocabularyShortfall[];
}

export type WrittenDatasets = GenerationResult['datasets'];

/** A file run's final and temporary file per dataset; none for a database or a stream. */
function plannedFiles(
  request: GenerationRequest,
): (name: string) => { readonly file: string; readonly partial: string } | undefined {
  const address = request.target;
  if (address.kind !== 'file') return () => undefined;
  return (name) => {
    const file = datasetFilePath(address.path, name, resolveFormat(request), shardSuffix(request));
    return { file, partial: temporaryPathOf(file) };
  };
}

/** What a run record is written from. */
export interface RunRecord {
  readonly generation: Generation;
  /** The engine options the run used (offsets included). */
  readonly options: GenerationOptions;
  readonly profileDir: string;
  readonly request: GenerationRequest;
  readonly stateDir: string;
  /** The run's log (warnings) and signal (a cancelled run is recorded so). */
  readonly run: { readonly log: Logger; readonly signal: AbortSignal };
}

/**
 * Runs `write` and records the run manifest: first, before any byte is written, as `running` with every
 * planned dataset's whole range and file (so a run killed midway can be cleaned), then as it ended.
 */
export async function recordRun(
  record: RunRecord,
  write: () => Promise<WrittenDatasets>,
  patches: RowPatches = new Map(),
  topicOf: Parameters<typeof describeRunDatasets>[3] = () => undefined,
): Promise<GenerationResult> {
  const { generation, request, run } = record;
  const target = displayAddress(request.target);
  const id = createRunId();
  const runsDir = resolveRunsDir(record.stateDir);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const describe = async (folder: string) => ({
    version: 1 as const,
    id,
    profile: generation.profile.plan.profile,
    profileDir: resolve(record.profileDir),
    seed: record.options.seed,
    options: describeRunOptions(request, await locateScenario(request, folder, id)),
    target,
    ...(isDatabase(request.target) ? {} : { format: resolveFormat(request) }),
    startedAt,
    ...(record.options.offsets === undefined ? {} : { offsets: record.options.offsets }),
    cycles: generation.plan.cycles,
  });
  if (request.target.kind !== 'stdout') {
    const folder = await ensureStateDir({ env: { [STATE_DIR_ENV]: record.stateDir }, subdir: RUNS_SUBDIR });
    await writeManifest(
      {
        ...(await describe(folder)),
        status: 'running',
        pid: process.pid,
        datasets: describePlannedDatasets(generation, plannedFiles(request)),
      },
      folder,
    ).catch((error: unknown) => {
      throw new DoppelError(
        'refused',
        `The run manifest could not be written, so nothing was generated: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
  }
  let written: WrittenDatasets = [];
  let status: 'complete' | 'failed' | 'cancelled' = 'failed';
  try {
    written = await write();
    status = 'complete';
  } catch (error) {
    status = run.signal.aborted ? 'cancelled' : 'failed';
    throw error;
  } finally {
    await writeRunFiles(record, async (folder) => ({
      ...(await describe(folder)),
      finishedAt: new Date().toISOString(),
      status,
      datasets: describeRunDatasets(generation, written, patches, topicOf),
    }));
  }
  return {
    run: id,
    manifest: join(runsDir, `${id}.json`),
    target,
    dryRun: false,
    plan: generation.plan,
    datasets: written.map((entry) => {
      const topic = topicOf(entry.name)?.topic;
      return topic === undefined ? entry : { ...entry, topic };
    }),
    rows: written.reduce((sum, entry) => sum + entry.rows, 0),
    seconds: (performance.now() - started) / 1000,
    ...describeShortfalls(generation),
  };
}

/** The result of a dry run: the plan, nothing written. */
export function describeDryRun(target: string, generation: Generation): GenerationResult {
  return { target, dryRun: true, plan: generation.plan, datasets: [], ...describeShortfalls(generation) };
}

function describeShortfalls(generation: Generation): Pick<GenerationResult, 'shortfalls'> {
  const shortfalls = listVocabularyShortfalls(generation.profile, generation.plan.datasets);
  return shortfalls.length === 0 ? {} : { shortfalls };
}

/** Writes the manifest (and an inline scenario's copy); a failure is a warning, never the run's error. */
async function writeRunFiles(
  record: RunRecord,
  build: (folder: string) => Promise<Parameters<typeof writeManifest>[0]>,
): Promise<void> {
  try {
    const folder = await ensureStateDir({ env: { [STATE_DIR_ENV]: record.stateDir }, subdir: RUNS_SUBDIR });
    await writeManifest(await build(folder), folder);
  } catch (error) {
    record.run.log.warn(
      `The run manifest could not be written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The scenario file a manifest names: the one given, else a copy of the inline scenario saved beside it. */
async function locateScenario(
  request: GenerationRequest,
  folder: string,
  id: string,
): Promise<string | undefined> {
  if (request.scenario === undefined) return undefined;
  if (request.scenarioFile !== undefined) return resolve(request.scenarioFile);
  // JSON is YAML, and a `.yaml` name keeps the copy out of the manifests (`*.json`) of the runs folder.
  const path = join(folder, `${id}.scenario.yaml`);
  const { version, datasets } = request.scenario;
  await writeFile(path, `${JSON.stringify({ version, datasets }, null, 2)}\n`);
  return path;
}
