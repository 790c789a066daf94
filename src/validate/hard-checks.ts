/**
 * Hard checks of `doppel validate`: what every row must keep according to the stored task files (primary and
 * unique keys unique, declared references resolving, required fields filled, check constraints and rules
 * holding, children after their parent where an `after-parent` rule says so), listed from a profile, and
 * judged either from counts the source made itself or, where it cannot count, from the re-profile (only what
 * its statistics can show; the rest is reported as unchecked).
 */
import type { CheckedDataset, HardCheck } from '../sources/violation-queries.js';
import { relationThrough } from '../tasks/relation-through.js';
import type { DatasetTask, Profile, RuleTask } from '../tasks/types.js';

export interface CheckResult {
  readonly dataset: string;
  readonly kind: HardCheck['kind'];
  /** The fields, relation, check name or rule the check is about. */
  readonly subject: string;
  /** Rows breaking the check; null when it could not be counted. */
  readonly violations: number | null;
  /** `query`: counted in the source; `profile`: read from the re-profile's statistics; `unchecked`. */
  readonly basis: 'query' | 'profile' | 'unchecked';
  readonly ok: boolean;
  /** Why the check could not be counted (the source refused its query). */
  readonly error?: string;
}

export interface ListedCheck {
  readonly check: HardCheck;
  readonly subject: string;
}

function checkedDatasetOf(task: DatasetTask): CheckedDataset {
  const { name, namespace, local } = task.dataset;
  return namespace === undefined ? { name, local } : { name, namespace, local };
}

function checkedDatasetNamed(name: string, profile: Profile): CheckedDataset {
  const task = profile.datasets.find((candidate) => candidate.dataset.name === name);
  if (task !== undefined) return checkedDatasetOf(task);
  const dot = name.indexOf('.');
  return dot < 0
    ? { name, local: name }
    : { name, namespace: name.slice(0, dot), local: name.slice(dot + 1) };
}

/**
 * Rules every row keeps within its dataset; `copies` and `parent-determines` rules hold for a share of the
 * rows (compared instead), and an `after-parent` rule is checked through its relation (`listAfterParent`).
 */
type RowRule = Exclude<RuleTask, { readonly kind: 'copies' | 'parent-determines' | 'after-parent' }>;
const isRowRule = (rule: RuleTask): rule is RowRule =>
  rule.kind !== 'copies' && rule.kind !== 'parent-determines' && rule.kind !== 'after-parent';
type AfterParentRule = Extract<RuleTask, { readonly kind: 'after-parent' }>;

function describeRule(rule: RowRule): string {
  switch (rule.kind) {
    case 'ordered':
      return `${rule.fields[0]} ${rule.strict ? '<' : '<='} ${rule.fields[1]}`;
    case 'depends':
      return `${rule.fields.join(', ')} determines ${rule.determines}`;
    case 'expression':
      return rule.expression;
  }
}

/** The hard check of a rule every row keeps. */
function listRuleCheck(rule: RowRule, dataset: CheckedDataset): HardCheck {
  switch (rule.kind) {
    case 'ordered':
      return { kind: 'ordered', dataset, fields: rule.fields, strict: rule.strict ?? false };
    case 'depends':
      return { kind: 'depends', dataset, fields: rule.fields, determines: rule.determines };
    case 'expression':
      return { kind: 'expression', dataset, expression: rule.expression };
  }
}

/**
 * The check of an `after-parent` rule through the relation whose child fields are the rule's; undefined when
 * the task has no such relation within the profile.
 */
function listAfterParent(
  rule: AfterParentRule,
  task: DatasetTask,
  dataset: CheckedDataset,
  profile: Profile,
): ListedCheck | undefined {
  const relation = relationThrough(task, rule.relation);
  if (relation === undefined || relation.to.source !== undefined) return undefined;
  return {
    check: {
      kind: 'after-parent',
      dataset,
      fields: relation.from.fields,
      parent: checkedDatasetNamed(relation.to.dataset, profile),
      parentFields: relation.to.fields,
      field: rule.field,
      parentField: rule.parent_field,
      strict: rule.strict ?? false,
    },
    subject: `${rule.field} ${rule.strict ? '>' : '>='} ${relation.to.dataset}.${rule.parent_field}`,
  };
}

/**
 * Every hard check the profile's writable datasets carry (views and datasets switched off in the plan are skipped; only
 * declared references, since inferred ones may have exceptions in the source itself).
 */
