/**
 * Cleaning up what a generation run wrote, from its run manifest: for a database target the keys of every
 * row are recomputed from the recorded row index ranges (plus any shifted values) and deleted children
 * before parents in one transaction, references of cycles nulled first and deferrable constraints deferred;
 * for a file target the files it wrote are removed. The manifest is then marked as cleaned.
 */
import { rm } from 'node:fs/promises';
import type { Value } from '../catalog/values.js';
import { createGeneration, type Generation, type GenerationOptions } from '../generate/engine.js';
import { chooseRowKey, listUpdatedRelations } from '../generate/load/load-database.js';
import type { RunManifest } from '../generate/manifest.js';
import type { PlannedRelation } from '../generate/plan/plan.js';
import { loadScenario } from '../generate/plan/scenario.js';
import { DoppelError } from '../shared/errors.js';
import type { TargetSession } from '../sources/contract.js';
import type { Profile } from '../tasks/types.js';

/** Keys per delete or update call. */
const KEY_BATCH = 5_000;

export interface CleanedDataset {
  readonly name: string;
  /** Rows deleted (database) or 1 per file removed. */
  readonly deleted: number;
  readonly file?: string;
  /** The Kafka topic deleted (`--delete-topics`). */
  readonly topic?: string;
}

/** Rebuilds the generation a manifest describes (same profile, seed, options and offsets). */
export async function recreateGeneration(manifest: RunManifest, profile: Profile): Promise<Generation> {
  const options = manifest.options as {
    scale?: string;
    scaleLookups?: boolean;
    rows?: string[];
    only?: string[];
    skip?: string[];
    shard?: string;
    scenario?: string;
    edgeCases?: string;
  };
  const generation: GenerationOptions = {
    seed: manifest.seed,
    ...(options.scale === undefined ? {} : { scale: Number(options.scale) }),
    ...(options.scaleLookups === true ? { scaleLookups: true } : {}),
    rows: Object.fromEntries(
      (options.rows ?? []).map((pair) => {
        const at = pair.lastIndexOf('=');
        return [pair.slice(0, at), Number(pair.slice(at + 1))];
      }),
    ),
    only: options.only ?? [],
    skip: options.skip ?? [],
    ...(options.scenario === undefined ? {} : { scenario: await loadScenario(options.scenario) }),
    ...(options.edgeCases === undefined ? {} : { edgeCases: Number(options.edgeCases) }),
    ...(manifest.offsets === undefined ? {} : { offsets: manifest.offsets }),
  };
  const recreated = createGeneration(profile, generation);
  for (const dataset of manifest.datasets) {
    const planned = recreated.plan.datasets.find((entry) => entry.name === dataset.name);
    if (!planned || planned.start > dataset.start || planned.offset + planned.rows < dataset.end)
      throw new DoppelError(
        'invalidInput',
        `Run ${manifest.id}: the profile no longer plans the rows it wrote into ${dataset.name}; was the profile edited since?`,
      );
  }
  return recreated;
}

/** The key tuples of the rows a manifest dataset wrote, shifted values applied. */
function listKeys(
  generation: Generation,
  manifest: RunManifest,
  name: string,
  fields: readonly string[],
): Value[][] {
  const entry = manifest.datasets.find((dataset) => dataset.name === name)!;
  const dataset = generation.dataset(name);
  const keys: Value[][] = [];
  for (let index = entry.start; index < entry.end; index++) {
    const patch = entry.patches?.[String(index)];
    keys.push(
      fields.map((field) =>
        patch && field in patch ? (patch[field] ?? null) : (dataset.valueAt(field, index) ?? null),
      ),
    );
  }
  return keys;
}

/**
 * Deletes the rows `manifest` records from `target`, children before parents, in one transaction when the
 * target offers one. Returns rows deleted per dataset, in deletion order.
 */
export async function cleanDatabaseRun(
  manifest: RunManifest,
  profile: Profile,
  target: TargetSession,
  signal?: AbortSignal,
): Promise<CleanedDataset[]> {
  const deleteByKeys = target.deleteByKeys?.bind(target);
  if (deleteByKeys === undefined || !target.capabilities.deleteByKeys)
    throw new DoppelError(
      'refused',
      `${target.info.kind} targets cannot delete rows by key, so the rows run ${manifest.id} wrote cannot be cleaned.`,
    );
  const generation = await recreateGeneration(manifest, profile);
  const written = manifest.datasets.filter((dataset) => dataset.rows > 0 && dataset.end > dataset.start);
  const names = new Set(written.map((dataset) => dataset.name));
  if (manifest.status === 'running') await dropUnwritten(generation, target, names);
  // Children first: the reverse of the plan's parents-first order.
  const order = generation.plan.datasets
    .map((planned) => planned.name)
    .filter((name) => names.has(name))
    .reverse();
  const work = async (): Promise<CleanedDataset[]> => {
    if (target.deferConstraints) await target.deferConstraints();
    for (const relation of listCycleRelations(generation, names))
      await nullReferences(generation, manifest, target, relation, signal);
    const cleaned: CleanedDataset[] = [];
    for (const name of order) {
      signal?.throwIfAborted();
      const task = generation.dataset(name).task;
      const fields = chooseRowKey(task);
      if (!fields)
        throw new DoppelError(
          'refused',
          `${name} has no primary or unique key, so the rows run ${manifest.id} wrote cannot be told apart from others.`,
        );
      const keys = listKeys(generation, manifest, name, fields);
      let deleted = 0;
      for (let start = 0; start < keys.length; start += KEY_BATCH)
        deleted += await deleteByKeys(task, fields, keys.slice(start, start + KEY_BATCH));
      cleaned.push({ name, deleted });
    }
    return cleaned;
  };
  return target.inTransaction ? target.inTransaction(work, signal) : work();
}

