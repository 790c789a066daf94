/**
 * Cleaning runs, as `doppel clean` and the service's clean jobs do it: the run manifests of a state
 * directory are read, the runs to clean chosen (one by id, the latest not yet cleaned, or all of them, only
 * those into one target when it is given), each cleaned (database rows or files) and its manifest marked as
 * cleaned. A run still being written (by a live process, this one included) is left alone.
 */
import type { RunManifest } from '../generate/manifest.js';
import { readManifests, writeManifest } from '../generate/manifest.js';
import { type Address, displayAddress, parseAddress } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import type { TargetOpener, TargetSession } from '../sources/contract.js';
import { loadProfile } from '../tasks/index.js';
import {
  type CleanedDataset,
  cleanDatabaseRun,
  cleanFileRun,
  cleanKafkaRun,
  isKafkaRun,
  isRunGoing,
} from './clean-run.js';

/** Which runs: one by id, the latest not yet cleaned (the default), or every one not yet cleaned. */
export interface RunSelection {
  readonly run?: string;
  readonly last?: boolean;
  readonly all?: boolean;
}

export interface CleanRunsOptions {
  /** The runs folder (`<state dir>/runs`). */
  readonly runsDir: string;
  /** Only runs into this target, which is also the address connected to (default: each run's own). */
  readonly target?: Address;
  /** False when the target came from a request (see `ConnectOptions.environmentDefaults`). */
  readonly environmentDefaults?: boolean;
  readonly dryRun?: boolean;
  /** Kafka runs: delete the topics the run created (their records cannot be deleted by key). */
  readonly deleteTopics?: boolean;
  readonly openTarget: TargetOpener;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

/** What was cleaned (or, on a dry run, would be): the shape `doppel clean --json` prints. */
export interface CleanResult {
  readonly dryRun: boolean;
  readonly runs: readonly {
    readonly run: string;
    readonly target: string;
    readonly datasets: readonly CleanedDataset[];
  }[];
}

/**
 * The manifests `selection` names, newest first; none when no run is left to clean. A run named by id that
 * cannot be cleaned (another target, cleaned already, still going) is an error.
 */
export function selectRuns(
  manifests: readonly RunManifest[],
  selection: RunSelection,
  target: string | undefined,
): RunManifest[] {
  const chosen = [selection.run !== undefined, selection.last === true, selection.all === true];
  if (chosen.filter(Boolean).length > 1)
    throw new DoppelError('usage', 'Give only one of run, last and all (--run, --last, --all).');
  if (selection.run !== undefined) {
    const manifest = manifests.find((entry) => entry.id === selection.run);
    if (!manifest) throw new DoppelError('usage', `No run manifest has the id "${selection.run}".`);
    if (target !== undefined && manifest.target !== target)
      throw new DoppelError('usage', `Run ${manifest.id} wrote into ${manifest.target}, not into ${target}.`);
    if (manifest.cleanedAt !== undefined)
      throw new DoppelError('usage', `Run ${manifest.id} was already cleaned at ${manifest.cleanedAt}.`);
    if (isRunGoing(manifest))
      throw new DoppelError('refused', `Run ${manifest.id} is still going (process ${manifest.pid}).`);
    return [manifest];
  }
  const open = manifests
    .filter(
      (manifest) =>
        manifest.cleanedAt === undefined &&
        !isRunGoing(manifest) &&
        (target === undefined || manifest.target === target) &&
        manifest.datasets.some((dataset) => dataset.rows > 0),
    )
    .reverse();
  return selection.all ? open : open.slice(0, 1);
}

/** Cleans the runs `selection` names (none selected: an empty result) and marks their manifests cleaned. */
export async function cleanRuns(selection: RunSelection, options: CleanRunsOptions): Promise<CleanResult> {
  const target = options.target === undefined ? undefined : displayAddress(options.target);
  const selected = selectRuns(await readManifests(options.runsDir), selection, target);
  const runs: CleanResult['runs'][number][] = [];
  for (const manifest of selected) {
    options.signal?.throwIfAborted();
    const datasets = options.dryRun
      ? describeCleaning(manifest)
      : manifest.format !== undefined
        ? await cleanFileRun(manifest)
        : await cleanDatabase(manifest, options);
    if (!options.dryRun)
      await writeManifest({ ...manifest, cleanedAt: new Date().toISOString() }, options.runsDir);
    runs.push({ run: manifest.id, target: manifest.target, datasets });
  }
  return { dryRun: options.dryRun === true, runs };
}

/** What cleaning a run would delete, from its manifest alone. */
function describeCleaning(manifest: RunManifest): CleanedDataset[] {
  return manifest.datasets
    .filter((dataset) => dataset.rows > 0)
    .map((dataset) => ({
      name: dataset.name,
      deleted: dataset.file === undefined ? dataset.rows : 1,
      ...(dataset.file === undefined ? {} : { file: dataset.file }),
    }));
}

async function cleanDatabase(manifest: RunManifest, options: CleanRunsOptions): Promise<CleanedDataset[]> {
  if (options.target === undefined && manifest.target.includes('***'))
    throw new DoppelError(
      'usage',
      `Run ${manifest.id} wrote into ${manifest.target}; give the target's full address to connect (doppel clean --target).`,
    );
  if (isKafkaRun(manifest)) {
    const session = await openRunTarget(manifest, options);
    try {
      return await cleanKafkaRun(manifest, session, options.deleteTopics === true);
    } finally {
      await session.close();
    }
  }
  if (manifest.profileDir === undefined)
    throw new DoppelError('invalidInput', `Run ${manifest.id} does not record its profile folder.`);
  const profile = await loadProfile(manifest.profileDir, {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const session = await openRunTarget(manifest, options);
  try {
    return await cleanDatabaseRun(manifest, profile, session, options.signal);
  } finally {
    await session.close();
  }
}

/** A session on the target a run wrote into (the address given, else the manifest's own). */
function openRunTarget(manifest: RunManifest, options: CleanRunsOptions): Promise<TargetSession> {
  return options.openTarget(options.target ?? parseAddress(manifest.target), {
    log: options.log,
    name: 'target',
    ...(options.environmentDefaults === false ? { environmentDefaults: false } : {}),
  });
}
