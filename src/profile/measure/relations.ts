/**
 * Relations across datasets: undeclared foreign keys inferred by name and type (`customer_id` →
 * `customers.id`; in MongoDB `customerId` or `customer`, an ObjectId → `customers._id`) and confirmed by an inclusion test against the source, and children-per-parent
 * distributions measured by reading all children of a sample of parents (`session.sampleChildren`), which
 * avoids the bias of comparing two independent samples.
 */
import type { Catalog, Dataset, Field, Relation } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import { createSequence, shuffleInPlace } from '../../shared/random.js';
import type { SampleOptions, SourceSession } from '../../sources/contract.js';
import type { CardinalityStats, HistogramBin } from '../../tasks/types.js';
import { roundToSignificant } from '../privacy/coarsen.js';
import { type DatasetMeasure, keySetName } from './dataset-profiler.js';

/** Most child rows read per relation when measuring children per parent on a sample. */
export const CHILD_ROWS = 100_000;
/** Most child rows read per relation under `--full`. */
export const FULL_CHILD_ROWS = 20_000_000;
/** Parents whose children are counted (the parent key reservoir), on a sample and under `--full`. */
export const SAMPLED_PARENTS = 5_000;
export const FULL_PARENTS = 1_000_000;
/** Parent keys per children query. */
const PARENTS_PER_QUERY = 5_000;
/** Seed of the shuffle of parents (any fixed number: profiles stay the same run to run). */
const SHUFFLE_SEED = 0x9e3779b9;
/** Children-per-parent counts up to this are stored exactly (unit bins). */
const EXACT_COUNTS = 50;
const TAIL_QUANTILE = 0.999;
/** Share of a child's sampled references that must exist in the parent to confirm an inferred relation. */
export const INCLUSION_THRESHOLD = 0.95;
const CARDINALITY_BINS = 10;
/** Parent tables with fewer rows than this keep every parent's share of the children (`parent_shares`). */
export const SMALL_PARENT_TABLE = 50;
const REFERENCE_SUFFIX = /^(.*?)(?:_id|_key|_uuid|_code|Id|ID|Key|Uuid)$/;

/** The single-field key of a dataset that references can point at: its primary key or a unique field. */
function keyFieldsOf(dataset: Dataset): string[] {
  if (dataset.primaryKey?.fields.length === 1) return [...dataset.primaryKey.fields];
  return dataset.uniques
    .filter((unique) => unique.fields.length === 1 && unique.predicate === undefined)
    .map((u) => u.fields[0]!);
}

/**
 * English singulars a table name may have, good enough for `customers`, `addresses`, `categories`: both
 * readings of an ambiguous ending (`movies` is a movie, `categories` a category; `boxes` a box, `caches` a
 * cache).
 */
export function singularForms(name: string): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('ies')) return [`${lower.slice(0, -3)}y`, lower.slice(0, -1)];
  if (/(ss|x|z|ch|sh)es$/.test(lower)) return [lower.slice(0, -2), lower.slice(0, -1)];
  if (lower.endsWith('s') && !lower.endsWith('ss')) return [lower.slice(0, -1)];
  return [lower];
}

/**
 * Candidate relations by naming convention: a field `<parent>_id` (or `<parent>_<key>`, `<parent>Id`) whose
 * type matches the single-field key of a dataset named `<parent>` or `<parent>s`, or else the field of the
 * same name there (`accounts.account_id`). Declared relations and key
 * fields of the dataset itself are skipped. Candidates carry `declared: false` and no confidence yet.
 */
export function inferRelationCandidates(catalog: Catalog): Relation[] {
  const declared = new Set(
    catalog.relations.map((relation) => `${relation.from.dataset}\u0000${relation.from.fields.join(',')}`),
  );
  const candidates: Relation[] = [];
  for (const child of catalog.datasets) {
    const ownKey = child.primaryKey?.fields.length === 1 ? child.primaryKey.fields[0] : undefined;
    for (const field of child.fields) {
      if (field.name === ownKey || declared.has(`${child.name}\u0000${field.name}`)) continue;
      const parent = findParentByName(catalog, child, field);
      if (parent !== undefined) candidates.push(parent);
    }
  }
  return candidates;
}

