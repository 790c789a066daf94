/**
 * The accumulator for each logical type, keyed exhaustively (`{ [T in LogicalType]: ... }`): a new logical type
 * is a compile error here until the profiler knows how to measure it.
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { FieldType } from '../../../catalog/model.js';
import { BooleanAccumulator, type FieldAccumulator } from './base-accumulator.js';
import { LineAccumulator } from './line-accumulator.js';
import {
  ArrayAccumulator,
  JsonAccumulator,
  type NestedOptions,
  ObjectAccumulator,
} from './nested-accumulator.js';
import { BinaryAccumulator, TextAccumulator } from './text-accumulator.js';

export type { FieldAccumulator } from './base-accumulator.js';

interface AccumulatorInput {
  readonly name: string;
  readonly type: FieldType;
  readonly nested: NestedOptions;
}

type AccumulatorFactory = (input: AccumulatorInput) => FieldAccumulator;

const line: AccumulatorFactory = ({ type }) => new LineAccumulator(type.logical);
const text: AccumulatorFactory = ({ name, type, nested }) =>
  new TextAccumulator(type.logical, name, nested.k);

export const ACCUMULATORS: { readonly [T in LogicalType]: AccumulatorFactory } = {
  boolean: () => new BooleanAccumulator(),
  integer: line,
  float: line,
  decimal: line,
  date: line,
  time: line,
  timestamp: line,
  timestamptz: line,
  string: text,
  enum: text,
  uuid: text,
  interval: line,
  inet: text,
  cidr: text,
  macaddr: text,
  bit: text,
  tsvector: text,
  range: text,
  opaque: text,
  binary: () => new BinaryAccumulator(),
  json: ({ name, nested }) => new JsonAccumulator(name, nested),
  array: ({ name, type, nested }) => new ArrayAccumulator(name, type, nested),
  object: ({ type, nested }) => new ObjectAccumulator('object', type.attributes ?? null, nested),
};

/** Creates the accumulator for a field of `type`; `k` is the privacy threshold patterns respect. */
export function createAccumulator(name: string, type: FieldType, k: number, depth = 0): FieldAccumulator {
  const nested: NestedOptions = {
    k,
    depth,
    create: (childName, childType, childDepth) => createAccumulator(childName, childType, k, childDepth),
  };
  return ACCUMULATORS[type.logical]({ name, type, nested });
}
