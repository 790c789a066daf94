/**
 * Run manifests: one JSON file per run in `<state>/runs/<run-id>.json`, recording what was generated where
 * (profile, seed, options, redacted target) and, per dataset, the row index range written. Every generated
 * value is a function of (profile, scenario, seed, row index), so the index range is all cleanup needs to
 * recompute the keys; sequence keys also record their first and last values for a direct range delete.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Value } from '../catalog/values.js';
import { redactJsonValue } from '../shared/redact.js';
import { ensureStateDir, resolveStateDir } from '../shared/state-dir.js';
import type { Generation } from './engine.js';
import type { GenerationRequest } from './generation-request.js';
import type { RowPatches } from './load/load-database.js';
import type { PlannedCycle } from './plan/plan.js';

export const MANIFEST_VERSION = 1 as const;
/** Run manifests live in `<state dir>/runs`. */
export const RUNS_SUBDIR = 'runs';

/** The runs folder under the state directory (`$DOPPEL_STATE_DIR/runs` or `.doppel/runs`). */
export function resolveRunsDir(stateDir: string = resolveStateDir()): string {
  return join(stateDir, RUNS_SUBDIR);
}

export interface ManifestKey {
  readonly fields: readonly string[];
  /** `index`: values are recomputed from the row index range; `sequence`: also a value range. */
  readonly derivation: 'index' | 'sequence';
  readonly first?: Value;
  readonly last?: Value;
}

export interface ManifestDataset {
  readonly name: string;
  readonly source: string;
  readonly rows: number;
  /** Row index range written: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly file?: string;
  /** The temporary file the dataset is written through until it is complete (`.partial`). */
  readonly partial?: string;
  readonly key?: ManifestKey;
  /** The Kafka topic the dataset's records went to. */
  readonly topic?: string;
  /** True when the run created that topic (`doppel clean --delete-topics` deletes only these). */
  readonly topicCreated?: boolean;
  /** Values that replaced generated ones (`--respect-existing` collisions), by row index. */
  readonly patches?: Readonly<Record<string, Readonly<Record<string, Value>>>>;
}

export interface RunManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly id: string;
  readonly profile: string;
  /** The profile folder as given on the command line. */
  readonly profileDir?: string;
  readonly seed: number;
  readonly options: Readonly<Record<string, unknown>>;
  /** The target with any password replaced by `***`. */
  readonly target: string;
  readonly format?: string;
  readonly startedAt: string;
  /** Absent while the run is going (`running`). */
  readonly finishedAt?: string;
  /**
   * `running`: written before the first byte, naming every dataset's whole planned range and file; a run
   * killed before it ended keeps this status, and `doppel clean` removes what it may have written.
   */
  readonly status: 'running' | 'complete' | 'failed' | 'cancelled';
  /** The process that wrote a `running` manifest (clean leaves a run alone while it is alive). */
  readonly pid?: number;
  /** First row index per dataset (`--respect-existing`): needed to recompute the same rows. */
  readonly offsets?: Readonly<Record<string, number>>;
  /** When `doppel clean` deleted this run's records. */
  readonly cleanedAt?: string;
  readonly cycles: readonly PlannedCycle[];
  readonly datasets: readonly ManifestDataset[];
}

/** A new run id: UTC time to the second plus random hex (sortable, unique enough across shards). */
export function createRunId(now: Date = new Date()): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}

/** The key a dataset's rows can be found by again, with the values of sequence keys. */
export function describeKey(
  generation: Generation,
  name: string,
  start: number,
  end: number,
): ManifestKey | undefined {
  const dataset = generation.dataset(name);
  const task = dataset.task;
  const fields = task.keys.primary?.fields ?? task.keys.unique[0]?.fields;
  if (!fields || fields.length === 0 || !fields.every((field) => dataset.fields.includes(field)))
    return undefined;
  const single = fields.length === 1 ? task.fields.find((field) => field.name === fields[0]) : undefined;
  if (single?.generator.kind === 'sequence' && end > start) {
    return {
      fields,
      derivation: 'sequence',
      first: dataset.valueAt(single.name, start),
      last: dataset.valueAt(single.name, end - 1),
    };
  }
  return { fields, derivation: 'index' };
}