function findParentByName(catalog: Catalog, child: Dataset, field: Field): Relation | undefined {
  const matches: { dataset: Dataset; key: string }[] = [];
  for (const parent of catalog.datasets) {
    if (parent.kind === 'view' || parent.kind === 'materialized-view') continue;
    const singulars = singularForms(parent.local);
    for (const key of keyFieldsOf(parent)) {
      const keyField = parent.fields.find((candidate) => candidate.name === key);
      if (keyField === undefined || keyField.type.logical !== field.type.logical) continue;
      // An ObjectId key is referenced by ObjectIds only (not by any string that happens to be named so).
      if ((keyField.type.native === 'objectId') !== (field.type.native === 'objectId')) continue;
      if (parent === child && key === field.name) continue;
      if (namesReference(field.name, singulars, parent.local.toLowerCase(), key))
        matches.push({ dataset: parent, key });
    }
  }
  // Without a key of that name, the parent's field of the same name (MongoDB's `transactions.account_id` →
  // `accounts.account_id`: collections key their documents by `_id` and keep the business key beside it),
  // in neither primary key (a partition's key is its table's, not a reference to it).
  const inKey = (dataset: Dataset) => dataset.primaryKey?.fields.includes(field.name) === true;
  if (matches.length === 0 && !inKey(child))
    for (const parent of catalog.datasets) {
      if (parent === child || parent.kind === 'view' || parent.kind === 'materialized-view') continue;
      if (inKey(parent)) continue;
      const same = parent.fields.find((candidate) => candidate.name === field.name);
      if (same === undefined || same.type.logical !== field.type.logical) continue;
      const stem = REFERENCE_SUFFIX.exec(field.name)?.[1]?.toLowerCase();
      if (stem !== undefined && singularForms(parent.local).includes(stem))
        matches.push({ dataset: parent, key: same.name });
    }
  const chosen = matches.find((match) => match.dataset.namespace === child.namespace) ?? matches[0];
  if (chosen === undefined) return undefined;
  return {
    from: { dataset: child.name, fields: [field.name] },
    to: { dataset: chosen.dataset.name, fields: [chosen.key] },
    declared: false,
  };
}

function namesReference(
  fieldName: string,
  singulars: readonly string[],
  plural: string,
  key: string,
): boolean {
  const name = fieldName.toLowerCase();
  const names = [...singulars, plural];
  if (names.some((parent) => name === `${parent}_${key.toLowerCase()}`)) return true;
  const stem = REFERENCE_SUFFIX.exec(fieldName)?.[1]?.toLowerCase();
  // MongoDB's key is `_id`; there a field named after the parent alone (`customer`) references it too.
  const idKey = key.toLowerCase() === 'id' || key === '_id';
  if (key === '_id' && names.includes(name)) return true;
  return stem !== undefined && idKey && names.includes(stem);
}

/** Text identity of a key tuple (numbers, bigints and strings of the same value compare equal). */
export function tupleKey(tuple: readonly Value[]): string {
  return tuple
    .map((value) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)))
    .join('\u0000');
}

function tupleOf(row: Row, fields: readonly string[]): Value[] | undefined {
  const tuple: Value[] = [];
  for (const name of fields) {
    const value = row[name];
    if (value === null || value === undefined) return undefined;
    tuple.push(value);
  }
  return tuple;
}

function distinctTuples(tuples: readonly (readonly Value[])[]): (readonly Value[])[] {
  const seen = new Map<string, readonly Value[]>();
  for (const tuple of tuples) seen.set(tupleKey(tuple), tuple);
  return [...seen.values()];
}

/**
 * Confirms a candidate by inclusion: the child's sampled reference values are looked up in the parent; the
 * relation is kept when at least `INCLUSION_THRESHOLD` of them exist, with that share as its confidence basis.
 */
export async function confirmCandidate(
  session: SourceSession,
  candidate: Relation,
  child: DatasetMeasure,
  signal?: AbortSignal,
): Promise<Relation | undefined> {
  const values = distinctTuples(child.keys.get(keySetName(candidate.from.fields)) ?? []);
  // A source that cannot read children by key cannot confirm an inferred relation.
  if (values.length === 0 || session.sampleChildren === undefined) return undefined;
  const reversed: Relation = { from: candidate.to, to: candidate.from, declared: false };
  const wanted = new Set(values.map(tupleKey));
  const found = new Set<string>();
  for await (const row of session.sampleChildren(reversed, values, {
    rows: values.length * 2,
    fields: candidate.to.fields,
    ...(signal ? { signal } : {}),
  })) {
    const tuple = tupleOf(row, candidate.to.fields);
    if (tuple !== undefined && wanted.has(tupleKey(tuple))) found.add(tupleKey(tuple));
  }
  const inclusion = found.size / values.length;
  if (inclusion < INCLUSION_THRESHOLD) return undefined;
  // Name match alone is worth 0.5; full inclusion on a large sample brings it near 1.
  const support = Math.min(1, values.length / 50);
  return { ...candidate, confidence: Math.round((0.5 + 0.49 * inclusion * support) * 100) / 100 };
}

