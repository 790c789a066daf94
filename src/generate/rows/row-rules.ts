/**
 * Row-level repairs that keep simple check constraints and cross-field rules: `ordered` rules with a measured
 * gap draw the later field as the earlier plus a gap (first, so checks see the pair in order), ranges are
 * clamped, `in` lists redrawn, lengths padded or cut, and other ordered pairs (`a <= b`, `ordered` rules
 * without a gap) swapped into order. They run after the values of a row are drawn and only touch non-null
 * values (SQL checks pass on NULL).
 */
import { fieldsOfCheck, type ParsedCheck } from '../../catalog/model.js';
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { DatasetTask, FieldTask, OrderedGap, RuleTask } from '../../tasks/types.js';
import { compareValues } from '../values/type-defaults.js';
import { convertLiteral, formatScaled } from '../values/value-text.js';
import { axisOf, compileGapRepair } from './ordered-gap.js';

export type RowRepair = (row: Record<string, Value>, random: Random) => void;
/** A repair a check makes: true when it changed the row. */
type CheckRepair = (row: Record<string, Value>, random: Random) => boolean;

function bound(field: FieldTask, literal: number | string, offset: number): Value {
  if (field.type.logical === 'decimal') {
    const scale = field.type.scale ?? 0;
    return formatScaled(Math.round((Number(literal) + offset) * 10 ** scale), scale);
  }
  if (typeof literal === 'number') return literal + offset;
  return convertLiteral(field.type, literal);
}

function repairCheck(check: ParsedCheck, fields: ReadonlyMap<string, FieldTask>): CheckRepair | undefined {
  switch (check.kind) {
    case 'range': {
      const field = fields.get(check.field);
      if (!field) return undefined;
      const step = axisOf(field.type)?.step ?? 0;
      const low =
        check.min === undefined ? undefined : bound(field, check.min, check.minExclusive ? step : 0);
      const high =
        check.max === undefined ? undefined : bound(field, check.max, check.maxExclusive ? -step : 0);
      return (row) => {
        const value = row[check.field];
        if (value === null || value === undefined) return false;
        const fitted =
          low !== undefined && compareValues(value, low) < 0
            ? low
            : high !== undefined && compareValues(value, high) > 0
              ? high
              : value;
        row[check.field] = fitted;
        return fitted !== value;
      };
    }
    case 'in': {
      const field = fields.get(check.field);
      if (!field || check.values.length === 0) return undefined;
      const allowed = check.values.map((value) => convertLiteral(field.type, value));
      const keys = new Set(allowed.map(String));
      return (row, random) => {
        const value = row[check.field];
        if (value === null || value === undefined || keys.has(String(value))) return false;
        row[check.field] = allowed[random.below(allowed.length)]!;
        return true;
      };
    }
    case 'length':
      return (row) => {
        const value = row[check.field];
        if (typeof value !== 'string') return false;
        let text = value;
        if (check.max !== undefined && text.length > check.max) text = text.slice(0, check.max);
        if (check.min !== undefined && text.length < check.min) text = text.padEnd(check.min, 'x');
        row[check.field] = text;
        return text !== value;
      };
    case 'compare':
      return orderPair(check.left, check.right, check.op, fields);
    case 'not-null':
      return undefined; // applied when compiling: the field gets no nulls
    case 'when-present':
      return keepPresent(check.field, check.present, check.check && repairCheck(check.check, fields), fields);
  }
}

/**
 * Keeps `field` empty where one of the `present` fields is (the one value the check always allows; a field
 * that cannot be null keeps its value), then `check` where there is a value.
 */
function keepPresent(
  field: string,
  present: readonly string[],
  check: CheckRepair | undefined,
  fields: ReadonlyMap<string, FieldTask>,
): CheckRepair | undefined {
  const nullable = fields.get(field)?.nullable === true;
  if (!nullable) return check;
  return (row, random) => {
    const value = row[field];
    if (value === null || value === undefined) return false;
    if (!present.some((name) => row[name] === null || row[name] === undefined))
      return check?.(row, random) ?? false;
    row[field] = null;
    return true;
  };
}

/**
 * Keeps `left op right` by swapping the two values when they are out of order; a strict pair of equal values
 * (or `<>`) moves the later one a step on (a second, a day, a cent).
 */
function orderPair(
  left: string,
  right: string,
  op: '<' | '<=' | '>' | '>=' | '<>',
  fields: ReadonlyMap<string, FieldTask>,
): CheckRepair | undefined {
  if (!fields.has(left) || !fields.has(right)) return undefined;
  const [low, high] = op === '>' || op === '>=' ? [right, left] : [left, right];
  const strict = op === '<' || op === '>' || op === '<>';
  const axis = axisOf(fields.get(high)!.type);
  const step = axis?.step || 1;
  const next = (value: Value): Value =>
    typeof value === 'number' ? value + step : axis ? axis.write(axis.read(value) + step) : value;
  return (row) => {
    const a = row[low];
    const b = row[high];
    if (a === null || b === null || a === undefined || b === undefined) return false;
    const order = compareValues(a, b);
    if (order > 0 && op !== '<>') {
      row[low] = b;
      row[high] = a;
    }
    if (strict && compareValues(row[low]!, row[high]!) === 0) row[high] = next(row[high]!);
    return order > 0 || (strict && order === 0);
  };
}

