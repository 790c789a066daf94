/**
 * Rules between fields of one dataset, found on the first rows of the sample: ordered pairs of dates/times
 * (`created_at <= shipped_at`) and functional dependencies between low-cardinality fields (`city → country`).
 * Memory is bounded: at most a few hundred distinct determinant values per pair, and the work stops after
 * `RULE_ROWS` rows.
 */
import type { Dataset, Field } from '../catalog/model.js';
import type { Row, Value } from '../catalog/values.js';
import type { RuleTask } from '../tasks/types.js';
import { parseInstant } from './accumulators/line-accumulator.js';

/** Rows that rules are checked on. */
export const RULE_ROWS = 20_000;
/** Most distinct determinant values a dependency may have. */
const MAX_DETERMINANT_VALUES = 200;
const MAX_DEPENDENCY_FIELDS = 12;
const MAX_ORDERED_FIELDS = 8;
const INSTANTS: ReadonlySet<string> = new Set(['date', 'timestamp', 'timestamptz']);
const CATEGORY_LIKE: ReadonlySet<string> = new Set(['string', 'enum', 'integer', 'boolean']);

interface OrderedPair {
  readonly left: string;
  readonly right: string;
  both: number;
  lessOrEqual: number;
  less: number;
}

interface DependencyPair {
  readonly from: string;
  readonly to: string;
  readonly map: Map<string, string>;
  broken: boolean;
  valuesOfTo: Set<string>;
}

/** Watches rows for ordered pairs and functional dependencies. */
export class RuleTracker {
  private rows = 0;
  private readonly ordered: OrderedPair[] = [];
  private readonly dependencies: DependencyPair[] = [];
  private readonly orderedFields: readonly string[];

  /** `excluded` names fields that rules should ignore (keys, references). */
  constructor(
    dataset: Dataset,
    excluded: ReadonlySet<string>,
    private readonly k: number,
  ) {
    const usable = (field: Field) => !excluded.has(field.name) && field.generated === undefined;
    this.orderedFields = dataset.fields
      .filter((field) => usable(field) && INSTANTS.has(field.type.logical))
      .slice(0, MAX_ORDERED_FIELDS)
      .map((field) => field.name);
    for (let i = 0; i < this.orderedFields.length; i++)
      for (let j = i + 1; j < this.orderedFields.length; j++)
        this.ordered.push({
          left: this.orderedFields[i]!,
          right: this.orderedFields[j]!,
          both: 0,
          lessOrEqual: 0,
          less: 0,
        });
    const categorical = dataset.fields
      .filter((field) => usable(field) && CATEGORY_LIKE.has(field.type.logical))
      .slice(0, MAX_DEPENDENCY_FIELDS)
      .map((field) => field.name);
    for (const from of categorical)
      for (const to of categorical)
        if (from !== to)
          this.dependencies.push({ from, to, map: new Map(), broken: false, valuesOfTo: new Set() });
  }

  add(row: Row): void {
    if (this.rows >= RULE_ROWS) return;
    this.rows++;
    if (this.ordered.length > 0) this.addOrdered(row);
    for (const pair of this.dependencies) {
      if (pair.broken) continue;
      const from = row[pair.from];
      const to = row[pair.to];
      if (from === null || from === undefined || to === null || to === undefined) continue;
      const fromKey = textOf(from);
      const toKey = textOf(to);
      const seen = pair.map.get(fromKey);
      if (seen === undefined) {
        if (pair.map.size >= MAX_DETERMINANT_VALUES) pair.broken = true;
        else pair.map.set(fromKey, toKey);
        if (pair.valuesOfTo.size < MAX_DETERMINANT_VALUES) pair.valuesOfTo.add(toKey);
      } else if (seen !== toKey) pair.broken = true;
    }
  }

  private addOrdered(row: Row): void {
    const instants = new Map<string, number>();
    for (const name of this.orderedFields) {
      const value = row[name];
      if (typeof value === 'string') instants.set(name, parseInstant(value));
    }
    for (const pair of this.ordered) {
      const left = instants.get(pair.left);
      const right = instants.get(pair.right);
      if (left === undefined || right === undefined || Number.isNaN(left) || Number.isNaN(right)) continue;
      pair.both++;
      if (left <= right) pair.lessOrEqual++;
      if (left < right) pair.less++;
    }
  }

  /** The rules that held on every checked row (with enough rows to mean something). */
  finish(): RuleTask[] {
    const rules: RuleTask[] = [];
    for (const pair of this.ordered) {
      if (pair.both < this.k) continue;
      if (pair.lessOrEqual === pair.both)
        rules.push({
          kind: 'ordered',
          fields: [pair.left, pair.right],
          ...(pair.less === pair.both ? { strict: true } : {}),
        });
      else if (pair.lessOrEqual === 0)
        rules.push({
          kind: 'ordered',
          fields: [pair.right, pair.left],
          ...(pair.less === 0 ? { strict: true } : {}),
        });
    }
    const holds = new Set<string>();
    for (const pair of this.dependencies)
      if (this.isMeaningful(pair)) holds.add(`${pair.from}\u0000${pair.to}`);
    for (const pair of this.dependencies) {
      if (!holds.has(`${pair.from}\u0000${pair.to}`)) continue;
      // A one-to-one pair is reported once, from the earlier field.
      const reverse = holds.has(`${pair.to}\u0000${pair.from}`);
      if (
        reverse &&
        pair.map.size === pair.valuesOfTo.size &&
        this.indexOf(pair.from) > this.indexOf(pair.to)
      )
        continue;
      rules.push({ kind: 'depends', fields: [pair.from], determines: pair.to });
    }
    return rules;
  }

  private indexOf(name: string): number {
    return this.dependencies.findIndex((pair) => pair.from === name);
  }

  /** A dependency worth stating: several determinant values, each seen about k times, and a varying result. */
  private isMeaningful(pair: DependencyPair): boolean {
    if (pair.broken || pair.map.size < 2 || pair.valuesOfTo.size < 2) return false;
    const checked = [...pair.map.keys()].length;
    return this.rows >= checked * this.k;
  }
}

function textOf(value: Value): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}
