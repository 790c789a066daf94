/**
 * Copied columns across a relation: child fields that equal a field of their parent for most rows (an order's
 * ship_city is its customer's city). The child's dataset keeps a reservoir of its rows (the reference, its
 * text fields, dates and timestamps, `COPY_ROWS` at most); afterwards the parents of those rows are read by key, read-only and
 * bounded by the reservoir (`sampleChildren` on the reversed relation, as inclusion tests do), and each child
 * field is compared with each text field of its parent. Only field names and a rounded share leave here for a
 * copy. The other child fields are then tested for a parent field that determines them without equalling them
 * (parent-determines.ts), whose measured pairs go through the privacy filter. The child's dates and timestamps
 * are tested for a parent date or timestamp they never come before (`after-parent`: a payment after its
 * rental), with the gap between them (only field names and a histogram of at least k rows per bin leave here).
 */
import { parseInstant } from '../../catalog/line-numbers.js';
import type { Dataset, Relation } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import type { SourceSession } from '../../sources/contract.js';
import type { OrderedGap, RuleTask } from '../../tasks/types.js';
import { type DatasetMeasure, keySetName } from './dataset-profiler.js';
import { measureLag } from './gaps.js';
import { findParentDeterminant } from './parent-determines.js';
import { tupleKey } from './relations.js';
import type { MeasuredParentRule } from './rules.js';

/** Child rows kept per relation to compare with their parents. */
export const COPY_ROWS = 2_000;
/** Fewest child rows with a parent for a share to mean anything. */
const MIN_ROWS = 50;
/** A child field copies a parent field when this share of the rows agree... */
const MIN_SHARE = 0.5;
/** ...and clearly more than values drawn independently from both sides would. */
const MIN_ABOVE_CHANCE = 0.25;
const TEXT: ReadonlySet<string> = new Set(['string', 'enum']);
const INSTANTS: ReadonlySet<string> = new Set(['date', 'timestamp', 'timestamptz']);

type CopiesRule = Extract<RuleTask, { readonly kind: 'copies' }>;
type AfterParentRule = Extract<RuleTask, { readonly kind: 'after-parent' }>;

/**
 * The child fields compared with their parent's: text fields outside the relation and the child's primary key
 * (copies), and dates and timestamps outside the relation (after-parent: a key's date, as pagila's partitioned
 * `payment (payment_date, payment_id)`, is kept by the generator where it carries the key's uniqueness).
 */
function candidateFields(child: Dataset, relation: Relation): string[] {
  const keys = new Set([...relation.from.fields, ...(child.primaryKey?.fields ?? [])]);
  return child.fields
    .filter(
      (field) =>
        !relation.from.fields.includes(field.name) &&
        (INSTANTS.has(field.type.logical) || (TEXT.has(field.type.logical) && !keys.has(field.name))),
    )
    .map((field) => field.name);
}

/** The fields of `dataset` of the logical types `kinds`, but for `except`. */
function fieldsOf(dataset: Dataset, kinds: ReadonlySet<string>, except: readonly string[] = []): string[] {
  return dataset.fields
    .filter((field) => kinds.has(field.type.logical) && !except.includes(field.name))
    .map((field) => field.name);
}

/** The row set a child keeps for `relation` (reference first), or undefined when it has no candidate field. */
export function copyRowSet(
  child: Dataset,
  relation: Relation,
): { readonly fields: readonly string[]; readonly required: number } | undefined {
  const fields = candidateFields(child, relation);
  if (fields.length === 0) return undefined;
  return { fields: [...relation.from.fields, ...fields], required: relation.from.fields.length };
}

/**
 * The rules across `relation` (none when no child field follows a parent field): reads the parents of the
 * child rows kept in `child`'s reservoir and finds, per child field, the parent text field it equals most
 * often; fields equal in at least MIN_SHARE of the rows (and MIN_ABOVE_CHANCE above chance) make the `copies`
 * rule, with the share of rows where all of them are equal. Each other child field that no rule of the child
 * determines yet gets a `parent-determines` rule when a parent field determines it.
 */
