/**
 * Copied columns across a relation: child fields that equal a field of their parent for most rows (an order's
 * ship_city is its customer's city). The child's dataset keeps a reservoir of its rows (the reference and
 * its text fields, `COPY_ROWS` at most); afterwards the parents of those rows are read by key, read-only and
 * bounded by the reservoir (`sampleChildren` on the reversed relation, as inclusion tests do), and each child
 * field is compared with each text field of its parent. Only field names and a rounded share leave here for a
 * copy. The other child fields are then tested for a parent field that determines them without equalling them
 * (parent-determines.ts), whose measured pairs go through the privacy filter.
 */
import type { Dataset, Relation } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import type { SourceSession } from '../../sources/contract.js';
import type { RuleTask } from '../../tasks/types.js';
import { type DatasetMeasure, keySetName } from './dataset-profiler.js';
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

type CopiesRule = Extract<RuleTask, { readonly kind: 'copies' }>;

/** The child fields that may copy a parent's: text fields outside the relation and the child's keys. */
function candidateFields(child: Dataset, relation: Relation): string[] {
  const keys = new Set([...relation.from.fields, ...(child.primaryKey?.fields ?? [])]);
  return child.fields
    .filter((field) => TEXT.has(field.type.logical) && !keys.has(field.name))
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
  signal?: AbortSignal,
): Promise<(CopiesRule | MeasuredParentRule)[]> {
  const set = copyRowSet(child.dataset, relation);
  if (set === undefined || session.sampleChildren === undefined) return [];
  const parentFields = parent.fields
    .filter((field) => TEXT.has(field.type.logical) && !relation.to.fields.includes(field.name))
    .map((field) => field.name);
  const rows = child.keys.get(keySetName(set.fields)) ?? [];
  if (parentFields.length === 0 || rows.length < MIN_ROWS) return [];
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
  const fields: Record<string, string> = {};
  for (const [position, name] of set.fields.slice(width).entries()) {
    const best = findCopiedField(pairs[position]!, parentFields);
    if (best !== undefined) fields[name] = best;
  }
  const rules: (CopiesRule | MeasuredParentRule)[] = [];
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
    if (fields[name] !== undefined || determined.has(name)) continue;
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
  return rules;
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
