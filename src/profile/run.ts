/**
 * `profileSource`: the whole profiling run over one source session. Extract the catalog, then profile each
 * dataset in turn on the session's one connection (production safety), then infer and measure relations, then
 * build the privacy-filtered task files. Cancellable by AbortSignal, reporting progress as it goes.
 */
import type { Catalog, Dataset, Relation } from '../catalog/model.js';
import { DoppelError } from '../shared/errors.js';
import type { DatasetFilter, DatasetStatistics, SourceSession } from '../sources/contract.js';
import type { DatasetSampling, DatasetTask, PrivacySettings, Profile } from '../tasks/types.js';
import { COPY_ROWS, copyRowSet, measureAcrossRelation } from './measure/copies.js';
import { type DatasetMeasure, keySetName, profileRows, throwIfAborted } from './measure/dataset-profiler.js';
import { profileThreads } from './measure/field-threads.js';
import { cardinalityFromStatistics, measureFromStatistics } from './measure/from-statistics.js';
import {
  CHILD_ROWS,
  confirmCandidate,
  FULL_CHILD_ROWS,
  FULL_PARENTS,
  inferRelationCandidates,
  measureCardinality,
  parentRowsOf,
  SAMPLED_PARENTS,
} from './measure/relations.js';
import { DEFAULT_PRIVACY } from './privacy/privacy.js';
import { addParentRules } from './privacy/rule-pairs.js';
import { markLookupTables } from './write/lookup-tables.js';
import { buildPlan } from './write/plan.js';
import { buildDatasetTask, type MeasuredRelation } from './write/to-tasks.js';

export interface SamplingBudget {
  /** Rows per dataset (ignored when `full`). */
  readonly rows: number;
  /** Seconds per dataset. */
  readonly seconds: number;
  readonly seed: number;
  readonly full: boolean;
}

export const DEFAULT_SAMPLING: SamplingBudget = { rows: 10_000, seconds: 60, seed: 42, full: false };

export type ProfileProgress =
  | { readonly kind: 'extracted'; readonly datasets: number }
  | {
      readonly kind: 'dataset';
      readonly index: number;
      readonly total: number;
      readonly dataset: string;
      readonly rows: number;
      readonly seconds: number;
      readonly done: boolean;
      /** Built from the database's statistics: no row was read. */
      readonly fromStatistics?: boolean;
    }
  | { readonly kind: 'relations'; readonly relations: number };

export interface ProfileSourceOptions {
  /** Profile name written to the plan. */
  readonly profile: string;
  readonly filter?: DatasetFilter;
  readonly sampling?: Partial<SamplingBudget>;
  readonly privacy?: Partial<PrivacySettings>;
  /**
   * Build the profile from the statistics the database keeps instead of from rows (`--from-stats`):
   * `only` refuses a dataset without statistics, `fallback` samples it.
   */
  readonly statistics?: 'only' | 'fallback';
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProfileProgress) => void;
  /** Clock for `taken.at` (tests pass a fixed one). */
  readonly now?: () => Date;
}

