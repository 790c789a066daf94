/**
 * Child fields that a parent's field determines without equalling it (an order's language is set by its
 * customer's country), found on the child rows copies.ts keeps beside their parents. Per child field, the
 * parent field whose values best predict it: each parent value's most common child value must hold for most
 * rows, clearly more often than the child's own shares would by chance, over parent values each shared by
 * several rows and several parents (a field nearly unique per parent, a name, "determines" any child field
 * whose value is a function of its parent). Of two that do as well, the one with fewer values (a country
 * before its cities). The measured pairs are raw values: privacy/rule-pairs.ts keeps those the task files may
 * hold.
 */
import type { Row, Value } from '../../catalog/values.js';
import type { MeasuredPair } from './rules.js';

/** Fewest rows with both values for a dependency to mean anything. */
const MIN_ROWS = 50;
/** Fewest rows and parents per parent value on average. */
const MIN_ROWS_PER_VALUE = 5;
const MIN_PARENTS_PER_VALUE = 2;
/** Share of the rows whose child value is their parent value's most common one... */
const MIN_SHARE = 0.9;
/** ...and how far above the share the child's own value shares give by chance. */
const MIN_ABOVE_CHANCE = 0.25;

/**
 * The parent field among `parentFields` that determines the child field whose values are `pairs[].child`,
 * with its share and measured pairs, or undefined when none does. Rows of one parent share its `parent` row
 * object.
 */
export function findParentDeterminant(
  pairs: readonly { readonly child: Value; readonly parent: Row }[],
  parentFields: readonly string[],
): { field: string; share: number; measured: MeasuredPair[] } | undefined {
  let best: { field: string; share: number; measured: MeasuredPair[] } | undefined;
  for (const field of parentFields) {
    const groups = new Map<string, Map<string, number>>();
    const childCounts = new Map<string, number>();
    const parents = new Set<Row>();
    let rows = 0;
    for (const { child, parent } of pairs) {
      const value = parent[field] ?? null;
      if (child === null || value === null) continue;
      const from = String(value);
      const to = String(child);
      let group = groups.get(from);
      if (group === undefined) {
        group = new Map();
        groups.set(from, group);
      }
      group.set(to, (group.get(to) ?? 0) + 1);
      childCounts.set(to, (childCounts.get(to) ?? 0) + 1);
      parents.add(parent);
      rows++;
    }
    if (
      rows < MIN_ROWS ||
      groups.size * MIN_ROWS_PER_VALUE > rows ||
      groups.size * MIN_PARENTS_PER_VALUE > parents.size
    )
      continue;
    let agree = 0;
    let chance = 0;
    const measured: MeasuredPair[] = [];
    for (const [determinant, group] of groups) {
      let mode = '';
      let modeRows = 0;
      let groupRows = 0;
      for (const [dependent, count] of group) {
        groupRows += count;
        if (count > modeRows) {
          mode = dependent;
          modeRows = count;
        }
      }
      agree += modeRows;
      chance += (groupRows / rows) * ((childCounts.get(mode) ?? 0) / rows);
      measured.push({ determinant, dependent: mode, rows: modeRows });
    }
    const share = agree / rows;
    const dependents = new Set(measured.map((pair) => pair.dependent));
    if (share < MIN_SHARE || share - chance < MIN_ABOVE_CHANCE || dependents.size < 2) continue;
    const rounded = Math.round(share * 100) / 100;
    if (
      best === undefined ||
      rounded > best.share ||
      (rounded === best.share && measured.length < best.measured.length)
    )
      best = { field, share: rounded, measured };
  }
  return best;
}
