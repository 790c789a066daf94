/**
 * Which `depends` rule sets each dependent field, and in what order. A field may be determined by several
 * rules (an address, its postal code and its city each determine the country): drawn from each in turn, the
 * last rule would win and break the others. Instead each dependent is set once, by the rule whose determinant
 * the other rules' determinants themselves determine (the country from the city, which the postal code and
 * the address determine), and rules run after the rules that set their determinants. Along such a chain every
 * rule holds by composition: address → postal code → city → country keeps address → country too.
 */
import type { RuleTask } from '../../tasks/types.js';

export type DependsRule = Extract<RuleTask, { readonly kind: 'depends' }>;

/**
 * A rule to run, with the dependent's other rules whose determinants are set by then, most specific first:
 * a row whose determinant is null takes the dependent from the first of them with its determinants set (the
 * country from the city where the state is null), so that those rules hold too.
 */
export type OrderedRule = DependsRule & { readonly fallbacks: readonly DependsRule[] };

/**
 * The rules to run, one per dependent field, each after the rules that set its determinants. Of a dependent's
 * rules the one chosen has determinants reachable from every other rule's determinants through the rules
 * (the most specific); when none is, the one reachable from the most, then the earliest. A cycle (a field
 * that would have to be set before itself) drops its latest rule, whose dependent keeps its own value.
 */
export function orderDependsRules(rules: readonly DependsRule[]): OrderedRule[] {
  const next = new Map<string, Set<string>>();
  for (const rule of rules)
    for (const field of rule.fields) {
      const targets = next.get(field) ?? new Set<string>();
      targets.add(rule.determines);
      next.set(field, targets);
    }
  const reachable = new Map<string, Set<string>>();
  const reach = (field: string): Set<string> => {
    let found = reachable.get(field);
    if (found !== undefined) return found;
    found = new Set<string>();
    const queue = [field];
    for (let at = 0; at < queue.length; at++)
      for (const target of next.get(queue[at]!) ?? [])
        if (!found.has(target)) {
          found.add(target);
          queue.push(target);
        }
    reachable.set(field, found);
    return found;
  };
  // `later` follows from `earlier` when each of its determinants is one of, or determined by, earlier's.
  const follows = (later: DependsRule, earlier: DependsRule): boolean =>
    later.fields.every(
      (field) => earlier.fields.includes(field) || earlier.fields.some((source) => reach(source).has(field)),
    );
  const byDependent = new Map<string, DependsRule[]>();
  for (const rule of rules)
    byDependent.set(rule.determines, [...(byDependent.get(rule.determines) ?? []), rule]);
  const chosen: DependsRule[] = [];
  const specific = new Map<DependsRule, number>();
  for (const candidates of byDependent.values()) {
    let best = candidates[0]!;
    let bestScore = -1;
    for (const candidate of candidates) {
      const score = candidates.filter((other) => other !== candidate && follows(candidate, other)).length;
      specific.set(candidate, score);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    chosen.push(best);
  }
  // Each rule once the rules setting its determinants have run; a cycle drops its latest rule.
  const ordered: OrderedRule[] = [];
  const pending = new Set(chosen);
  const unset = new Set(chosen.map((rule) => rule.determines));
  const setting = new Map(chosen.map((rule) => [rule.determines, rule]));
  while (pending.size > 0) {
    const ready = [...pending].find((rule) => rule.fields.every((field) => !unset.has(field)));
    const rule = ready ?? latestOnCycle([...pending][0]!, setting, unset, chosen);
    pending.delete(rule);
    if (ready !== undefined) {
      const fallbacks = byDependent
        .get(rule.determines)!
        .filter((other) => other !== rule && other.fields.every((field) => !unset.has(field)))
        .sort((a, b) => specific.get(b)! - specific.get(a)!);
      ordered.push({ ...rule, fallbacks });
    }
    unset.delete(rule.determines);
  }
  return ordered;
}

/** Walks back from `start` through the rules setting its unset determinants to a cycle; its latest rule. */
function latestOnCycle(
  start: DependsRule,
  setting: ReadonlyMap<string, DependsRule>,
  unset: ReadonlySet<string>,
  chosen: readonly DependsRule[],
): DependsRule {
  const path: DependsRule[] = [];
  let rule = start;
  while (!path.includes(rule)) {
    path.push(rule);
    const field = rule.fields.find((candidate) => unset.has(candidate))!;
    rule = setting.get(field)!;
  }
  const cycle = path.slice(path.indexOf(rule));
  return cycle.reduce((latest, candidate) =>
    chosen.indexOf(candidate) > chosen.indexOf(latest) ? candidate : latest,
  );
}
