/**
 * Rules between fields of one dataset, found on the first rows of the sample: ordered pairs of dates/times
 * (`created_at <= shipped_at`) and of numbers a declared check compares (`discount <= price`), with the
 * distribution of the gap between them (gaps.ts), so the generator can draw the later one as the earlier
 * plus a gap; and functional dependencies between low-cardinality fields (`city → country`). Memory is
 * bounded: at most a few hundred distinct determinant values per pair, one gap per checked row and pair, and
 * the work stops after `RULE_ROWS` rows.
 */

import { parseInstant } from '../../catalog/line-numbers.js';
import { NUMERIC_LIKE } from '../../catalog/logical-type.js';
import type { Dataset, Field } from '../../catalog/model.js';
import { spanText } from '../../catalog/text-spans.js';
import type { Row, Value } from '../../catalog/values.js';
import type { DecodedBatch } from '../../sources/chunk-decoder.js';
import type { OrderedGap, RuleTask } from '../../tasks/types.js';
import { measureLag } from './gaps.js';

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
  /** right − left (epoch milliseconds for instants), one per row where both are set. */
  readonly gaps: number[];
  /** left (epoch milliseconds for instants), beside each gap. */
  readonly starts: number[];
}

interface DependencyPair {
  readonly from: string;
  readonly to: string;
  /** Each determinant value's dependent value and rows. */
  readonly map: Map<string, { readonly dependent: string; rows: number }>;
  broken: boolean;
  valuesOfTo: Set<string>;
}

/** A (determinant, dependent) pair of a dependency with its rows: raw values, for the privacy filter only. */
export interface MeasuredPair {
  readonly determinant: string;
  readonly dependent: string;
  readonly rows: number;
}

/** A `parent-determines` rule as measured (parent-determines.ts), its pairs raw. */
export type MeasuredParentRule = Omit<Extract<RuleTask, { readonly kind: 'parent-determines' }>, 'pairs'> & {
  readonly measured: readonly MeasuredPair[];
};

/**
 * A rule as measured: a `depends` or `parent-determines` rule carries every pair it saw (raw values), which
 * the privacy filter (privacy/rule-pairs.ts) turns into the rule's `pairs` or drops.
 */
export type MeasuredRule =
  | Exclude<RuleTask, { readonly kind: 'depends' | 'parent-determines' }>
  | (Omit<Extract<RuleTask, { readonly kind: 'depends' }>, 'pairs'> & {
      readonly measured: readonly MeasuredPair[];
    })
  | MeasuredParentRule;

/** Watches rows for ordered pairs and functional dependencies. */
export class RuleTracker {
  private rows = 0;
  private readonly ordered: OrderedPair[] = [];
  private readonly dependencies: DependencyPair[] = [];
  private readonly orderedFields: string[];
  private readonly units = new Map<string, OrderedGap['unit']>();

