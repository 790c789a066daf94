/**
 * Comparing the rules across a relation that hold for a share of the rows, `copies` (child fields that copy
 * their parent's) and `parent-determines` (a child field a parent field determines): the share of rows that
 * keep the rule in the actual profile against the expected rule's share. A rule the actual profile did not
 * find (kept by fewer rows than the profiler looks for) counts as kept by none.
 */
import type { DatasetTask, Profile, RuleTask } from '../tasks/types.js';

type CopiesRule = Extract<RuleTask, { readonly kind: 'copies' }>;

/** What a `copies-share` or `determines-share` metric reports. */
export interface RuleShare {
  readonly metric: 'copies-share' | 'determines-share';
  /** `reference -> parent copies: kept by <actual share> (rule <expected share>)`, or `... determines ...`. */
  readonly subject: string;
  /** |expected share − actual share|. */
  readonly value: number;
  readonly basis: string;
}

function copiesRules(task: DatasetTask): CopiesRule[] {
  return task.rules.filter((rule): rule is CopiesRule => rule.kind === 'copies');
}

/** One `copies-share` per copies rule of `expected`, one `determines-share` per parent-determines rule. */
export function compareRuleShares(expected: DatasetTask, actual: DatasetTask): RuleShare[] {
  const results: RuleShare[] = [];
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
      metric: 'copies-share',
      subject: `${reference} -> ${parent ?? '?'} copies: kept by ${kept} (rule ${rule.share})`,
      value: Math.abs(rule.share - kept),
      basis: `copies ${Object.keys(rule.fields).join(', ')}`,
    });
  }
  for (const rule of expected.rules) {
    if (rule.kind !== 'parent-determines') continue;
    const reference = rule.relation.join(', ');
    const match = actual.rules.find(
      (candidate) =>
        candidate.kind === 'parent-determines' &&
        candidate.relation.join(', ') === reference &&
        candidate.field === rule.field &&
        candidate.determines === rule.determines,
    );
    const parent = expected.relations.find((relation) => relation.from.fields.join(', ') === reference)?.to
      .dataset;
    const kept = match?.kind === 'parent-determines' ? match.share : 0;
    results.push({
      metric: 'determines-share',
      subject: `${reference} -> ${parent ?? '?'}.${rule.field} determines ${rule.determines}: kept by ${kept} (rule ${rule.share})`,
      value: Math.abs(rule.share - kept),
      basis: `parent-determines ${rule.determines}`,
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