/** How `measureCardinality` reads children. */
export interface CardinalityOptions {
  readonly signal?: AbortSignal;
  /** Children read by key at most (default CHILD_ROWS). */
  readonly childRows?: number;
  /** `--full`, with its time budget: the source counts every parent's children when it can. */
  readonly full?: { readonly seconds: number };
}

/**
 * Children per parent for `relation`: the parents sampled in `parent` (its key reservoir: up to
 * `SAMPLED_PARENTS`, or `FULL_PARENTS` under `--full`) and every child row of those parents; the null share
 * comes from the child's own sample. Parents are read in seeded-shuffled chunks, sized so that a chunk's
 * children are expected to take a quarter of the `childRows` budget; every child row read counts against it
 * (at most one row past it is read), and a chunk whose children would pass its share is left out whole (a
 * truncated chunk would undercount its parents), so every counted parent has all its children. A `full`
 * profile has the source count the children of every parent itself when it can (`countChildren`: one
 * statement within the time budget `full.seconds`, no child row read), and reads them as above when that
 * statement is refused (a statement timeout on a very large table).
 */
export async function measureCardinality(
  session: SourceSession,
  relation: Relation,
  parent: DatasetMeasure,
  child: DatasetMeasure | undefined,
  options: CardinalityOptions = {},
): Promise<CardinalityStats | undefined> {
  const { signal, childRows = CHILD_ROWS, full } = options;
  const reference = child?.fields.get(relation.from.fields[0] ?? '');
  const nullShare = reference === undefined || reference.rows === 0 ? 0 : reference.nulls / reference.rows;
  const counts =
    (full
      ? await countEveryParent(session, relation, { ...full, ...(signal ? { signal } : {}) })
      : undefined) ??
    (await readChildrenOfParents(session, relation, parent, signal, {
      budget: childRows,
      expected: expectedChildren(parent, child),
    }));
  if (counts === undefined || counts.length === 0) return undefined;
  // A small parent table counted whole: its parents' ranked shares are kept (a histogram of a few dozen
  // counts is too coarse to draw them back from).
  return summarizeCounts(counts, nullShare, counts.length === parentRowsOf(parent));
}

/** The children of every parent, counted by the source; undefined when it cannot or refuses. */
async function countEveryParent(
  session: SourceSession,
  relation: Relation,
  options: Pick<SampleOptions, 'seconds' | 'signal'>,
): Promise<number[] | undefined> {
  if (session.countChildren === undefined) return undefined;
  let pairs: readonly (readonly [number, number])[];
  try {
    pairs = await session.countChildren(relation, options);
  } catch (error) {
    if (error instanceof DoppelError && error.kind === 'refused') return undefined;
    throw error;
  }
  const counts: number[] = [];
  for (const [children, parents] of pairs) for (let i = 0; i < parents; i++) counts.push(children);
  return counts;
}

/** Children per parent on average, from the two tables' sizes (1 when unknown). */
function expectedChildren(parent: DatasetMeasure, child: DatasetMeasure | undefined): number {
  const parents = parentRowsOf(parent);
  const children = child === undefined ? 0 : Math.max(child.dataset.rowEstimate ?? 0, child.rows);
  return parents > 0 && children > 0 ? children / parents : 1;
}

/**
 * Children per parent of the parents in `parent`'s key reservoir, read child row by child row: at most
 * `budget` rows, in chunks of parents whose children are `expected` per parent on average.
 */
