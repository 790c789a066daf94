/**
 * A sensible value for every logical type when the recipe says nothing more specific (nested attributes,
 * range bounds, array elements, generic recipes). Keyed by LogicalType, so a new type cannot be forgotten.
 * Values respect the declared limits: varchar/char length, numeric precision and scale, bit length, labels.
 */
import type { LogicalType } from '../../catalog/logical-type.js';
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { TypeTask } from '../../tasks/types.js';
import { composeText, generateUuidV4 } from './semantic/semantic-generators.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import { formatEpochDay, formatEpochSeconds, formatScaled, formatTimeOfDay } from './value-text.js';

const DAY_2000 = 10957;
const DAY_2030 = 21915;
const SECONDS_PER_DAY = 86400;

/**
 * Inclusive integer limits from the type's facts: `bits` (32 when absent) and `unsigned`. Widths past 53 bits
 * stop at JavaScript's safe integers, which the generator's numbers hold exactly.
 */
export function integerLimits(type: TypeTask): readonly [number, number] {
  const bits = type.bits ?? 32;
  if (type.unsigned) return [0, bits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** bits - 1];
  if (bits >= 54) return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  return [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}

/** Whether a float type is single precision (32 bits); double otherwise. */
export function isSinglePrecision(type: TypeTask): boolean {
  return type.bits === 32;
}

/** Largest absolute value numeric(p,s) can hold, in units of 10^-s; undefined when unbounded. */
export function decimalUnitLimit(type: TypeTask): number | undefined {
  if (type.precision === undefined) return undefined;
  return 10 ** Math.min(15, type.precision) - 1;
}

/** Clamps a text to the type's length and pads `char(n)`. */
export function fitText(type: TypeTask, text: string): string {
  const limit = type.length;
  if (limit === undefined) return text;
  const fitted = text.length > limit ? text.slice(0, limit) : text;
  return type.fixed_length && fitted.length < limit ? fitted.padEnd(limit, ' ') : fitted;
}

function timeDigits(type: TypeTask): number {
  return Math.min(6, type.time_precision ?? 0);
}

function formatRangeBound(value: Value): string {
  if (typeof value === 'string' && /[\s,()[\]"]/.test(value)) return `"${value}"`;
  return String(value);
}

const DEFAULTS: { readonly [T in LogicalType]: (type: TypeTask, context: BuildContext) => ValueGenerator } = {
  boolean: () => (random) => random.chance(0.5),
  integer: (type) => {
    const [min, max] = integerLimits(type);
    const low = Math.max(min, 0);
    const high = Math.min(max, 100_000);
    return (random) => random.between(low, high);
  },
  float: () => (random) => Math.round(random.float() * 1_000_000) / 1000,
  decimal: (type) => {
    const scale = type.scale ?? 2;
    const limit = Math.min(decimalUnitLimit(type) ?? Number.MAX_SAFE_INTEGER, 10 ** (scale + 5) - 1);
    return (random) => formatScaled(random.below(limit + 1), scale);
  },
  string: (type, context) => {
    const words = context.pools().get('word');
    const high = Math.max(1, Math.min(type.length ?? 24, 24));
    const low = Math.min(high, 4);
    return (random) => fitText(type, composeText(random, words, random.between(low, high)));
  },
  enum: (type) => {
    const labels = type.labels ?? [];
    return (random) => (labels.length === 0 ? '' : labels[random.below(labels.length)]!);
  },
  uuid: () => (random) => generateUuidV4(random),
  date: () => (random) => formatEpochDay(random.between(DAY_2000, DAY_2030)),
  time: (type) => {
    const digits = timeDigits(type);
    const zoned = type.zoned === true;
    return (random) => `${formatTimeOfDay(random.float() * SECONDS_PER_DAY, digits)}${zoned ? '+00' : ''}`;
  },
  timestamp: (type) => {
    const digits = timeDigits(type);
    return (random) =>
      formatEpochSeconds(
        DAY_2000 * SECONDS_PER_DAY + random.below((DAY_2030 - DAY_2000) * SECONDS_PER_DAY),
        digits,
        false,
      );
  },
  timestamptz: (type) => {
    const digits = timeDigits(type);
    return (random) =>
      formatEpochSeconds(
        DAY_2000 * SECONDS_PER_DAY + random.below((DAY_2030 - DAY_2000) * SECONDS_PER_DAY),
        digits,
        true,
      );
  },
  interval: () => (random) => {
    const days = random.below(400);
    return `${days} days ${formatTimeOfDay(random.below(SECONDS_PER_DAY), 0)}`;
  },
  binary: () => (random) => {
    const bytes = new Uint8Array(random.between(4, 32));
    for (let i = 0; i < bytes.length; i++) bytes[i] = random.below(256);
    return bytes;
  },
  json: (_type, context) => {
    const words = context.pools().get('word');
    return (random, index) => ({
      id: index + 1,
      tag: words[random.below(words.length)] ?? '',
      value: random.below(1000),
    });
  },
  array: (type, context) => {
    const element = createTypeDefault(type.element ?? { logical: 'string', native: 'text' }, context);
    const dimensions = Math.max(1, type.dimensions ?? 1);
    const build = (random: Random, index: number, depth: number, length: number): Value[] => {
      const values: Value[] = [];
      for (let i = 0; i < length; i++)
        values.push(depth > 1 ? build(random, index, depth - 1, length) : element(random, index));
      return values;
    };
    return (random, index) => build(random, index, dimensions, random.between(dimensions > 1 ? 1 : 0, 4));
  },
  object: (type, context) => {
    const attributes = (type.attributes ?? []).map(
      (attribute) => [attribute.name, createTypeDefault(attribute.type, context)] as const,
    );
    return (random, index) => {
      const value: Record<string, Value> = {};
      for (const [name, generate] of attributes) value[name] = generate(random, index);
      return value;
    };
  },
  inet: () => (random) =>
    `${random.between(11, 223)}.${random.below(256)}.${random.below(256)}.${random.between(1, 254)}`,
  cidr: () => (random) => `${random.between(11, 223)}.${random.below(256)}.${random.below(256)}.0/24`,
  macaddr: (type) => {
    const bytes = (type.bits ?? 48) / 8;
    return (random) => {
      const parts: string[] = [];
      for (let i = 0; i < bytes; i++) parts.push(random.below(256).toString(16).padStart(2, '0'));
      return parts.join(':');
    };
  },
  bit: (type) => {
    const length = type.length ?? 1;
    const varying = type.fixed_length !== true;
    return (random) => {
      const size = varying ? random.between(1, length) : length;
      let text = '';
      for (let i = 0; i < size; i++) text += random.chance(0.5) ? '1' : '0';
      return text;
    };
  },
  tsvector: (_type, context) => {
    const words = context.pools().get('word');
    return (random) => {
      const chosen = new Set<string>();
      const count = random.between(1, 6);
      for (let i = 0; i < count; i++)
        chosen.add((words[random.below(words.length)] ?? 'word').toLowerCase().replace(/'/g, ''));
      return [...chosen]
        .sort()
        .map((word) => `'${word}'`)
        .join(' ');
    };
  },
  range: (type, context) => {
    const bound = createTypeDefault(type.range_of ?? { logical: 'integer', native: 'integer' }, context);
    return (random, index) => {
      const a = bound(random, index);
      const b = bound(random, index);
      const [low, high] = compareValues(a, b) <= 0 ? [a, b] : [b, a];
      if (compareValues(low, high) === 0) return 'empty';
      return `[${formatRangeBound(low)},${formatRangeBound(high)})`;
    };
  },
  opaque: (type) => {
    const literal = type.literal ?? null;
    return () => literal;
  },
};

/** Orders two generated values of the same type (numbers, bigints, ISO/decimal text). */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) - Number(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return 0;
}

/** A generator of plausible values of `type` with no recipe guidance. */
export function createTypeDefault(type: TypeTask, context: BuildContext): ValueGenerator {
  return DEFAULTS[type.logical](type, context);
}
