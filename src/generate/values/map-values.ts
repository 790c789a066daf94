/**
 * Documents keyed by ids (`map` in a task file: a field of a document source whose keys were ids, profiled as
 * the list of its values): generated as a document again, its values the list the array recipe gives (length,
 * kept combinations, elements) under keys that look like the measured ones (ObjectIds, integers, UUIDs or
 * short text), each key unique in its document. The keys are made up: a profile never holds one.
 */
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { MapTask } from '../../tasks/types.js';
import { generateUuidV4 } from './semantic/semantic-generators.js';
import { randomHex } from './type-mix.js';
import type { ValueGenerator } from './value-generator.js';

/** 2024-01-01T00:00:00Z in seconds: the time part of made-up ObjectId keys. */
const OBJECT_ID_BASE_SECONDS = 1_704_067_200;

type KeyGenerator = (random: Random, position: number) => string;

function createKeys(kind: string): KeyGenerator {
  switch (kind) {
    case 'objectId':
      // Time, random bytes, then the position: unique within a document.
      return (random, position) =>
        (OBJECT_ID_BASE_SECONDS + random.below(31_536_000)).toString(16).padStart(8, '0') +
        randomHex(random, 10) +
        position.toString(16).padStart(6, '0');
    case 'integer':
      return (random, position) => String(random.below(1_000_000) * 64 + position);
    case 'uuid':
      return (random) => generateUuidV4(random);
    default:
      return (random, position) => `k${randomHex(random, 6)}${position}`;
  }
}

/** Maps whose values are the list `values` gives (as for an array: length, combinations, elements). */
export function createMapGenerator(map: MapTask, values: ValueGenerator): ValueGenerator {
  const key = createKeys(map.keys);
  return (random, index) => {
    const list = values(random, index);
    const document: Record<string, Value> = {};
    if (!Array.isArray(list)) return document;
    list.forEach((value: Value, position) => {
      document[key(random, position)] = value;
    });
    return document;
  };
}