export async function measureAcrossRelation(
  session: SourceSession,
  relation: Relation,
  child: DatasetMeasure,
  parent: Dataset,
  k: number,
  signal?: AbortSignal,
): Promise<(CopiesRule | MeasuredParentRule | AfterParentRule)[]> {
  const set = copyRowSet(child.dataset, relation);
  if (set === undefined || session.sampleChildren === undefined) return [];
  const parentFields = fieldsOf(parent, TEXT, relation.to.fields);
  const parentInstants = fieldsOf(parent, INSTANTS, relation.to.fields);
  const rows = child.keys.get(keySetName(set.fields)) ?? [];
  if ((parentFields.length === 0 && parentInstants.length === 0) || rows.length < MIN_ROWS) return [];
  const width = relation.from.fields.length;
  const references = new Map<string, readonly Value[]>();
  for (const row of rows) references.set(tupleKey(row.slice(0, width)), row.slice(0, width));
  const parents = new Map<string, Row>();
  const reversed: Relation = { from: relation.to, to: relation.from, declared: relation.declared };
  for await (const row of session.sampleChildren(reversed, [...references.values()], {
    rows: references.size,
    ...(signal ? { signal } : {}),
  }))
    parents.set(tupleKey(relation.to.fields.map((name) => row[name] ?? null)), row);
  const pairs: { child: Value; parent: Row }[][] = set.fields.slice(width).map(() => []);
  for (const row of rows) {
    const parentRow = parents.get(tupleKey(row.slice(0, width)));
    if (parentRow === undefined) continue;
    for (let position = width; position < row.length; position++)
      pairs[position - width]!.push({ child: row[position] ?? null, parent: parentRow });
  }
  const linked = pairs[0]?.length ?? 0;
  if (linked < MIN_ROWS) return [];
  const texts = new Set(fieldsOf(child.dataset, TEXT));
  const fields: Record<string, string> = {};
  for (const [position, name] of set.fields.slice(width).entries()) {
    if (!texts.has(name)) continue;
    const best = findCopiedField(pairs[position]!, parentFields);
    if (best !== undefined) fields[name] = best;
  }
  const rules: (CopiesRule | MeasuredParentRule | AfterParentRule)[] = [];
  const copied = Object.entries(fields);
  if (copied.length > 0) {
    // The share of rows whose listed fields all equal the parent's (rows are copied whole).
    let all = 0;
    for (let row = 0; row < linked; row++) {
      const parentRow = pairs[0]![row]!.parent;
      if (
        copied.every(([name, parentField]) => {
          const value = pairs[set.fields.indexOf(name) - width]![row]!.child;
          return sameText(value, parentRow[parentField] ?? null);
        })
      )
        all++;
    }
    rules.push({
      kind: 'copies',
      relation: relation.from.fields,
      fields,
      share: Math.round((all / linked) * 100) / 100,
    });
  }
  const determined = new Set(
    child.rules.flatMap((rule) =>
      rule.kind === 'depends' || rule.kind === 'parent-determines' ? [rule.determines] : [],
    ),
  );
  for (const [position, name] of set.fields.slice(width).entries()) {
    if (!texts.has(name) || fields[name] !== undefined || determined.has(name)) continue;
    const found = findParentDeterminant(pairs[position]!, parentFields);
    if (found !== undefined)
      rules.push({
        kind: 'parent-determines',
        relation: relation.from.fields,
        field: found.field,
        determines: name,
        share: found.share,
        measured: found.measured,
      });
  }
  // A date or timestamp that never came before a parent's: not one an ordered pair of its row draws, nor one
  // another relation's parent already sets.
  const placed = new Set(
    child.rules.flatMap((rule) =>
      rule.kind === 'ordered' ? [rule.fields[1]] : rule.kind === 'after-parent' ? [rule.field] : [],
    ),
  );
  for (const [position, name] of set.fields.slice(width).entries()) {
    if (texts.has(name) || placed.has(name)) continue;
    const unit =
      child.dataset.fields.find((field) => field.name === name)?.type.logical === 'date' ? 'days' : 'seconds';
    const found = findParentBefore(pairs[position]!, parentInstants, unit, k);
    if (found !== undefined)
      rules.push({
        kind: 'after-parent',
        relation: relation.from.fields,
        field: name,
        parent_field: found.field,
        ...(found.strict ? { strict: true } : {}),
        ...(found.gap === undefined ? {} : { gap: found.gap }),
      });
  }
  return rules;
}