/** Profiles every dataset the filter selects and returns the privacy-filtered profile. */
export async function profileSource(session: SourceSession, options: ProfileSourceOptions): Promise<Profile> {
  const sampling = { ...DEFAULT_SAMPLING, ...options.sampling };
  const privacy: PrivacySettings = { ...DEFAULT_PRIVACY, ...options.privacy };
  const signal = options.signal;
  const catalog = await session.extract(options.filter ?? {}, signal);
  options.onProgress?.({ kind: 'extracted', datasets: catalog.datasets.length });
  if (session.sample === undefined && session.describeFromSchema !== undefined)
    return describeFromSchema(session, catalog, options, sampling, privacy);
  const profiled = new Set(catalog.datasets.map((dataset) => dataset.name));
  const declared = catalog.relations.filter(
    (relation) =>
      profiled.has(relation.from.dataset) &&
      profiled.has(relation.to.dataset) &&
      relation.to.source === undefined,
  );
  const statistics = await readAllStatistics(session, catalog, options.statistics, signal);
  const candidates = inferRelationCandidates(catalog).filter(
    (candidate) => !statistics.has(candidate.from.dataset) && !statistics.has(candidate.to.dataset),
  );
  const keySets = collectKeySets([...declared, ...candidates]);
  const rowSets = collectCopyRowSets(catalog, [...declared, ...candidates]);

  const measures = new Map<string, DatasetMeasure>();
  const samplings = new Map<string, DatasetSampling>();
  for (const [index, dataset] of catalog.datasets.entries()) {
    throwIfAborted(signal);
    const started = performance.now();
    const report = (rows: number, done: boolean, fromStatistics?: boolean) =>
      options.onProgress?.({
        ...(fromStatistics ? { fromStatistics } : {}),
        kind: 'dataset',
        index,
        total: catalog.datasets.length,
        dataset: dataset.name,
        rows,
        seconds: (performance.now() - started) / 1000,
        done,
      });
    report(0, false);
    const known = statistics.get(dataset.name);
    if (known !== undefined) {
      const measure = measureFromStatistics(dataset, known, privacy.k);
      report(0, true, true);
      measures.set(dataset.name, measure);
      samplings.set(dataset.name, { method: 'statistics', rows: 0, seed: sampling.seed });
      continue;
    }
    if (session.sample === undefined)
      throw new DoppelError(
        'usage',
        `${session.info.name} is a ${session.info.kind} source, which has no rows to sample: ${dataset.name} cannot be profiled from it.`,
      );
    const stream = session.sample(dataset, { ...sampling, ...(signal ? { signal } : {}) });
    const measure = await profileRows(dataset, stream, {
      k: privacy.k,
      seed: sampling.seed,
      keySets: keySets.get(dataset.name) ?? [],
      keyReservoir: sampling.full ? FULL_PARENTS : SAMPLED_PARENTS,
      rowSets: rowSets.get(dataset.name) ?? [],
      rowReservoir: COPY_ROWS,
      threads: sampling.full ? profileThreads(dataset.rowEstimate, dataset.fields) : 1,
      ruleExclusions: keyFieldNames(dataset, declared, candidates),
      ...(signal ? { signal } : {}),
      onProgress: (rows) => report(rows, false),
    });
    report(measure.rows, true);
    measures.set(dataset.name, measure);
    samplings.set(dataset.name, {
      method: stream.method,
      rows: measure.rows,
      seed: sampling.seed,
      ...(stream.truncated() ? { truncated: true } : {}),
    });
  }

  const relations = await measureRelations(
    session,
    declared,
    candidates,
    measures,
    signal,
    sampling.full ? { seconds: sampling.seconds } : undefined,
    statistics,
  );
  await addAcrossRelationRules(session, relations, measures, privacy.k, signal);
  options.onProgress?.({ kind: 'relations', relations: relations.length });
  const source = session.info.name;
  const datasets: DatasetTask[] = markLookupTables(
    addParentRules(
      catalog.datasets.map((dataset) =>
        buildDatasetTask({
          source,
          measure: measures.get(dataset.name)!,
          sampling: samplings.get(dataset.name)!,
          relations: relations.filter((measured) => measured.relation.from.dataset === dataset.name),
          privacy,
        }),
      ),
      measures,
      privacy.k,
    ),
  );
  const plan = buildPlan({
    profile: options.profile,
    at: (options.now ?? (() => new Date()))(),
    sampling,
    method:
      sampling.full && options.statistics === undefined
        ? 'full'
        : ([...samplings.values()][0]?.method ?? 'tablesample-system'),
    privacy,
    sources: [session.info],
    datasets: datasets.map((task) => ({ source, name: task.dataset.name })),
  });
  return { plan, datasets };
}

/** The profile of a source without rows: each dataset described by the source from its schema alone. */
function describeFromSchema(
  session: SourceSession,
  catalog: Catalog,
  options: ProfileSourceOptions,
  sampling: SamplingBudget,
  privacy: PrivacySettings,
): Profile {
  const source = session.info.name;
  const datasets = catalog.datasets.map((dataset, index) => {
    const task = session.describeFromSchema!(dataset, { source, seed: sampling.seed });
    options.onProgress?.({
      kind: 'dataset',
      index,
      total: catalog.datasets.length,
      dataset: dataset.name,
      rows: 0,
      seconds: 0,
      done: true,
    });
    return task;
  });
  const plan = buildPlan({
    profile: options.profile,
    at: (options.now ?? (() => new Date()))(),
    sampling: { ...sampling, full: false },
    method: 'schema',
    privacy,
    sources: [session.info],
    datasets: datasets.map((task) => ({ source, name: task.dataset.name })),
  });
  return { plan, datasets };
}

/**
 * Field sets each dataset keeps a reservoir of: the keys relations point to and candidate references. A
 * primary key nothing points to keeps none (under `--full` a reservoir holds up to a million tuples).
 */
function collectKeySets(relations: readonly Relation[]): Map<string, string[][]> {
  const sets = new Map<string, Map<string, string[]>>();
  const add = (dataset: string, fields: readonly string[]) => {
    const forDataset = sets.get(dataset) ?? new Map<string, string[]>();
    forDataset.set(keySetName(fields), [...fields]);
    sets.set(dataset, forDataset);
  };
  for (const relation of relations) {
    add(relation.to.dataset, relation.to.fields);
    if (!relation.declared) add(relation.from.dataset, relation.from.fields);
  }
  return new Map([...sets].map(([name, forDataset]) => [name, [...forDataset.values()]]));
}

