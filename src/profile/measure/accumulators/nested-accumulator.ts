/**
 * Arrays, JSON values and objects (composites, documents): recursive accumulators. Arrays measure their length
 * and an element profile; objects measure key presence and one profile per key (bounded in keys and depth);
 * JSON values are dispatched by kind, and the kind most values had is reported.
 */
import type { FieldType } from '../../../catalog/model.js';
import { encodeJson } from '../../../catalog/value-text.js';
import type { Value } from '../../../catalog/values.js';
import type { ChildMeasure, FieldMeasure } from '../measure.js';
import { LengthCounts } from '../sketches/length-counts.js';
import { TopK } from '../sketches/top-k.js';
import { BooleanAccumulator, type FieldAccumulator, TOP_CAPACITY } from './base-accumulator.js';
import { LineAccumulator } from './line-accumulator.js';
import { TextAccumulator } from './text-accumulator.js';

/** Keys tracked per object level; further new keys are counted but not profiled. */
export const MAX_KEYS = 32;
/** Nesting levels profiled below a field. */
export const MAX_DEPTH = 3;

export interface NestedOptions {
  readonly k: number;
  readonly depth: number;
  /** Builds the accumulator of a declared type (breaks the import cycle with the registry). */
  readonly create: (name: string, type: FieldType, depth: number) => FieldAccumulator;
}

type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean';

function jsonKind(value: Value): JsonKind | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) return 'object';
  return undefined;
}

/** A JSON value of any kind: one accumulator per kind seen, the dominant one reported. */
export class JsonAccumulator implements FieldAccumulator {
  private rows = 0;
  private nulls = 0;
  private readonly kinds = new Map<JsonKind, { count: number; accumulator: FieldAccumulator }>();

  constructor(
    private readonly name: string,
    private readonly options: NestedOptions,
  ) {}

  add(value: Value): void {
    this.rows++;
    if (value === null || value === undefined) {
      this.nulls++;
      return;
    }
    const kind = jsonKind(value);
    if (kind === undefined) return;
    let entry = this.kinds.get(kind);
    if (entry === undefined) {
      entry = { count: 0, accumulator: this.createFor(kind) };
      this.kinds.set(kind, entry);
    }
    entry.count++;
    entry.accumulator.add(value);
  }

  private createFor(kind: JsonKind): FieldAccumulator {
    const { k, depth } = this.options;
    switch (kind) {
      case 'string':
        return new TextAccumulator('string', this.name, k);
      case 'number':
        return new LineAccumulator('float', { refineInteger: true });
      case 'boolean':
        return new BooleanAccumulator();
      case 'array':
        return new ArrayAccumulator(this.name, null, { ...this.options, depth: depth + 1 });
      case 'object':
        return new ObjectAccumulator('json', null, { ...this.options, depth: depth + 1 });
    }
  }

  finish(): FieldMeasure {
    let dominant: { count: number; accumulator: FieldAccumulator } | undefined;
    for (const entry of this.kinds.values())
      if (dominant === undefined || entry.count > dominant.count) dominant = entry;
    if (dominant === undefined)
      return { logical: 'json', rows: this.rows, nulls: this.nulls, empties: 0, distinct: 0, mismatched: 0 };
    const measure = dominant.accumulator.finish();
    const others = this.rows - this.nulls - dominant.count;
    return { ...measure, rows: this.rows, nulls: this.nulls, mismatched: measure.mismatched + others };
  }
}

/** Combinations longer than this (as JSON text) are not counted: such arrays are not drawn from a vocabulary. */
const MAX_COMBINATION_LENGTH = 240;

/**
 * Arrays: length distribution and the elements measured like a field. One-dimensional arrays of scalar
 * elements also count their combinations (each whole array as JSON text, heavy hitters: the privacy filter
 * keeps those seen k times) and the arrays that hold an element twice.
 */
export class ArrayAccumulator implements FieldAccumulator {
  private rows = 0;
  private nulls = 0;
  private empties = 0;
  private mismatched = 0;
  private readonly lengths = new LengthCounts();
  private readonly element: FieldAccumulator;
  private readonly combinations: TopK | null;
  /** Arrays whose elements were all scalar (checked for repeats), and those with a repeated element. */
  private scalarArrays = 0;
  private repeats = 0;

