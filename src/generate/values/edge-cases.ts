/**
 * Edge values per logical type: empty and blank strings, unicode, type extremes within the type's limits,
 * NaN and infinities where the type's facts allow, epoch and far dates within its storable range. The engine
 * mixes them into fields at a given share, never into keys, references or fields a check constrains.
 */
import type { LogicalType } from '../../catalog/logical-type.js';
import type { SpecialValue } from '../../catalog/model.js';
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { TypeTask } from '../../tasks/types.js';
import { decimalUnitLimit, fitText, integerLimits, isSinglePrecision } from './type-defaults.js';
import { formatScaled } from './value-text.js';

const EDGES: { readonly [T in LogicalType]: (type: TypeTask) => readonly Value[] } = {
  boolean: () => [],
  integer: (type) => {
    const [min, max] = integerLimits(type);
    return min < 0 ? [min, max, 0, -1] : [min, max];
  },
  float: (type) => {
    const single = isSinglePrecision(type);
    return [
      ...(storesSpecial(type, 'nan') ? [Number.NaN] : []),
      ...(storesSpecial(type, 'infinity') ? [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY] : []),
      0,
      single ? 3.4e38 : 1.7976931348623157e308,
      single ? 1.2e-38 : 5e-324,
    ];
  },
  decimal: (type) => {
    const scale = type.scale ?? 0;
    const limit = decimalUnitLimit(type);
    const edges: Value[] = [formatScaled(0, scale)];
    if (limit !== undefined) edges.push(formatScaled(limit, scale), formatScaled(-limit, scale));
    else if (storesSpecial(type, 'nan')) edges.push('NaN');
    return edges;
  },
  string: (type) =>
    ['', ' ', '  padded  ', 'Zoë Ångström 東京 🚀', 'O\'Brien "quoted", comma', 'line\nbreak'].map((text) =>
      fitText(type, text),
    ),
  enum: (type) => {
    const labels = type.labels ?? [];
    return labels.length === 0 ? [] : [labels[0]!, labels.at(-1)!];
  },
  uuid: () => ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  date: (type) => withinStorableRange(type, ['1970-01-01', '0001-01-01', '9999-12-31', '2000-02-29']),
  time: () => ['00:00:00', '23:59:59'],
  timestamp: (type) =>
    withinStorableRange(type, ['1970-01-01T00:00:00', '0001-01-01T00:00:00', '9999-12-31T23:59:59']),
  timestamptz: (type) =>
    withinStorableRange(type, ['1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']),
  interval: () => ['0 days 00:00:00', '-1 days 00:00:00', '3650 days 23:59:59'],
  binary: () => [new Uint8Array(0), new Uint8Array([0, 255])],
  json: (): Value[] => [{}, [], { text: 'Zoë 🚀', nested: { deeper: { deepest: [1, null, true] } } }],
  array: () => [[]],
  object: () => [],
  inet: () => ['0.0.0.0', '255.255.255.255', '::1'],
  cidr: () => ['0.0.0.0/0', '::/0'],
  macaddr: (type) =>
    type.bits === 64 ? ['00:00:00:00:00:00:00:00'] : ['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff'],
  bit: (type) => (type.length === undefined ? [] : ['0'.repeat(type.length), '1'.repeat(type.length)]),
  tsvector: () => [''],
  range: () => ['empty'],
  opaque: () => [],
};

/** Whether the type's facts say it stores NaN or infinities (a type without facts stores neither). */
function storesSpecial(type: TypeTask, value: SpecialValue): boolean {
  return type.special?.includes(value) === true;
}

/** The dates or timestamps (ISO text) inside the type's storable range, when its facts give one. */
function withinStorableRange(type: TypeTask, values: readonly string[]): string[] {
  const earliest = type.earliest === undefined ? undefined : instantKey(type.earliest);
  const latest = type.latest === undefined ? undefined : instantKey(type.latest);
  return values.filter((value) => {
    const key = instantKey(value);
    return (earliest === undefined || key >= earliest) && (latest === undefined || key <= latest);
  });
}

/**
 * A number that orders ISO dates and timestamps with signed years of any length (`-4712-11-24`,
 * `294276-12-31T23:59:59`) to the second, time zone ignored; not a duration (every month counts 31 days).
 */
function instantKey(text: string): number {
  const match = /^(-?\d+)-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d):(\d\d))?/.exec(text);
  if (match === null) return Number.NaN;
  const [, year, month, day, hour, minute, second] = match;
  const days = Number(year) * 372 + (Number(month) - 1) * 31 + (Number(day) - 1);
  return days * 86400 + Number(hour ?? 0) * 3600 + Number(minute ?? 0) * 60 + Number(second ?? 0);
}

/**
 * The edge values `type` can hold (possibly none); with `storable`, only the special values (NaN, infinity)
 * it lists, for a target that cannot store the others.
 */
export function listEdgeValues(
  type: TypeTask,
  nullable: boolean,
  storable?: readonly SpecialValue[],
): readonly Value[] {
  const allowed =
    storable === undefined || type.special === undefined
      ? type
      : { ...type, special: type.special.filter((value) => storable.includes(value)) };
  const values = EDGES[allowed.logical](allowed);
  // A string column that may not be empty by its length check is filtered by the caller; JSON '' is a string.
  return nullable ? values : values.filter((value) => value !== null);
}

/** Replaces a value with an edge value at share `share`, or returns undefined when nothing applies. */
export function createEdgeCaseMixer(
  type: TypeTask,
  nullable: boolean,
  share: number,
  storable?: readonly SpecialValue[],
): ((random: Random) => Value | undefined) | undefined {
  const values = listEdgeValues(type, nullable, storable);
  if (share <= 0 || values.length === 0) return undefined;
  return (random) => (random.float() < share ? values[random.below(values.length)]! : undefined);
}
