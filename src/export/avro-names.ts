/**
 * Avro names (`[A-Za-z_][A-Za-z0-9_]*`) for any field, record or namespace name, stable and reversible:
 * a name that starts with a letter and has only letters, digits and `_` is kept as it is (almost every
 * column name); any other name becomes `_` followed by an escaped form in which `_` is written `__` and every
 * other character outside `[A-Za-z0-9]` is `_` plus its code point as six hex digits. The leading `_` tells
 * the two cases apart, so `decodeAvroName(encodeAvroName(x)) === x` for every string (a property test
 * checks it), and schemas read back from a registry give the source's names again.
 */

const PLAIN = /^[A-Za-z][A-Za-z0-9_]*$/;
const KEPT_CHARACTER = /[A-Za-z0-9]/;

/** The Avro-safe form of `name` (see the header). */
export function encodeAvroName(name: string): string {
  if (PLAIN.test(name)) return name;
  let escaped = '_';
  for (const character of name) {
    if (character === '_') escaped += '__';
    else if (KEPT_CHARACTER.test(character)) escaped += character;
    else escaped += `_${character.codePointAt(0)!.toString(16).padStart(6, '0')}`;
  }
  return escaped;
}

/**
 * The original name of an Avro name made by `encodeAvroName`. Any other Avro name (one a person chose, such
 * as `_id`) is returned as it is: a name counts as ours only when encoding its decoded form gives it back.
 */
export function decodeAvroName(name: string): string {
  if (!name.startsWith('_')) return name;
  let decoded = '';
  for (let index = 1; index < name.length; index++) {
    const character = name[index]!;
    if (character !== '_') {
      decoded += character;
      continue;
    }
    if (name[index + 1] === '_') {
      decoded += '_';
      index++;
      continue;
    }
    const hex = name.slice(index + 1, index + 7);
    if (!/^[0-9a-f]{6}$/.test(hex)) return name;
    decoded += String.fromCodePoint(Number.parseInt(hex, 16));
    index += 6;
  }
  return encodeAvroName(decoded) === name ? decoded : name;
}
