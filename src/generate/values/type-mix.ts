/**
 * Fields of several types at once (document sources: `stats.types`, e.g. `{ int: 0.7, string: 0.3 }`): each
 * value first draws its kind by the measured shares, then comes from the field's recipe when the recipe gives
 * that kind (the recipe was measured on the values of the field's main kind), else from a plain value of the
 * drawn kind (no statistics are kept per kind of a mix). Kinds group the type names of the task format's
 * `stats.types` vocabulary (BSON's `$type` names): `int`, `long`, `double` and `decimal` are one kind,
 * numbers, whose BSON type the sink decides by the value; `null` is left to the field's null share.
 */
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { FieldTask } from '../../tasks/types.js';
import { composeText, generateUuidV4 } from './semantic/semantic-generators.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'objectId' | 'uuid' | 'binary' | 'object' | 'array';

const KIND_OF_TYPE: Readonly<Record<string, Kind>> = {
  string: 'string',
  int: 'number',
  long: 'number',
  double: 'number',
  decimal: 'number',
  bool: 'boolean',
  date: 'date',
  objectId: 'objectId',
  uuid: 'uuid',
  binData: 'binary',
  object: 'object',
  array: 'array',
};

const HEX_24 = /^[0-9a-f]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T|$)/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-/;
const DAY_MS = 86_400_000;
/** 2024-01-01T00:00:00Z: plain dates of a mix fall in the year after it when nothing was measured. */
const BASE_MS = 1_704_067_200_000;

/** The kinds of a field's type mix with their shares (null left out, renormalised); fewer than two: none. */
export function listMixedKinds(field: FieldTask): { kind: Kind; share: number }[] | undefined {
  const types = field.stats?.types;
  if (types === undefined || field.generator.edited === true) return undefined;
  const shares = new Map<Kind, number>();
  for (const [type, share] of Object.entries(types)) {
    const kind = KIND_OF_TYPE[type] ?? (type === 'null' ? undefined : 'string');
    if (kind !== undefined && share > 0) shares.set(kind, (shares.get(kind) ?? 0) + share);
  }
  if (shares.size < 2) return undefined;
  const total = [...shares.values()].reduce((sum, share) => sum + share, 0);
  return [...shares].map(([kind, share]) => ({ kind, share: share / total }));
}

/** `generate` (the field's recipe) spread over the kinds of its type mix; unchanged when it has none. */
export function followTypeMix(
  field: FieldTask,
  context: BuildContext,
  generate: ValueGenerator,
): ValueGenerator {
  const kinds = listMixedKinds(field);
  if (kinds === undefined) return generate;
  const has = new Set(kinds.map((entry) => entry.kind));
  const plain = new Map(kinds.map((entry) => [entry.kind, createPlainValue(entry.kind, field, context)]));
  const cumulative: number[] = [];
  let sum = 0;
  for (const entry of kinds) {
    sum += entry.share;
    cumulative.push(sum);
  }
  return (random, index) => {
    const draw = random.float();
    let position = cumulative.findIndex((edge) => draw < edge);
    if (position < 0) position = kinds.length - 1;
    const kind = kinds[position]!.kind;
    const value = generate(random, index);
    return kindOfValue(value, has) === kind ? value : plain.get(kind)!(random, index);
  };
}

function kindOfValue(value: Value, has: ReadonlySet<Kind>): Kind | undefined {
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      if (has.has('objectId') && HEX_24.test(value)) return 'objectId';
      if (has.has('date') && ISO_DATE.test(value)) return 'date';
      if (has.has('uuid') && UUID_TEXT.test(value)) return 'uuid';
      return 'string';
    default:
      if (value === null) return undefined;
      if (value instanceof Uint8Array) return 'binary';
      return Array.isArray(value) ? 'array' : 'object';
  }
}

/** A value of `kind` without statistics of its own: within the field's measured range where there is one. */
function createPlainValue(kind: Kind, field: FieldTask, context: BuildContext): ValueGenerator {
  const { min, max } = field.stats ?? {};
  switch (kind) {
    case 'string': {
      const words = context.pools().get('word');
      return (random) => composeText(random, words, 4 + random.below(8));
    }
    case 'number': {
      const low = typeof min === 'number' ? min : 0;
      const high = typeof max === 'number' ? max : 1000;
      return (random) => Math.round(low + random.float() * (high - low));
    }
    case 'boolean':
      return (random) => random.chance(0.5);
    case 'date': {
      const low = typeof min === 'string' && ISO_DATE.test(min) ? Date.parse(min) : BASE_MS;
      const high = typeof max === 'string' && ISO_DATE.test(max) ? Date.parse(max) : low + 365 * DAY_MS;
      return (random) =>
        new Date(low + Math.floor(random.float() * Math.max(DAY_MS, high - low))).toISOString();
    }
    case 'objectId':
      return (random) => randomHex(random, 24);
    case 'uuid':
      return (random) => generateUuidV4(random);
    case 'binary':
      return (random) => Uint8Array.from({ length: 16 }, () => random.below(256));
    case 'object':
      return () => ({});
    case 'array':
      return () => [];
  }
}

/** `digits` lowercase hex digits. */
export function randomHex(random: Random, digits: number): string {
  let text = '';
  while (text.length < digits) text += random.next().toString(16).padStart(8, '0');
  return text.slice(0, digits);
}