  /**
   * `excluded` names fields that rules leave as they are (keys, references): never in a dependency, and in an
   * ordered pair only as the earlier field of a pair with a gap (generation then writes the later one only).
   */
  constructor(
    dataset: Dataset,
    private readonly excluded: ReadonlySet<string>,
    private readonly k: number,
  ) {
    const usable = (field: Field) => !excluded.has(field.name) && field.generated === undefined;
    // Keys and references may come first in an ordered pair (see `finish`), after the fields that may be
    // either.
    const instants = dataset.fields.filter(
      (field) => field.generated === undefined && INSTANTS.has(field.type.logical),
    );
    this.orderedFields = [
      ...instants.filter((field) => !excluded.has(field.name)),
      ...instants.filter((field) => excluded.has(field.name)),
    ]
      .slice(0, MAX_ORDERED_FIELDS)
      .map((field) => field.name);
    for (const field of dataset.fields)
      this.units.set(
        field.name,
        NUMERIC_LIKE.has(field.type.logical) ? 'number' : field.type.logical === 'date' ? 'days' : 'seconds',
      );
    const pair = (left: string, right: string): OrderedPair => ({
      left,
      right,
      both: 0,
      lessOrEqual: 0,
      less: 0,
      gaps: [],
      starts: [],
    });
    for (let i = 0; i < this.orderedFields.length; i++)
      for (let j = i + 1; j < this.orderedFields.length; j++)
        this.ordered.push(pair(this.orderedFields[i]!, this.orderedFields[j]!));
    // Numbers only where a declared check compares them: most pairs of numbers are ordered by chance.
    const numeric = new Set(
      dataset.fields
        .filter((field) => usable(field) && NUMERIC_LIKE.has(field.type.logical))
        .map((f) => f.name),
    );
    for (const check of dataset.checks) {
      const parsed = check.parsed?.kind === 'when-present' ? check.parsed.check : check.parsed;
      if (parsed?.kind !== 'compare' || !numeric.has(parsed.left) || !numeric.has(parsed.right)) continue;
      if (parsed.op === '<>') continue;
      this.ordered.push(pair(parsed.left, parsed.right));
      for (const name of [parsed.left, parsed.right])
        if (!this.orderedFields.includes(name)) this.orderedFields.push(name);
    }
    const categorical = dataset.fields
      .filter((field) => usable(field) && CATEGORY_LIKE.has(field.type.logical))
      .slice(0, MAX_DEPENDENCY_FIELDS)
      .map((field) => field.name);
    for (const from of categorical)
      for (const to of categorical)
        if (from !== to)
          this.dependencies.push({
            from,
            to,
            map: new Map(),
            broken: false,
            valuesOfTo: new Set(),
          });
  }

  add(row: Row): void {
    this.addRow(
      (name) => row[name] ?? null,
      (name) => this.numberOf(name, row[name]),
    );
  }

  /**
   * Adds the rows of a column batch, in order: the same as adding each row, reading only the fields of the
   * rules still unbroken, and the numbers read in place as they are (no row object, no text of a timestamp
   * made to be parsed again).
   */
  addBatch(batch: DecodedBatch): void {
    const count = Math.min(batch.length, RULE_ROWS - this.rows);
    if (count <= 0) return;
    this.rows += count;
    if (this.ordered.length > 0)
      for (let index = 0; index < count; index++)
        this.addOrdered((name) => {
          const number = batch.lines?.[name]?.numbers[index];
          return number !== undefined && Number.isFinite(number)
            ? number
            : this.numberOf(name, batchValue(batch, name, index));
        });
    // Pair by pair down the batch (each pair's rows in order, as row by row), each field's texts made once.
    const texts = new Map<string, (string | null)[]>();
    const textsOf = (name: string) => {
      let column = texts.get(name);
      if (column === undefined) {
        column = [];
        for (let index = 0; index < count; index++) column.push(textOrNull(batchValue(batch, name, index)));
        texts.set(name, column);
      }
      return column;
    };
    for (const pair of this.dependencies) {
      if (pair.broken) continue;
      const from = textsOf(pair.from);
      const to = textsOf(pair.to);
      for (let index = 0; index < count && !pair.broken; index++)
        noteDependency(pair, from[index]!, to[index]!);
    }
  }

  /** Checks one row, whose fields `read` reads and whose ordered fields `numberOf` reads as numbers. */
  private addRow(read: (name: string) => Value, numberOf: (name: string) => number): void {
    if (this.rows >= RULE_ROWS) return;
    this.rows++;
    if (this.ordered.length > 0) this.addOrdered(numberOf);
    const texts = new Map<string, string | null>();
    const textOfField = (name: string) => {
      let text = texts.get(name);
      if (text === undefined) {
        text = textOrNull(read(name));
        texts.set(name, text);
      }
      return text;
    };
    for (const pair of this.dependencies) {
      if (pair.broken) continue;
      const fromKey = textOfField(pair.from);
      if (fromKey !== null) noteDependency(pair, fromKey, textOfField(pair.to));
    }
  }

  /** A value of an ordered field as a number (epoch milliseconds for instants); NaN when it has none. */
  private numberOf(name: string, value: Value | undefined): number {
    if (this.units.get(name) === 'number')
      return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string'
        ? Number(value)
        : Number.NaN;
    return typeof value === 'string' ? parseInstant(value) : Number.NaN;
  }

