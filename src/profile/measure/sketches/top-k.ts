/**
 * Heavy hitters by the space-saving algorithm (Metwally et al. 2005): at most `capacity` counters; a new key
 * takes over the smallest counter and inherits its count as its possible error. A key's true count lies in
 * [count - error, count], and every key whose true count exceeds total / capacity is kept. The counters sit in
 * a min-heap so that an eviction costs O(log capacity), and an evicted counter object is reused, so `add`
 * allocates only while the sketch fills up. Until it is full nothing is evicted, so the heap is only put in
 * order when it fills: a categorical field with fewer values than counters never pays for heap order. Keys
 * are kept as copies (`detachText`): a value cut from a decoded chunk would keep the whole chunk alive.
 *
 * Merge follows the mergeable-summaries construction (Agarwal et al. 2012): a key missing from a full summary
 * may have had up to that summary's smallest count, which is added to both its count and its error.
 */

import { detachText } from '../../../shared/detach-text.js';

interface Counter {
  value: string;
  /**
   * `value`'s characters for comparing it with ASCII bytes (`asciiBlocks`), made when it is first compared
   * ({@link UNREAD} until then: a key of a field of distinct values is mostly pushed out before that).
   */
  blocks: Int32Array | null;
  count: number;
  error: number;
  position: number;
}

export interface TopKEntry {
  readonly value: string;
  /** Upper bound of the key's weight. */
  readonly count: number;
  /** How much of `count` may belong to other keys. */
  readonly error: number;
}

/** Slots of the index of counters by their keys' hash (`hashSlot`). */
const HASH_SLOTS = 1024;

/**
 * A slot for the text from `start` to `end` of `text`, from its length and three blocks of four characters
 * (its first, middle and last; one by one when shorter): a few reads whatever its length, where a key's
 * counter is looked up for every value of a categorical field. Equal texts get the same slot; different keys
 * mostly different ones (a key that finds another's counter is compared and goes the slower way).
 */
function hashSlot(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 4) {
    let hash = length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return finishSlot(hash);
  }
  return mixSlot(
    length,
    charBlock(text, start),
    charBlock(text, start + ((length - 4) >> 1)),
    charBlock(text, end - 4),
  );
}

/** Four characters from `at` of `text` as one little-endian block of bytes (as `DataView.getInt32` reads ASCII). */
function charBlock(text: string, at: number): number {
  return (
    text.charCodeAt(at) |
    (text.charCodeAt(at + 1) << 8) |
    (text.charCodeAt(at + 2) << 16) |
    (text.charCodeAt(at + 3) << 24)
  );
}

/** `hashSlot` of an ASCII text's characters read from its bytes (byte i is character i). */
function hashAsciiSlot(ascii: DataView, start: number, end: number): number {
  const length = end - start;
  if (length < 4) {
    let hash = length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ ascii.getUint8(i), 0x01000193);
    return finishSlot(hash);
  }
  return mixSlot(
    length,
    ascii.getInt32(start, true),
    ascii.getInt32(start + ((length - 4) >> 1), true),
    ascii.getInt32(end - 4, true),
  );
}

function mixSlot(length: number, first: number, middle: number, last: number): number {
  let hash = Math.imul(length ^ first, 0x9e3779b1);
  hash = Math.imul(hash ^ middle, 0x85ebca77);
  return finishSlot(Math.imul(hash ^ last, 0xc2b2ae3d));
}

function finishSlot(hash: number): number {
  return (hash ^ (hash >>> 15) ^ (hash >>> 23)) & (HASH_SLOTS - 1);
}

/**
 * A key's characters as little-endian blocks of four bytes, its last four characters as one more block, for
 * comparing it with ASCII bytes four at a time (`addKnownSpan`); null when a character is not ASCII (no ASCII
 * text equals it then).
 */
function asciiBlocks(key: string): Int32Array | null {
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) > 0x7f) return null;
  const whole = key.length >> 2;
  const blocks = new Int32Array(whole + 1);
  for (let index = 0; index < whole; index++) blocks[index] = charBlock(key, 4 * index);
  if (key.length >= 4) blocks[whole] = charBlock(key, key.length - 4);
  return blocks;
}

/** The `blocks` of a counter whose key has not been compared with bytes yet. */
const UNREAD = new Int32Array(0);

export class TopK {
  readonly capacity: number;
  private counters = new Map<string, Counter>();
  /**
   * The counters by the hash of their keys, so that a key given as a range of a longer text is found
   * without cutting it out (`addKnownSpan`); a slot may hold a counter whose key has changed since, which the
   * comparison then rejects.
   */
  private byHash: (Counter | undefined)[] = new Array(HASH_SLOTS);
  private heap: Counter[] = [];
  /** False while the sketch fills up: the heap is put in order (heapified) when it is full. */
  private ordered = true;
  private sum = 0;

