/**
 * Uniqueness by construction for values that have no natural injective form: the row index, written in
 * fixed width, replaces the value's tail. Two rows then differ in their last characters whatever the rest.
 */
import type { TypeTask } from '../../tasks/types.js';
import { fitText } from './type-defaults.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';

const TEXT_LIKE = new Set(['string', 'opaque', 'tsvector']);

/** The index as a fixed-width base-36 tail for `rows` rows. */
export function formatIndexTail(index: number, rows: number): string {
  const width = Math.max(1, Math.max(0, rows - 1).toString(36).length);
  return index.toString(36).padStart(width, '0');
}

/**
 * Wraps a text generator so that no two row indexes give the same value: `value-<index tail>`, cut to the
 * type's length with the tail kept. Non-text types are returned as they are: numbers and dates get their
 * uniqueness from permutations instead.
 */
export function withUniqueSuffix(
  generate: ValueGenerator,
  type: TypeTask,
  context: BuildContext,
): ValueGenerator {
  if (!TEXT_LIKE.has(type.logical)) return generate;
  const limit = type.length;
  return (random, index) => {
    const value = generate(random, index);
    const tail = formatIndexTail(index, context.rows);
    const head = typeof value === 'string' ? value.trimEnd() : '';
    const room = limit === undefined ? head.length : Math.max(0, limit - tail.length - 1);
    const text = room > 0 ? `${head.slice(0, room)}-${tail}` : tail;
    return fitText(type, text);
  };
}