  private addOrdered(numberOf: (name: string) => number): void {
    const numbers = new Map<string, number>();
    for (const name of this.orderedFields) numbers.set(name, numberOf(name));
    for (const pair of this.ordered) {
      const left = numbers.get(pair.left)!;
      const right = numbers.get(pair.right)!;
      if (Number.isNaN(left) || Number.isNaN(right)) continue;
      pair.both++;
      pair.gaps.push(right - left);
      pair.starts.push(left);
      if (left <= right) pair.lessOrEqual++;
      if (left < right) pair.less++;
    }
  }

  /** The rules that held on every checked row (with enough rows to mean something). */
  finish(): MeasuredRule[] {
    const rules: MeasuredRule[] = [];
    for (const pair of this.ordered) {
      if (pair.both < this.k) continue;
      const forward = pair.lessOrEqual === pair.both;
      if (!forward && pair.lessOrEqual !== 0) continue;
      const [earlier, later] = forward ? [pair.left, pair.right] : [pair.right, pair.left];
      if (this.excluded.has(later)) continue;
      const strict = forward ? pair.less === pair.both : pair.less === 0;
      const lefts = pair.starts;
      const rights = pair.starts.map((start, i) => start + pair.gaps[i]!);
      const [earlierValues, laterValues] = forward ? [lefts, rights] : [rights, lefts];
      const gap = measureLag(earlierValues, laterValues, this.units.get(later) ?? 'seconds', this.k);
      if (gap === undefined && this.excluded.has(earlier)) continue;
      rules.push({
        kind: 'ordered',
        fields: [earlier, later],
        ...(strict ? { strict: true } : {}),
        ...(gap !== undefined ? { gap } : {}),
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
      const measured = [...pair.map].map(([determinant, { dependent, rows }]) => ({
        determinant,
        dependent,
        rows,
      }));
      measured.sort((a, b) => b.rows - a.rows || (a.determinant < b.determinant ? -1 : 1));
      rules.push({ kind: 'depends', fields: [pair.from], determines: pair.to, measured });
    }
    return rules;
  }

  private indexOf(name: string): number {
    return this.dependencies.findIndex((pair) => pair.from === name);
  }

  /**
   * A dependency worth stating: several determinant values, each seen about k times among the rows where both
   * fields have a value (a mostly-null determinant whose few values are all different holds by chance), and a
   * varying result.
   */
  private isMeaningful(pair: DependencyPair): boolean {
    if (pair.broken || pair.map.size < 2 || pair.valuesOfTo.size < 2) return false;
    let checked = 0;
    for (const { rows } of pair.map.values()) checked += rows;
    return checked >= pair.map.size * this.k;
  }
}

/** Row `index`'s value of field `name` in a column batch, wherever the batch holds it (null when it does not). */
function batchValue(batch: DecodedBatch, name: string, index: number): Value {
  const spans = batch.spans?.[name];
  if (spans !== undefined) return spanText(spans, index);
  const line = batch.lines?.[name];
  if (line !== undefined) return line.value(index);
  return batch.columns[name]?.[index] ?? null;
}

/** One row's values of a dependency pair: its determinant's is held to the same dependent value throughout. */
function noteDependency(pair: DependencyPair, fromKey: string | null, toKey: string | null): void {
  if (fromKey === null || toKey === null) return;
  const seen = pair.map.get(fromKey);
  if (seen === undefined) {
    if (pair.map.size >= MAX_DETERMINANT_VALUES) pair.broken = true;
    else pair.map.set(fromKey, { dependent: toKey, rows: 1 });
    if (pair.valuesOfTo.size < MAX_DETERMINANT_VALUES) pair.valuesOfTo.add(toKey);
  } else if (seen.dependent !== toKey) pair.broken = true;
  else seen.rows++;
}

/** A field's value as the text a dependency compares; null for NULL. */
function textOrNull(value: Value | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
}