  /** `type` is the declared array type, or null for JSON arrays. */
  constructor(name: string, type: FieldType | null, options: NestedOptions) {
    this.combinations = type !== null && (type.dimensions ?? 1) <= 1 ? new TopK(TOP_CAPACITY) : null;
    const element = type?.element;
    if (type !== null && (type.dimensions ?? 1) > 1)
      this.element = new ArrayAccumulator(name, { ...type, dimensions: (type.dimensions ?? 1) - 1 }, options);
    else if (element !== undefined) this.element = options.create(name, element, options.depth + 1);
    else this.element = new JsonAccumulator(name, { ...options, depth: options.depth + 1 });
  }

  add(value: Value): void {
    this.rows++;
    if (value === null || value === undefined) {
      this.nulls++;
      return;
    }
    if (!Array.isArray(value)) {
      this.mismatched++;
      return;
    }
    const items = value as readonly Value[];
    this.lengths.add(items.length);
    if (items.length === 0) this.empties++;
    for (const item of items) this.element.add(item);
    if (this.combinations !== null) this.addCombination(items, this.combinations);
  }

  private addCombination(items: readonly Value[], combinations: TopK): void {
    const seen = new Set<string>();
    let repeated = false;
    for (const item of items) {
      // Arrays, objects and bytes inside: not a combination of values from a vocabulary.
      if (item !== null && typeof item === 'object') return;
      const key = item === null ? 'null' : `${typeof item}:${String(item)}`;
      if (seen.has(key)) repeated = true;
      else seen.add(key);
    }
    this.scalarArrays++;
    if (repeated) this.repeats++;
    const text = encodeJson(items);
    if (text.length <= MAX_COMBINATION_LENGTH) combinations.add(text);
  }

  finish(): FieldMeasure {
    return {
      logical: 'array',
      rows: this.rows,
      nulls: this.nulls,
      empties: this.empties,
      distinct: 0,
      mismatched: this.mismatched,
      ...(this.lengths.count === 0 ? {} : { lengths: this.lengths.sketch() }),
      element: this.element.finish(),
      ...(this.combinations === null || this.scalarArrays === 0
        ? {}
        : {
            top: this.combinations
              .entries()
              .map((entry) => ({ value: entry.value, count: entry.count - entry.error })),
            repeats: this.repeats,
          }),
    };
  }
}

/** Objects (JSON objects, composites, documents): which keys are present, and a profile per key. */
export class ObjectAccumulator implements FieldAccumulator {
  private rows = 0;
  private nulls = 0;
  private empties = 0;
  private mismatched = 0;
  private readonly keys = new Map<string, { present: number; accumulator: FieldAccumulator }>();

  constructor(
    private readonly logical: 'json' | 'object',
    attributes: readonly { readonly name: string; readonly type: FieldType }[] | null,
    private readonly options: NestedOptions,
  ) {
    for (const attribute of attributes ?? [])
      this.keys.set(attribute.name, {
        present: 0,
        accumulator: options.create(attribute.name, attribute.type, options.depth + 1),
      });
  }

  add(value: Value): void {
    this.rows++;
    if (value === null || value === undefined) {
      this.nulls++;
      return;
    }
    if (jsonKind(value) !== 'object') {
      this.mismatched++;
      return;
    }
    const record = value as { readonly [key: string]: Value };
    let size = 0;
    for (const key in record) {
      size++;
      let entry = this.keys.get(key);
      if (entry === undefined) {
        if (this.keys.size >= MAX_KEYS || this.options.depth >= MAX_DEPTH) continue;
        entry = { present: 0, accumulator: new JsonAccumulator(key, this.options) };
        this.keys.set(key, entry);
      }
      entry.present++;
      entry.accumulator.add(record[key] ?? null);
    }
    if (size === 0) this.empties++;
  }

  finish(): FieldMeasure {
    const children: ChildMeasure[] = [];
    for (const [name, entry] of this.keys)
      children.push({ name, present: entry.present, measure: entry.accumulator.finish() });
    return {
      logical: this.logical,
      rows: this.rows,
      nulls: this.nulls,
      empties: this.empties,
      distinct: 0,
      mismatched: this.mismatched,
      children,
    };
  }
}