type GapRule = Extract<RuleTask, { kind: 'ordered' }> & { readonly gap: OrderedGap };

/**
 * The `ordered` rules with a gap that draw their later field: of several on one field, the one of the
 * narrowest gap (an arrival drawn after its scheduled arrival, minutes, not after the departure, hours),
 * each after the rule that draws its earlier field. The others are kept by swaps.
 */
function chooseGapRules(rules: readonly RuleTask[]): GapRule[] {
  const byLater = new Map<string, GapRule>();
  for (const rule of rules) {
    if (rule.kind !== 'ordered' || rule.gap === undefined) continue;
    const chosen = byLater.get(rule.fields[1]);
    if (chosen === undefined || gapWidth(rule.gap) < gapWidth(chosen.gap))
      byLater.set(rule.fields[1], rule as GapRule);
  }
  const ordered: GapRule[] = [];
  const pending = [...byLater.values()];
  while (pending.length > 0) {
    // A rule whose earlier field no pending rule draws (on a cycle, the first one).
    const next = Math.max(
      0,
      pending.findIndex((rule) => !pending.some((other) => other.fields[1] === rule.fields[0])),
    );
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

/** The spread of a gap, in seconds where it is a time: from its second bin to its last but one (p5 to p95). */
function gapWidth(gap: OrderedGap): number {
  const bins = gap.histogram;
  const inner = bins.length >= 4 ? bins.slice(1, -1) : bins;
  const width = Number(inner.at(-1)?.[1] ?? 0) - Number(inner[0]?.[0] ?? 0);
  return gap.unit === 'days' ? width * 86_400 : width;
}

/** Fields whose values a check or rule may change (edge cases stay away from them). */
export function listConstrainedFields(task: DatasetTask): Set<string> {
  const names = new Set<string>();
  for (const check of task.checks) {
    if (check.parsed) for (const name of fieldsOfCheck(check.parsed)) names.add(name);
  }
  for (const rule of task.rules) {
    if (rule.kind === 'ordered') for (const name of rule.fields) names.add(name);
    if (rule.kind === 'after-parent') names.add(rule.field);
  }
  for (const field of task.fields)
    if (field.type.domain?.checks.some((check) => check.parsed)) names.add(field.name);
  return names;
}

/** Fields that a `not-null` check forces. */
export function listNotNullFields(task: DatasetTask): Set<string> {
  return new Set(
    task.checks.flatMap((check) => (check.parsed?.kind === 'not-null' ? [check.parsed.field] : [])),
  );
}

/**
 * Every repair for `task`'s parsed checks (domains included) and `ordered` rules, in a fixed order.
 * `ownValues` gives a field's own values that a gap repair keeps its later field on (see ordered-gap.ts).
 */
export function compileRowRepairs(
  task: DatasetTask,
  ownValues: (field: FieldTask) => readonly Value[] | undefined = () => undefined,
): RowRepair[] {
  const fields = new Map(task.fields.map((field) => [field.name, field]));
  const repairs: RowRepair[] = [];
  const drawn = new Set<RuleTask>();
  for (const rule of chooseGapRules(task.rules)) {
    const earlier = fields.get(rule.fields[0]);
    const later = fields.get(rule.fields[1]);
    const repair =
      earlier && later
        ? compileGapRepair(earlier, later, rule.gap, rule.strict === true, ownValues(later))
        : undefined;
    if (repair) {
      repairs.push(repair);
      drawn.add(rule);
    }
  }
  const checks: CheckRepair[] = [];
  for (const field of task.fields) {
    for (const check of field.type.domain?.checks ?? []) {
      if (!check.parsed) continue;
      const parsed = { ...check.parsed } as ParsedCheck & { field?: string };
      if ('field' in parsed) parsed.field = field.name;
      const repair = repairCheck(parsed as ParsedCheck, fields);
      if (repair) checks.push(repair);
    }
  }
  for (const check of task.checks) {
    const repair = check.parsed ? repairCheck(check.parsed, fields) : undefined;
    if (repair) checks.push(repair);
  }
  for (const rule of task.rules) {
    if (rule.kind !== 'ordered' || drawn.has(rule)) continue;
    const repair = orderPair(rule.fields[0], rule.fields[1], rule.strict ? '<' : '<=', fields);
    if (repair) checks.push(repair);
  }
  if (checks.length > 0) repairs.push(settle(checks));
  return repairs;
}

/**
 * `repairs` again while a pass moved values into order, at most once per repair: pairwise swaps keep a chain
 * (`ordered_at <= shipped_at < delivered_at`) only when each runs after the swaps that move its values.
 */
function settle(repairs: readonly CheckRepair[]): RowRepair {
  return (row, random) => {
    for (let pass = 0; pass < repairs.length; pass++) {
      let changed = false;
      for (const repair of repairs) if (repair(row, random)) changed = true;
      if (!changed) return;
    }
  };
}
