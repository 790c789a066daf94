/**
 * Comparing `copies` rules (child fields that copy their parent's for a share of the rows): the share of rows
 * that keep the copy in the actual profile against the expected rule's share. A copy the actual profile did
 * not find (kept by fewer rows than the profiler looks for) counts as kept by none.
 */
import type { DatasetTask, Profile, RuleTask } from '../tasks/types.js';

type CopiesRule = Extract<RuleTask, { readonly kind: 'copies' }>;

/** What a `copies-share` metric reports. */
export interface CopiesShare {
  /** `reference -> parent copies: kept by <actual share> (rule <expected share>)`. */
  readonly subject: string;
  /** |expected share − actual share|. */
  readonly value: number;
  readonly basis: string;
}

function copiesRules(task: DatasetTask): CopiesRule[] {
  return task.rules.filter((rule): rule is CopiesRule => rule.kind === 'copies');
}

/** One `copies-share` per copies rule of `expected`. */
export function compareCopies(expected: DatasetTask, actual: DatasetTask): CopiesShare[] {
  const results: CopiesShare[] = [];
  for (const rule of copiesRules(expected)) {
    const reference = rule.relation.join(', ');
    const match = copiesRules(actual).find(
      (candidate) =>
        candidate.relation.join(', ') === reference &&
        Object.entries(rule.fields).every(([field, parent]) => candidate.fields[field] === parent),
    );
    const parent = expected.relations.find((relation) => relation.from.fields.join(', ') === reference)?.to
      .dataset;
    const kept = match?.share ?? 0;
    results.push({
      subject: `${reference} -> ${parent ?? '?'} copies: kept by ${kept} (rule ${rule.share})`,
      value: Math.abs(rule.share - kept),
      basis: `copies ${Object.keys(rule.fields).join(', ')}`,
    });
  }
  return results;
}

/**
 * The fields of `task` that `copies` rules fill from parent fields whose values are invented (a recipe other
 * than categorical or constant): such a field cannot keep its own kept values where it copies, so its `tv`
 * is left to `copies-share`.
 */
export function listCopiedFromInvented(task: DatasetTask, profile: Profile): Set<string> {
  const fields = new Set<string>();
  for (const rule of copiesRules(task)) {
    const reference = rule.relation.join(', ');
    const parentName = task.relations.find((relation) => relation.from.fields.join(', ') === reference)?.to
      .dataset;
    const parent = profile.datasets.find((candidate) => candidate.dataset.name === parentName);
    for (const [field, parentField] of Object.entries(rule.fields)) {
      const kind = parent?.fields.find((candidate) => candidate.name === parentField)?.generator.kind;
      if (kind !== 'categorical' && kind !== 'constant') fields.add(field);
    }
  }
  return fields;
}