  /** Keeps at most `capacity` (default 256) counters. */
  constructor(capacity = 256) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('TopK capacity must be a positive integer.');
    }
    this.capacity = capacity;
  }

  /** Keys counted now (at most `capacity`). */
  get size(): number {
    return this.heap.length;
  }

  /** Total weight added. */
  get total(): number {
    return this.sum;
  }

  /** Adds `weight` (default 1; must be positive) to `key`; true when `key` was counted already. */
  add(key: string, weight = 1): boolean {
    if (!(weight > 0) || weight === Number.POSITIVE_INFINITY) {
      if (weight === 0) return this.counters.has(key);
      throw new RangeError(`TopK weights must be positive and finite, not ${weight}.`);
    }
    this.sum += weight;
    const counter = this.counters.get(key);
    if (counter !== undefined) {
      counter.count += weight;
      this.byHash[hashSlot(key, 0, key.length)] = counter;
      if (this.ordered) this.siftDown(counter.position);
      return true;
    } else if (this.heap.length < this.capacity) {
      const value = detachText(key);
      const fresh: Counter = {
        value,
        blocks: UNREAD,
        count: weight,
        error: 0,
        position: this.heap.length,
      };
      this.heap.push(fresh);
      this.counters.set(value, fresh);
      this.byHash[hashSlot(value, 0, value.length)] = fresh;
      this.ordered = false;
      if (this.heap.length === this.capacity) this.heapify();
    } else {
      const smallest = this.heap[0]!;
      this.counters.delete(smallest.value);
      smallest.value = detachText(key);
      smallest.blocks = UNREAD;
      smallest.error = smallest.count;
      smallest.count += weight;
      this.counters.set(smallest.value, smallest);
      this.byHash[hashSlot(smallest.value, 0, smallest.value.length)] = smallest;
      this.siftDown(0);
    }
    return false;
  }

  /**
   * `add` of the key from `start` to `end` of `text` with weight 1 when it is counted already (true); false,
   * with nothing added, when it is not (or its counter is not found by its hash). `ascii`: bytes in which
   * byte i is character i of `text` over the range, all ASCII (see `TextSpans.ascii`).
   */
  addKnownSpan(text: string, start: number, end: number, ascii?: DataView): boolean {
    const slot = ascii === undefined ? hashSlot(text, start, end) : hashAsciiSlot(ascii, start, end);
    const counter = this.byHash[slot];
    if (counter === undefined || counter.value.length !== end - start) return false;
    if (ascii === undefined) {
      if (!text.startsWith(counter.value, start)) return false;
    } else if (!sameAscii(counter, ascii, start, end)) return false;
    this.sum++;
    counter.count++;
    if (this.ordered) this.siftDown(counter.position);
    return true;
  }

  /** Adds everything `other` counted. */
  merge(other: TopK): void {
    const mineFloor = this.floor();
    const theirsFloor = other.floor();
    const merged: Counter[] = [];
    for (const mine of this.heap) {
      const theirs = other.counters.get(mine.value);
      merged.push({
        value: mine.value,
        blocks: mine.blocks,
        count: mine.count + (theirs?.count ?? theirsFloor),
        error: mine.error + (theirs?.error ?? theirsFloor),
        position: 0,
      });
    }
    for (const theirs of other.heap) {
      if (this.counters.has(theirs.value)) continue;
      merged.push({
        value: theirs.value,
        blocks: theirs.blocks,
        count: theirs.count + mineFloor,
        error: theirs.error + mineFloor,
        position: 0,
      });
    }
    merged.sort(compareEntries);
    this.heap = [];
    this.ordered = true;
    this.counters = new Map();
    this.byHash = new Array(HASH_SLOTS);
    for (const counter of merged.slice(0, this.capacity)) {
      counter.position = this.heap.length;
      this.heap.push(counter);
      this.counters.set(counter.value, counter);
      this.byHash[hashSlot(counter.value, 0, counter.value.length)] = counter;
      this.siftUp(counter.position);
    }
    this.sum += other.sum;
  }

  /** Kept keys by count descending, then value ascending. */
  entries(): TopKEntry[] {
    return this.heap.map(({ value, count, error }) => ({ value, count, error })).sort(compareEntries);
  }

  /** Puts the heap in order (Floyd's bottom-up construction). */
  private heapify(): void {
    for (let index = (this.heap.length >> 1) - 1; index >= 0; index--) this.siftDown(index);
    this.ordered = true;
  }

  /** The count a key absent from this summary may have had: the smallest count once full, else 0. */
  private floor(): number {
    return this.heap.length < this.capacity ? 0 : this.heap[0]!.count;
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    let index = start;
    const moving = heap[index]!;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (parent.count <= moving.count) break;
      heap[index] = parent;
      parent.position = index;
      index = parentIndex;
    }
    heap[index] = moving;
    moving.position = index;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const length = heap.length;
    let index = start;
    const moving = heap[index]!;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && heap[right]!.count < heap[left]!.count ? right : left;
      const smaller = heap[child]!;
      if (smaller.count >= moving.count) break;
      heap[index] = smaller;
      smaller.position = index;
      index = child;
    }
    heap[index] = moving;
    moving.position = index;
  }
}

/** Whether the ASCII bytes from `start` to `end` of `ascii` are `counter`'s key (of that length), four at a time. */
function sameAscii(counter: Counter, ascii: DataView, start: number, end: number): boolean {
  const { value } = counter;
  if (counter.blocks === UNREAD) counter.blocks = asciiBlocks(value);
  const blocks = counter.blocks;
  if (blocks === null) return false;
  const length = end - start;
  if (length < 4) {
    for (let i = 0; i < length; i++) if (value.charCodeAt(i) !== ascii.getUint8(start + i)) return false;
    return true;
  }
  const whole = length >> 2;
  for (let index = 0; index < whole; index++)
    if (ascii.getInt32(start + 4 * index, true) !== blocks[index]) return false;
  return ascii.getInt32(end - 4, true) === blocks[whole];
}

function compareEntries(a: TopKEntry, b: TopKEntry): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
