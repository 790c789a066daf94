/**
 * Uniqueness by construction for values that have no natural injective form: the row index, written in
 * fixed width, replaces the value's tail (characters for text, bytes for binary). Two rows then differ in
 * their last characters or bytes whatever the rest.
 */
import type { TypeTask } from '../../tasks/types.js';
import { fitText } from './type-defaults.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';

const TEXT_LIKE = new Set(['string', 'tsvector']);

/** The index as a fixed-width base-36 tail for `rows` rows. */
export function formatIndexTail(index: number, rows: number): string {
  const width = Math.max(1, Math.max(0, rows - 1).toString(36).length);
  return index.toString(36).padStart(width, '0');
}

/**
 * Wraps a text or binary generator so that no two row indexes give the same value: `value-<index tail>`,
 * cut to the type's length with the tail kept; bytes end in the index instead. Other types are returned as
 * they are: numbers and dates get their uniqueness from permutations instead, and a value of a type doppel
 * does not know (a point, a box, an extension's type) would not parse with a tail.
 */
export function withUniqueSuffix(
  generate: ValueGenerator,
  type: TypeTask,
  context: BuildContext,
): ValueGenerator {
  if (type.logical === 'binary') return withIndexBytes(generate, type, context.rows);
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

const encoder = new TextEncoder();

/**
 * Binary values whose last bytes are the row index (big-endian, as many bytes as `rows` needs): the value's
 * own bytes (text as UTF-8) before it, cut or zero-padded to the type's length when it has a fixed one, so
 * every row's value is distinct as long as the type holds that many bytes.
 */
function withIndexBytes(generate: ValueGenerator, type: TypeTask, rows: number): ValueGenerator {
  let width = 1;
  while (256 ** width < rows) width++;
  const limit = type.length;
  return (random, index) => {
    const value = generate(random, index);
    const head = value instanceof Uint8Array ? value : encoder.encode(typeof value === 'string' ? value : '');
    const wanted = type.fixed_length && limit !== undefined ? limit : Math.max(width, head.length);
    const length = limit === undefined ? wanted : Math.min(limit, wanted);
    const bytes = new Uint8Array(length);
    bytes.set(head.subarray(0, Math.max(0, length - width)));
    let rest = index;
    for (let position = length - 1; position >= Math.max(0, length - width); position--) {
      bytes[position] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    return bytes;
  };
}
