/**
 * Fast, allocation-free 64-bit hashing of profiled values, for the sketches that need uniform bits
 * (HyperLogLog). Strings are hashed over their UTF-16 code units, two per 32-bit block, through two independent
 * lanes (a MurmurHash3 lane and an xxHash32 lane, each with its own constants and final mix), giving 64 bits.
 * Numbers are hashed from their IEEE-754 bits through one shared Float64Array. Not cryptographic; never used
 * for anything secret.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const PRIME1 = 0x9e3779b1;
const PRIME2 = 0x85ebca77;
const PRIME3 = 0xc2b2ae3d;

/** Domain tags so that the same bits reached through different kinds of value hash apart. */
const TAG_STRING = 0x2545f491;
const TAG_NUMBER = 0x6c8e9cf5;
const TAG_BIGINT = 0x3c6ef372;
const TAG_BOOLEAN = 0x7f4a7c15;

const floatView = new Float64Array(1);
const wordView = new Uint32Array(floatView.buffer);

function rotateLeft(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

function finalMix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** One block through the MurmurHash3 lane. */
function mixMurmur(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = rotateLeft(k, 15);
  k = Math.imul(k, C2);
  const next = rotateLeft(h ^ k, 13);
  return (Math.imul(next, 5) + 0xe6546b64) | 0;
}

/** One block through the xxHash32 lane. */
function mixXx(h: number, block: number): number {
  return Math.imul(rotateLeft((h + Math.imul(block, PRIME2)) | 0, 13), PRIME1);
}

/**
 * Hashes `value` (its UTF-16 code units) into 64 bits: `out[0]` gets the low word and `out[1]` the high word.
 * Writing into a caller's array keeps the hot path free of allocations.
 */
export function hashString(value: string, out: Uint32Array, tag: number = TAG_STRING): void {
  hashSpan(value, 0, value.length, out, tag);
}

/** `hashString` of `text.slice(start, end)`, without the slice. */
export function hashSpan(
  text: string,
  start: number,
  end: number,
  out: Uint32Array,
  tag: number = TAG_STRING,
): void {
  let a = tag;
  let b = PRIME3 ^ tag;
  const length = end - start;
  const even = start + (length & ~1);
  for (let i = start; i < even; i += 2) {
    const block = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    a = mixMurmur(a, block);
    b = mixXx(b, block);
  }
  finishSpan(a, b, even === end ? -1 : text.charCodeAt(even), length, out);
}

/**
 * `hashSpan` of the characters from `start` to `end` of an ASCII text whose bytes `ascii` holds (byte i is
 * character i): the same 64 bits, from one read of two bytes per block instead of two characters. False when
 * a byte is not ASCII (`out` then holds no hash of any text).
 */
export function hashAsciiSpan(
  ascii: DataView,
  start: number,
  end: number,
  out: Uint32Array,
  tag: number = TAG_STRING,
): boolean {
  let a = tag;
  let b = PRIME3 ^ tag;
  let high = 0;
  const length = end - start;
  const even = start + (length & ~1);
  for (let i = start; i < even; i += 2) {
    const pair = ascii.getUint16(i, true);
    high |= pair;
    const block = (pair & 0xff) | ((pair & 0xff00) << 8);
    a = mixMurmur(a, block);
    b = mixXx(b, block);
  }
  const last = even === end ? -1 : ascii.getUint8(even);
  finishSpan(a, b, last, length, out);
  return ((last < 0 ? high : high | last) & 0x8080) === 0;
}

/** Mixes in the last unit of an odd `length` (`last`; -1 when even) and writes the span's hash into `out`. */
function finishSpan(a: number, b: number, last: number, length: number, out: Uint32Array): void {
  let low = a;
  let high = b;
  if (last >= 0) {
    low ^= rotateLeft(Math.imul(Math.imul(last, C1), C2) | 0, 15);
    high = Math.imul(rotateLeft((high + Math.imul(last, PRIME3)) | 0, 17), PRIME2);
  }
  finishHash(low ^ length, high ^ Math.imul(length, PRIME1), out);
}

/** Hashes a number from its float64 bits (`-0` and `0` hash alike, as do all NaNs) into `out`. */
export function hashNumber(value: number, out: Uint32Array, tag: number = TAG_NUMBER): void {
  floatView[0] = value === 0 ? 0 : Number.isNaN(value) ? Number.NaN : value;
  const low = wordView[0]!;
  const high = wordView[1]!;
  finishHash(mixMurmur(mixMurmur(tag, low), high), mixXx(mixXx(PRIME3 ^ tag, low), high), out);
}

/**
 * Hashes any scalar a profiled field holds. Numbers and their decimal text hash differently (`1` and `"1"` are
 * two values); a bigint within the safe integer range hashes like the equal number, a larger one by its digits.
 */
export function hashScalar(value: string | number | bigint | boolean, out: Uint32Array): void {
  switch (typeof value) {
    case 'string':
      hashString(value, out);
      return;
    case 'number':
      hashNumber(value, out);
      return;
    case 'boolean':
      hashNumber(value ? 1 : 0, out, TAG_BOOLEAN);
      return;
    default:
      if (value >= -9007199254740991n && value <= 9007199254740991n) hashNumber(Number(value), out);
      else hashString(value.toString(), out, TAG_BIGINT);
  }
}

function finishHash(a: number, b: number, out: Uint32Array): void {
  const mixedA = finalMix(a);
  const mixedB = finalMix(b ^ rotateLeft(mixedA, 7));
  out[0] = mixedA ^ Math.imul(mixedB, PRIME1);
  out[1] = mixedB;
}
