/**
 * Comparing the rules across a relation that hold for a share of the rows, `copies` (child fields that copy
 * their parent's) and `parent-determines` (a child field a parent field determines): the share of rows that
 * keep the rule in the actual profile against the expected rule's share. A rule the actual profile did not
 * find (kept by fewer rows than the profiler looks for) counts as kept by none.
 */
import { relationThrough, sameFields } from '../tasks/relation-through.js';
import type { DatasetTask, Profile, RuleTask } from '../tasks/types.js';

type CopiesRule = Extract<RuleTask, { readonly kind: 'copies' }>;
/** The rules across a relation that hold for a share of the rows. */
type ShareRule = Extract<RuleTask, { readonly kind: 'copies' | 'parent-determines' }>;

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

/** Whether `candidate` is `rule` as another profile measured it: the same kind, relation and fields. */
function isSameRule(rule: ShareRule, candidate: RuleTask): candidate is ShareRule {
  if (candidate.kind === 'copies' && rule.kind === 'copies')
    return (
      sameFields(candidate.relation, rule.relation) &&
      Object.entries(rule.fields).every(([field, parent]) => candidate.fields[field] === parent)
    );
  return (
    candidate.kind === 'parent-determines' &&
    rule.kind === 'parent-determines' &&
    sameFields(candidate.relation, rule.relation) &&
    candidate.field === rule.field &&
    candidate.determines === rule.determines
  );
}

/** One `copies-share` per copies rule of `expected`, one `determines-share` per parent-determines rule. */
export function compareRuleShares(expected: DatasetTask, actual: DatasetTask): RuleShare[] {
  const results: RuleShare[] = [];
  for (const rule of expected.rules) {
    if (rule.kind !== 'copies' && rule.kind !== 'parent-determines') continue;
    const reference = rule.relation.join(', ');
    const parent = relationThrough(expected, rule.relation)?.to.dataset ?? '?';
    const kept = actual.rules.find((candidate) => isSameRule(rule, candidate))?.share ?? 0;
    const copies = rule.kind === 'copies';
    results.push({
      metric: copies ? 'copies-share' : 'determines-share',
      subject: copies
        ? `${reference} -> ${parent} copies: kept by ${kept} (rule ${rule.share})`
        : `${reference} -> ${parent}.${rule.field} determines ${rule.determines}: kept by ${kept} (rule ${rule.share})`,
      value: Math.abs(rule.share - kept),
      basis: copies
        ? `copies ${Object.keys(rule.fields).join(', ')}`
        : `parent-determines ${rule.determines}`,
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
    const parentName = relationThrough(task, rule.relation)?.to.dataset;
    const parent = profile.datasets.find((candidate) => candidate.dataset.name === parentName);
    for (const [field, parentField] of Object.entries(rule.fields)) {
      const kind = parent?.fields.find((candidate) => candidate.name === parentField)?.generator.kind;
      if (kind !== 'categorical' && kind !== 'constant') fields.add(field);
    }
  }
  return fields;
}
