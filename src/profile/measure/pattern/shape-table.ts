/**
 * Shapes of string values with their counts, at one tokenizing granularity, in bounded memory.
 *
 * A shape is a sequence of token kinds (`upper-run '-' digit-run`); for each token it keeps the shortest and
 * longest run, the character classes seen, and the token's text while every value agreed on it; for the
 * whole shape the longest prefix every value shared. A table keeps at most `maxShapes` shapes: a new shape
 * pushes out the least frequent one, whose values are then only counted as dropped (so frequent shapes
 * survive a stream of one-off shapes, as in free text).
 */
import {
  escapeLiteral,
  GENERALISED_LITERAL,
  type Granularity,
  hashKinds,
  LITERAL_BASE,
  renderClass,
  renderQuantifier,
  type TokenBuffer,
  tokenize,
} from './tokens.js';

export class Shape {
  count: number;
  readonly kinds: Int32Array;
  readonly minLengths: Int32Array;
  readonly maxLengths: Int32Array;
  readonly masks: Int32Array;
  /** Each token's text while all values agreed on it, else null. */
  readonly literals: (string | null)[];
  /** Longest prefix shared by every value of the shape. */
  prefix: string;

  constructor(value: string, tokens: TokenBuffer, count: number, times = 1) {
    this.count = times;
    this.kinds = tokens.kinds.slice(0, count);
    this.minLengths = tokens.lengths.slice(0, count);
    this.maxLengths = tokens.lengths.slice(0, count);
    this.masks = tokens.masks.slice(0, count);
    this.literals = [];
    for (let i = 0; i < count; i++) {
      const start = tokens.starts[i]!;
      this.literals.push(value.slice(start, start + tokens.lengths[i]!));
    }
    this.prefix = value;
  }

  /** A deep copy, so that merging never shares state between sketches. */
  clone(): Shape {
    const copy: Shape = Object.create(Shape.prototype);
    Object.assign(copy, {
      count: this.count,
      kinds: this.kinds.slice(),
      minLengths: this.minLengths.slice(),
      maxLengths: this.maxLengths.slice(),
      masks: this.masks.slice(),
      literals: [...this.literals],
      prefix: this.prefix,
    });
    return copy;
  }

  /** True when the tokenized value has this shape's kinds. */
  matches(tokens: TokenBuffer, count: number): boolean {
    if (count !== this.kinds.length) return false;
    for (let i = 0; i < count; i++) if (tokens.kinds[i] !== this.kinds[i]) return false;
    return true;
  }

  /** Counts `value` (`times` times) as one more value of this shape. */
  update(value: string, tokens: TokenBuffer, times = 1): void {
    this.count += times;
    for (let i = 0; i < this.kinds.length; i++) {
      const length = tokens.lengths[i]!;
      if (length < this.minLengths[i]!) this.minLengths[i] = length;
      if (length > this.maxLengths[i]!) this.maxLengths[i] = length;
      this.masks[i]! |= tokens.masks[i]!;
      const literal = this.literals[i];
      if (literal != null && !sameText(literal, value, tokens.starts[i]!, length)) this.literals[i] = null;
    }
    this.prefix = sharedPrefix(this.prefix, value);
  }

  /** Adds the values of `other`, a shape with the same kinds. */
  absorb(other: Shape): void {
    this.count += other.count;
    for (let i = 0; i < this.kinds.length; i++) {
      this.minLengths[i] = Math.min(this.minLengths[i]!, other.minLengths[i]!);
      this.maxLengths[i] = Math.max(this.maxLengths[i]!, other.maxLengths[i]!);
      this.masks[i]! |= other.masks[i]!;
      if (this.literals[i] !== other.literals[i]) this.literals[i] = null;
    }
    this.prefix = sharedPrefix(this.prefix, other.prefix);
  }

  /** A stable text key of the kinds, to break ties between equally frequent shapes. */
  key(): string {
    return this.kinds.join(',');
  }