export function listHardChecks(profile: Profile): ListedCheck[] {
  const enabled = new Set(profile.plan.datasets.filter((entry) => entry.enabled).map((entry) => entry.name));
  const listed: ListedCheck[] = [];
  for (const task of profile.datasets) {
    if (!enabled.has(task.dataset.name) || !task.dataset.writable) continue;
    const dataset = checkedDatasetOf(task);
    const primary = task.keys.primary;
    if (primary !== undefined)
      listed.push({
        check: { kind: 'primary-key', dataset, fields: primary.fields, nullsDistinct: false },
        subject: `primary key (${primary.fields.join(', ')})`,
      });
    for (const unique of task.keys.unique) {
      if (unique.expressions !== undefined && unique.expressions.length > 0) continue;
      listed.push({
        check: {
          kind: 'unique',
          dataset,
          fields: unique.fields,
          ...(unique.predicate === undefined ? {} : { predicate: unique.predicate }),
          nullsDistinct: !unique.nulls_not_distinct,
        },
        subject: `${unique.name ?? 'unique'} (${unique.fields.join(', ')})`,
      });
    }
    for (const field of task.fields)
      if (!field.nullable && field.generated === undefined)
        listed.push({ check: { kind: 'not-null', dataset, field: field.name }, subject: field.name });
    for (const relation of task.relations) {
      if (!relation.declared || relation.to.source !== undefined) continue;
      listed.push({
        check: {
          kind: 'reference',
          dataset,
          fields: relation.from.fields,
          parent: checkedDatasetNamed(relation.to.dataset, profile),
          parentFields: relation.to.fields,
          matchFull: relation.match === 'full',
        },
        subject: `${relation.from.fields.join(', ')} -> ${relation.to.dataset}(${relation.to.fields.join(', ')})`,
      });
    }
    for (const check of task.checks)
      listed.push({
        check: { kind: 'check', dataset, expression: check.expression },
        subject: check.name ?? check.expression,
      });
    for (const rule of task.rules) {
      if (isRowRule(rule)) listed.push({ check: listRuleCheck(rule, dataset), subject: describeRule(rule) });
      const afterParent = rule.kind === 'after-parent' && listAfterParent(rule, task, dataset, profile);
      if (afterParent) listed.push(afterParent);
    }
  }
  return listed;
}

/** Results from the source's own counts, in the order of `listed`. */
export function judgeCounted(listed: readonly ListedCheck[], counts: readonly number[]): CheckResult[] {
  return listed.map(({ check, subject }, index) => {
    const violations = counts[index] ?? 0;
    return {
      dataset: check.dataset.name,
      kind: check.kind,
      subject,
      violations,
      basis: 'query',
      ok: violations === 0,
    };
  });
}

/**
 * Results read from the re-profile where its statistics can show a violation (nulls in a required field, a
 * repeated value in a one-field key, as far as the sample goes); everything else is unchecked.
 */
export function judgeFromProfile(listed: readonly ListedCheck[], actual: Profile): CheckResult[] {
  const tasks = new Map(actual.datasets.map((task) => [task.dataset.name, task]));
  return listed.map(({ check, subject }) => {
    const task = tasks.get(check.dataset.name);
    const base = { dataset: check.dataset.name, kind: check.kind, subject };
    const unchecked: CheckResult = { ...base, violations: null, basis: 'unchecked', ok: true };
    if (task === undefined) return unchecked;
    if (check.kind === 'not-null') {
      const stats = task.fields.find((field) => field.name === check.field)?.stats;
      if (stats === undefined) return unchecked;
      const sampled = stats.count / Math.max(1e-9, 1 - stats.nulls);
      const violations = Math.round(stats.nulls * sampled);
      return { ...base, violations, basis: 'profile', ok: violations === 0 };
    }
    if ((check.kind === 'primary-key' || check.kind === 'unique') && check.fields.length === 1) {
      // The distinct count is an estimate: trust only the profiler's verdict on uniqueness, which it gives
      // only on k values or more (`unique: false` on fewer says nothing).
      const stats = task.fields.find((field) => field.name === check.fields[0])?.stats;
      if (stats?.unique === undefined) return unchecked;
      if (!stats.unique && stats.count * (1 - stats.nulls) < actual.plan.privacy.k) return unchecked;
      const violations = stats.unique ? 0 : Math.max(1, stats.count - (stats.distinct ?? 0));
      return { ...base, violations, basis: 'profile', ok: stats.unique };
    }
    return unchecked;
  });
}