/** Writes `manifest` into the runs folder (atomically) and returns its path. */
export async function writeManifest(manifest: RunManifest, runsDir?: string): Promise<string> {
  const folder = runsDir ?? (await ensureStateDir({ subdir: RUNS_SUBDIR }));
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${manifest.id}.json`);
  const text = `${JSON.stringify(manifest, (key, value) => (typeof value === 'bigint' ? value.toString() : redactJsonValue(key, value)), 2)}\n`;
  await writeFile(`${path}.partial`, text);
  await rename(`${path}.partial`, path);
  return path;
}

/**
 * A run's options as the manifest records them: spelled as `doppel generate`'s flags (numbers as text,
 * `--rows` as `name=N`, the shard as `i/N`, the scenario as a file path), which is what
 * `recreateGeneration` (src/clean) reads back and what manifests written before have held.
 */
export function describeRunOptions(
  request: GenerationRequest,
  scenarioFile: string | undefined,
): Record<string, unknown> {
  const text = (value: number | undefined) => (value === undefined ? undefined : String(value));
  return {
    ...(request.format === undefined ? {} : { format: request.format }),
    seed: String(request.seed),
    scale: text(request.scale),
    scaleLookups: request.scaleLookups || undefined,
    rows: Object.entries(request.rows ?? {}).map(([name, count]) => `${name}=${count}`),
    only: [...(request.only ?? [])],
    skip: [...(request.skip ?? [])],
    shard: request.shard && `${request.shard.index}/${request.shard.count}`,
    scenario: scenarioFile,
    edgeCases: text(request.edgeCases),
    respectExisting: request.respectExisting || undefined,
    createSchema: request.createSchema || undefined,
    mode: request.mode ?? 'append',
    registry: request.stream?.registry,
    encoding: request.stream?.registry === undefined ? undefined : (request.stream.encoding ?? 'avro'),
    rate: text(request.stream?.rate),
    duration: text(request.stream?.duration),
  };
}

/**
 * The manifest's datasets: every planned dataset the run generates, with the index range it wrote (empty
 * for those not written), its key, and the values that replaced colliding ones.
 */
export function describeRunDatasets(
  generation: Generation,
  written: readonly { readonly name: string; readonly rows: number; readonly file?: string }[],
  patches: RowPatches,
  topicOf: (name: string) => { readonly topic: string; readonly created: boolean } | undefined = () =>
    undefined,
): ManifestDataset[] {
  return generation.plan.datasets
    .filter((planned) => planned.generate)
    .map((planned) => {
      const done = written.find((entry) => entry.name === planned.name);
      const destination = topicOf(planned.name);
      const key = done ? describeKey(generation, planned.name, planned.start, planned.end) : undefined;
      const patched = patches.get(planned.name);
      return {
        name: planned.name,
        source: planned.source,
        rows: done?.rows ?? 0,
        start: planned.start,
        end: done ? planned.end : planned.start,
        ...(done?.file === undefined ? {} : { file: resolve(done.file) }),
        ...(key === undefined ? {} : { key }),
        ...(destination === undefined ? {} : { topic: destination.topic, topicCreated: destination.created }),
        ...(done && patched && patched.size > 0
          ? { patches: Object.fromEntries([...patched].map(([index, values]) => [String(index), values])) }
          : {}),
      };
    });
}

/**
 * The datasets of a run that is starting: every planned dataset with its whole planned range, its key, and
 * (for files) the final and the temporary path, so that cleanup finds whatever the run gets to write.
 */
export function describePlannedDatasets(
  generation: Generation,
  fileOf: (name: string) => { readonly file: string; readonly partial: string } | undefined,
): ManifestDataset[] {
  return generation.plan.datasets
    .filter((planned) => planned.generate)
    .map((planned) => {
      const files = fileOf(planned.name);
      const key = describeKey(generation, planned.name, planned.start, planned.end);
      return {
        name: planned.name,
        source: planned.source,
        rows: planned.end - planned.start,
        start: planned.start,
        end: planned.end,
        ...(files === undefined ? {} : { file: resolve(files.file), partial: resolve(files.partial) }),
        ...(key === undefined ? {} : { key }),
      };
    });
}

/**
 * Every readable manifest in the runs folder, oldest first: by start time (run ids sort only to the second,
 * and two runs can start within one), then by id.
 */
export async function readManifests(runsDir: string = resolveRunsDir()): Promise<RunManifest[]> {
  let names: string[];
  try {
    names = (await readdir(runsDir)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const manifests: RunManifest[] = [];
  for (const name of names) {
    try {
      const parsed = JSON.parse(await readFile(join(runsDir, name), 'utf8')) as RunManifest;
      if (parsed.version === MANIFEST_VERSION) manifests.push(parsed);
    } catch {
      // A manifest being written by another process, or a foreign file: not ours to judge here.
    }
  }
  return manifests.sort((a, b) => compareText(a.startedAt, b.startedAt) || compareText(a.id, b.id));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows earlier complete runs wrote per dataset into the same target from the same profile: where a run
 * under --respect-existing starts its row indexes, so its keys do not collide with theirs.
 */
export function computeOffsets(
  manifests: readonly RunManifest[],
  profile: string,
  target: string,
): Record<string, number> {
  const offsets: Record<string, number> = {};
  for (const manifest of manifests) {
    if (
      manifest.profile !== profile ||
      manifest.target !== target ||
      manifest.status !== 'complete' ||
      manifest.cleanedAt !== undefined
    )
      continue;
    for (const dataset of manifest.datasets)
      offsets[dataset.name] = Math.max(offsets[dataset.name] ?? 0, dataset.end);
  }
  return offsets;
}