  /**
   * The shape as a regular expression. Literal text (shared prefix, constant tokens, punctuation) is written
   * only when the shape has at least `k` values, all of which share it; otherwise it is generalised to classes.
   * `shapeOnly` keeps punctuation but generalises every literal letter or digit (a personal field's shape).
   */
  render(k: number, granularity: Granularity, scratch: TokenBuffer, shapeOnly = false): string {
    const keepLiterals = this.count >= k;
    let regex = '';
    let first = 0;
    let consumed = 0;
    if (keepLiterals && !shapeOnly && this.prefix.length > 0) {
      const prefixTokens = tokenize(this.prefix, granularity, scratch);
      if (prefixTokens > 0) {
        regex += escapeLiteral(this.prefix);
        first = prefixTokens - 1;
        consumed = scratch.lengths[first]!;
        if (consumed >= this.maxLengths[first]!) {
          first++;
          consumed = 0;
        }
      }
    }
    for (let i = first; i < this.kinds.length; i++) {
      const kind = this.kinds[i]!;
      const used = i === first ? consumed : 0;
      if (kind >= LITERAL_BASE) {
        regex += keepLiterals ? escapeLiteral(String.fromCharCode(kind - LITERAL_BASE)) : GENERALISED_LITERAL;
        continue;
      }
      const literal = this.literals[i];
      if (keepLiterals && !shapeOnly && literal != null) {
        regex += escapeLiteral(literal.slice(used));
        continue;
      }
      const min = Math.max(0, this.minLengths[i]! - used);
      const max = this.maxLengths[i]! - used;
      if (max > 0) regex += renderClass(this.masks[i]!) + renderQuantifier(min, max);
    }
    return regex;
  }
}

/** Shapes by kind hash, bounded to `maxShapes`. */
export class ShapeTable {
  readonly shapes = new Map<number, Shape>();
  /** Values whose shape was pushed out or not shaped (too long, hash collision). */
  dropped = 0;

  constructor(
    readonly granularity: Granularity,
    private readonly maxShapes: number,
  ) {}

  /** Counts `value` (`times` times), already tokenized into `tokens` (`count` tokens, -1 when unshaped). */
  add(value: string, tokens: TokenBuffer, count: number, times = 1): void {
    if (count < 0) {
      this.dropped += times;
      return;
    }
    const hash = hashKinds(tokens.kinds, count);
    const shape = this.shapes.get(hash);
    if (shape !== undefined) {
      if (shape.matches(tokens, count)) shape.update(value, tokens, times);
      else this.dropped += times;
      return;
    }
    if (this.shapes.size >= this.maxShapes) this.evictRarest();
    this.shapes.set(hash, new Shape(value, tokens, count, times));
  }

  /** Adds every shape of `other`. */
  merge(other: ShapeTable): void {
    this.dropped += other.dropped;
    for (const [hash, shape] of other.shapes) {
      const mine = this.shapes.get(hash);
      if (mine === undefined) this.shapes.set(hash, shape.clone());
      else if (sameKinds(mine.kinds, shape.kinds)) mine.absorb(shape);
      else this.dropped += shape.count;
    }
    while (this.shapes.size > this.maxShapes) this.evictRarest();
  }

  /** Shapes by falling count (ties broken by kinds). */
  ranked(): Shape[] {
    return [...this.shapes.values()].sort((a, b) => b.count - a.count || (a.key() < b.key() ? -1 : 1));
  }

  /** The most frequent shape (ties broken by kinds), if any. */
  mostFrequent(): Shape | undefined {
    let best: Shape | undefined;
    for (const shape of this.shapes.values()) {
      if (best === undefined || shape.count > best.count) best = shape;
      else if (shape.count === best.count && shape.key() < best.key()) best = shape;
    }
    return best;
  }

  private evictRarest(): void {
    let rarestHash = -1;
    let rarestCount = Number.POSITIVE_INFINITY;
    for (const [hash, shape] of this.shapes) {
      if (shape.count < rarestCount) {
        rarestCount = shape.count;
        rarestHash = hash;
      }
    }
    this.shapes.delete(rarestHash);
    this.dropped += rarestCount;
  }
}

/** True when `value` holds `text` at `start` (compared in place, without slicing). */
function sameText(text: string, value: string, start: number, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== value.charCodeAt(start + i)) return false;
  return true;
}

function sharedPrefix(prefix: string, value: string): string {
  const limit = Math.min(prefix.length, value.length);
  let i = 0;
  while (i < limit && prefix.charCodeAt(i) === value.charCodeAt(i)) i++;
  return i === prefix.length ? prefix : prefix.slice(0, i);
}

function sameKinds(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