async function readChildrenOfParents(
  session: SourceSession,
  relation: Relation,
  parent: DatasetMeasure,
  signal: AbortSignal | undefined,
  { budget, expected }: { readonly budget: number; readonly expected: number },
): Promise<number[] | undefined> {
  // A source that cannot read children by key leaves the relation without its children-per-parent counts.
  if (session.sampleChildren === undefined) return undefined;
  // A seeded shuffle, so chunks of parents are random subsets whatever the reservoir's order.
  const parents = shuffleInPlace(
    distinctTuples(parent.keys.get(keySetName(relation.to.fields)) ?? []),
    createSequence(SHUFFLE_SEED),
  );
  if (parents.length === 0) return undefined;
  const counts: number[] = [];
  let read = 0;
  let chunk = Math.max(1, Math.min(PARENTS_PER_QUERY, Math.floor(budget / 4 / Math.max(expected, 1))));
  for (let start = 0; start < parents.length && read < budget; ) {
    const keys = parents.slice(start, start + chunk);
    const tally = new Map<string, number>(keys.map((tuple) => [tupleKey(tuple), 0]));
    // Until a chunk is counted, a chunk may take half of what is left, so that a smaller one can follow.
    const limit = counts.length > 0 ? budget - read : Math.ceil((budget - read) / 2);
    let rows = 0;
    for await (const row of session.sampleChildren(relation, keys, {
      rows: limit + 1,
      fields: relation.from.fields,
      ...(signal ? { signal } : {}),
    })) {
      rows++;
      const tuple = tupleOf(row, relation.from.fields);
      if (tuple === undefined) continue;
      const key = tupleKey(tuple);
      const current = tally.get(key);
      if (current !== undefined) tally.set(key, current + 1);
    }
    read += rows;
    if (rows > limit) {
      // Over its limit: stop, unless nothing is counted yet (then try a quarter of the parents, fewer than
      // were just sent: a chunk larger than what is left would send the same parents again).
      if (counts.length > 0 || keys.length === 1) break;
      do chunk = Math.max(1, Math.floor(chunk / 4));
      while (chunk > 1 && chunk >= keys.length);
      continue;
    }
    for (const count of tally.values()) counts.push(count);
    start += keys.length;
  }
  return counts;
}

/** Rows of a parent table: its estimate, or the rows measured when more. */
export function parentRowsOf(parent: DatasetMeasure): number {
  return Math.max(parent.dataset.rowEstimate ?? 0, parent.rows);
}

/**
 * Summarizes children-per-parent counts (zeros included) into the task-file shape. Counts up to
 * `EXACT_COUNTS` are kept exactly as unit bins `[c, c, share]` (children per parent are not personal values);
 * larger counts get equi-depth bins with rounded edges. The outer edge is the p99.9 tail quantile: counts above
 * it are counted at it, like every other measured number. With `everyParent` (the counts are all of the
 * parent table's rows) and fewer than `SMALL_PARENT_TABLE` parents, each parent's share of the children is
 * kept too, largest first (ranked: parent keys are identifiers, and none is written).
 */
export function summarizeCounts(
  counts: readonly number[],
  nullShare: number,
  everyParent = false,
): CardinalityStats {
  const sorted = Float64Array.from(counts).sort();
  const n = Math.max(1, sorted.length);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const top = quantile(TAIL_QUANTILE);
  const share = (parents: number) => Math.round((parents / n) * 10_000) / 10_000;
  const histogram: HistogramBin[] = [];
  let index = 0;
  for (let count = 0; count <= Math.min(EXACT_COUNTS, top); count++) {
    let parents = 0;
    while (index < sorted.length && (sorted[index]! === count || (count === top && sorted[index]! > top))) {
      parents++;
      index++;
    }
    if (share(parents) > 0) histogram.push([count, count, share(parents)]);
  }
  const tail = sorted.subarray(index);
  for (let bin = 0; bin < CARDINALITY_BINS && tail.length > 0; bin++) {
    const first = Math.floor((bin * tail.length) / CARDINALITY_BINS);
    const last = Math.floor(((bin + 1) * tail.length) / CARDINALITY_BINS);
    if (last <= first) continue;
    const low = Math.min(top, tail[first]!);
    const high = Math.min(top, tail[last - 1]!);
    const weight = share(last - first);
    if (weight > 0) histogram.push([roundToSignificant(low, 2), roundToSignificant(high, 2), weight]);
  }
  const childless = sorted.length === 0 ? 0 : counts.filter((count) => count === 0).length / n;
  return {
    childless: Math.round(childless * 10_000) / 10_000,
    null_share: Math.round(nullShare * 10_000) / 10_000,
    p50: roundToSignificant(quantile(0.5), 2),
    p95: roundToSignificant(quantile(0.95), 2),
    max: roundToSignificant(top, 2),
    histogram,
    ...(everyParent && counts.length < SMALL_PARENT_TABLE ? { parent_shares: rankShares(counts) } : {}),
  };
}

/** Shares of the total, largest first, rounded to 4 decimals (all zeros when there are no children). */
function rankShares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return [...counts]
    .sort((a, b) => b - a)
    .map((count) => (total > 0 ? Math.round((count / total) * 10_000) / 10_000 : 0));
}