/** Per child dataset, the rows it keeps for each relation to look for copied columns (copies.ts). */
function collectCopyRowSets(
  catalog: Catalog,
  relations: readonly Relation[],
): Map<string, { fields: readonly string[]; required: number }[]> {
  const sets = new Map<string, { fields: readonly string[]; required: number }[]>();
  for (const relation of relations) {
    const child = catalog.datasets.find((dataset) => dataset.name === relation.from.dataset);
    const set = child && copyRowSet(child, relation);
    if (set !== undefined) sets.set(relation.from.dataset, [...(sets.get(relation.from.dataset) ?? []), set]);
  }
  return sets;
}

/** Adds to each child dataset's rules the `copies`, `parent-determines` and `after-parent` rules of its relations. */
async function addAcrossRelationRules(
  session: SourceSession,
  relations: readonly MeasuredRelation[],
  measures: Map<string, DatasetMeasure>,
  k: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const { relation } of relations) {
    throwIfAborted(signal);
    const child = measures.get(relation.from.dataset);
    const parent = measures.get(relation.to.dataset);
    if (child === undefined || parent === undefined) continue;
    const rules = await measureAcrossRelation(session, relation, child, parent.dataset, k, signal);
    if (rules.length > 0) measures.set(child.dataset.name, { ...child, rules: [...child.rules, ...rules] });
  }
}

function keyFieldNames(
  dataset: Dataset,
  declared: readonly Relation[],
  candidates: readonly Relation[],
): Set<string> {
  const names = new Set<string>(dataset.primaryKey?.fields ?? []);
  for (const relation of [...declared, ...candidates])
    if (relation.from.dataset === dataset.name) for (const name of relation.from.fields) names.add(name);
  return names;
}

async function measureRelations(
  session: SourceSession,
  declared: readonly Relation[],
  candidates: readonly Relation[],
  measures: ReadonlyMap<string, DatasetMeasure>,
  signal: AbortSignal | undefined,
  /** `--full`, with its time budget: every parent's children are counted (see measureCardinality). */
  full: { readonly seconds: number } | undefined,
  /** Datasets measured from statistics: their children per parent come from the statistics too. */
  statistics: ReadonlyMap<string, DatasetStatistics>,
): Promise<MeasuredRelation[]> {
  const confirmed: Relation[] = [];
  for (const candidate of candidates) {
    throwIfAborted(signal);
    const child = measures.get(candidate.from.dataset);
    if (child === undefined || !measures.has(candidate.to.dataset)) continue;
    const relation = await confirmCandidate(session, candidate, child, signal);
    if (relation !== undefined) confirmed.push(relation);
  }
  const measured: MeasuredRelation[] = [];
  for (const relation of [...declared, ...confirmed]) {
    throwIfAborted(signal);
    const parent = measures.get(relation.to.dataset);
    if (parent === undefined) continue;
    const childStatistics = statistics.get(relation.from.dataset);
    const cardinality =
      childStatistics !== undefined
        ? cardinalityFromStatistics(childStatistics, relation, parentRowsOf(parent))
        : await measureCardinality(session, relation, parent, measures.get(relation.from.dataset), {
            ...(signal ? { signal } : {}),
            childRows: full ? FULL_CHILD_ROWS : CHILD_ROWS,
            ...(full ? { full } : {}),
          });
    measured.push(cardinality === undefined ? { relation } : { relation, cardinality });
  }
  return measured;
}

/**
 * The statistics of every dataset, read before any dataset is profiled (`--from-stats`), so that a dataset
 * without them stops the run before any work, unless `fallback` lets it be sampled instead.
 */
async function readAllStatistics(
  session: SourceSession,
  catalog: Catalog,
  mode: ProfileSourceOptions['statistics'],
  signal: AbortSignal | undefined,
): Promise<Map<string, DatasetStatistics>> {
  const found = new Map<string, DatasetStatistics>();
  if (mode === undefined) return found;
  if (session.readStatistics === undefined)
    throw new DoppelError(
      'usage',
      `--from-stats: ${session.info.name} is a ${session.info.kind} source, whose statistics doppel cannot read; profile it by sampling.`,
    );
  const missing: string[] = [];
  for (const dataset of catalog.datasets) {
    throwIfAborted(signal);
    const statistics = await session.readStatistics(dataset, signal);
    if (statistics === undefined) missing.push(dataset.name);
    else found.set(dataset.name, statistics);
  }
  if (missing.length > 0 && mode === 'only')
    throw new DoppelError(
      'usage',
      `--from-stats: ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no statistics (never analyzed). ` +
        'Run ANALYZE on the primary (a replica cannot), sample them with --from-stats=fallback, or leave them out with --exclude.',
    );
  return found;
}