/**
 * A run killed midway (`running`) names every table it planned; those it never got to (or whose load and
 * created tables rolled back with it) are left out, asked before the cleaning transaction starts, since a
 * failing statement would abort it.
 */
async function dropUnwritten(
  generation: Generation,
  target: TargetSession,
  names: Set<string>,
): Promise<void> {
  if (!target.readExtent) return;
  for (const name of [...names]) {
    const extent = await target.readExtent(generation.dataset(name).task, []).catch(() => undefined);
    if (extent === undefined || extent.rows === 0) names.delete(name);
  }
}

/** Relations inside cycles (self-references included) whose references can be nulled before deleting. */
function listCycleRelations(generation: Generation, names: ReadonlySet<string>): PlannedRelation[] {
  const inCycle = new Set(generation.plan.cycles.map((cycle) => cycle.relation));
  const updated = new Set(listUpdatedRelations(generation.plan).map((relation) => relation.id));
  return generation.plan.relations.filter(
    (relation) =>
      names.has(relation.child) &&
      relation.nullable &&
      (inCycle.has(relation.id) || updated.has(relation.id)),
  );
}

/** Sets the references of `relation` to null in the rows this run wrote. */
async function nullReferences(
  generation: Generation,
  manifest: RunManifest,
  target: TargetSession,
  relation: PlannedRelation,
  signal?: AbortSignal,
): Promise<void> {
  if (!target.updateByKeys) return;
  const task = generation.dataset(relation.child).task;
  const fields = chooseRowKey(task, relation.childFields);
  if (!fields) return;
  const keys = listKeys(generation, manifest, relation.child, fields);
  for (let start = 0; start < keys.length; start += KEY_BATCH) {
    signal?.throwIfAborted();
    const tuples = keys
      .slice(start, start + KEY_BATCH)
      .map((key) => [...key, ...relation.childFields.map(() => null)]);
    await target.updateByKeys(task, fields, relation.childFields, tuples);
  }
}

/** True for a run into a Kafka target. */
export function isKafkaRun(manifest: RunManifest): boolean {
  return manifest.target.startsWith('kafka://');
}

/**
 * A Kafka run: records cannot be deleted by key, so nothing is cleaned unless `deleteTopics` asks to delete
 * the topics the run created (with every record in them). Topics that existed before the run are kept.
 */
export async function cleanKafkaRun(
  manifest: RunManifest,
  target: TargetSession,
  deleteTopics: boolean,
): Promise<CleanedDataset[]> {
  const written = manifest.datasets.filter((dataset) => dataset.topic !== undefined);
  const created = written.filter((dataset) => dataset.topicCreated === true);
  const kept = written.filter((dataset) => dataset.topicCreated !== true).map((dataset) => dataset.topic!);
  if (!deleteTopics)
    throw new DoppelError(
      'refused',
      `Kafka records cannot be deleted by key, so the records run ${manifest.id} wrote stay in ${written.map((dataset) => dataset.topic).join(', ') || 'their topics'}. ${created.length > 0 ? `doppel clean --delete-topics deletes the topics the run created (${created.map((dataset) => dataset.topic).join(', ')}) with every record in them.` : 'The run created no topic, so there is none to delete.'}`,
    );
  if (target.deleteTopics === undefined)
    throw new DoppelError('refused', `${target.info.kind} targets cannot delete topics.`);
  await target.deleteTopics(created.map((dataset) => dataset.topic!));
  if (kept.length > 0 && created.length === 0)
    throw new DoppelError(
      'refused',
      `Run ${manifest.id} created no topic (${kept.join(', ')} existed before it), so none was deleted; Kafka records cannot be deleted by key.`,
    );
  return created.map((dataset) => ({ name: dataset.name, deleted: dataset.rows, topic: dataset.topic! }));
}

/**
 * Removes the files a file-target run wrote, and the temporary (`.partial`) file of a run that was killed
 * while writing it (missing files are skipped).
 */
export async function cleanFileRun(manifest: RunManifest): Promise<CleanedDataset[]> {
  const cleaned: CleanedDataset[] = [];
  for (const dataset of manifest.datasets) {
    if (dataset.file === undefined) continue;
    const existed = await removeFile(dataset.file);
    if (dataset.partial !== undefined) await removeFile(dataset.partial);
    cleaned.push({ name: dataset.name, deleted: existed ? 1 : 0, file: dataset.file });
  }
  return cleaned;
}

function removeFile(file: string): Promise<boolean> {
  return rm(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw new DoppelError('refused', `The file ${file} could not be removed: ${error.message}`);
    },
  );
}

/** When this process started, in milliseconds since the epoch. */
const PROCESS_STARTED_AT = Math.floor(performance.timeOrigin);

/**
 * True while the process that wrote a `running` manifest is alive on this machine. A run with this process's
 * id is going when it started after this process did (a service runs generate jobs beside clean jobs); one
 * that started before was written by an earlier process that had the same id (a restarted container).
 */
export function isRunGoing(manifest: RunManifest): boolean {
  if (manifest.status !== 'running' || manifest.pid === undefined) return false;
  if (manifest.pid === process.pid) return Date.parse(manifest.startedAt) >= PROCESS_STARTED_AT;
  try {
    process.kill(manifest.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