/** At least this many child rows with both values for an `after-parent` rule. */
const MIN_ORDERED_ROWS = 50;

/**
 * The parent date or timestamp a child's never came before on the compared rows, the one with the shortest
 * median gap when several are; with the gap when it is independent of the parent's value (see measureLag).
 * Undefined when none is.
 */
function findParentBefore(
  pairs: readonly { child: Value; parent: Row }[],
  parentFields: readonly string[],
  unit: 'days' | 'seconds',
  k: number,
): { field: string; strict: boolean; gap: OrderedGap | undefined } | undefined {
  let best: { field: string; strict: boolean; gap: OrderedGap | undefined; median: number } | undefined;
  for (const field of parentFields) {
    const earlier: number[] = [];
    const later: number[] = [];
    let strict = true;
    let broken = false;
    for (const { child, parent } of pairs) {
      const a = instantOf(parent[field] ?? null);
      const b = instantOf(child);
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      if (b < a) {
        broken = true;
        break;
      }
      if (b === a) strict = false;
      earlier.push(a);
      later.push(b);
    }
    if (broken || earlier.length < Math.max(MIN_ORDERED_ROWS, k)) continue;
    const gap = measureLag(earlier, later, unit, k);
    const lags = later.map((value, i) => value - earlier[i]!).sort((x, y) => x - y);
    const median = lags[lags.length >> 1]!;
    if (best === undefined || median < best.median) best = { field, strict, gap, median };
  }
  return best && { field: best.field, strict: best.strict, gap: best.gap };
}

function instantOf(value: Value): number {
  return typeof value === 'string' ? parseInstant(value) : Number.NaN;
}

/** The parent field a child field's values equal most often, when that is a copy rather than chance. */
function findCopiedField(
  pairs: readonly { child: Value; parent: Row }[],
  parentFields: readonly string[],
): string | undefined {
  let best: string | undefined;
  let bestShare = 0;
  for (const field of parentFields) {
    let equal = 0;
    const childCounts = new Map<string, number>();
    const parentCounts = new Map<string, number>();
    for (const { child, parent } of pairs) {
      const value = parent[field] ?? null;
      if (sameText(child, value)) equal++;
      childCounts.set(textOf(child), (childCounts.get(textOf(child)) ?? 0) + 1);
      parentCounts.set(textOf(value), (parentCounts.get(textOf(value)) ?? 0) + 1);
    }
    const share = equal / pairs.length;
    // Equal by chance: both sides drawn independently from their own values.
    let chance = 0;
    for (const [value, count] of childCounts)
      chance += (count / pairs.length) * ((parentCounts.get(value) ?? 0) / pairs.length);
    if (share >= MIN_SHARE && share - chance >= MIN_ABOVE_CHANCE && share > bestShare) {
      best = field;
      bestShare = share;
    }
  }
  return best;
}

/** A value as compared: its text, or a key of its own for null (a null copied from a null parent is a copy). */
function textOf(value: Value): string {
  return value === null ? '\u0000null' : String(value);
}

/** Equal text, or both null; chance agreement counts null pairs the same way, so two mostly-null fields are no copy. */
function sameText(a: Value, b: Value): boolean {
  return textOf(a) === textOf(b);
}
