/**
 * Strings and other text-form values (enums, uuids, network addresses, bit strings, ...): length distribution,
 * character classes, case styles, an inferred pattern with its coverage, a semantic type, and heavy hitters.
 * Pattern and semantic inspection see a bounded sample of the values (see `inspection-sample.ts`).
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import { rangeText, spanText, type TextSpans } from '../../../catalog/text-spans.js';
import type { Value } from '../../../catalog/values.js';
import { seedOfText } from '../../../shared/random.js';
import { describeLocalShape } from '../../privacy/email-parts.js';
import { type CaseStyle, classifyCase } from '../case-style.js';
import type { FieldMeasure } from '../measure.js';
import { characterClassMask, classesOfMask, PatternSketch } from '../pattern/pattern-sketch.js';
import { SemanticSketch } from '../semantics/index.js';
import { detectSemanticByPatterns } from '../semantics/pattern-hints.js';
import { LengthCounts } from '../sketches/length-counts.js';
import { TopK } from '../sketches/top-k.js';
import { BaseAccumulator, TOP_CAPACITY, TOP_MAX_KEY_LENGTH } from './base-accumulator.js';
import { InspectionSample } from './inspection-sample.js';

/** Local-part shapes counted at most (a shape is a short structural string: `a.a`, `a99`). */
const MAX_SHAPES = 256;
/**
 * Distinct values of the inspection sample that are inspected once each with their counts: no more than the
 * pattern sketch's shapes (64), so that none is pushed out, whatever the order.
 */
const MAX_GROUPED = 64;

/** Types whose values are worth pattern and semantic inspection. */
const INSPECTED: ReadonlySet<LogicalType> = new Set(['string', 'inet', 'cidr', 'macaddr', 'opaque']);

export class TextAccumulator extends BaseAccumulator {
  private readonly lengths = new LengthCounts();
  /** Character classes of the inspected values (CLASS_BITS). */
  private classMask = 0;
  private readonly cases: Record<CaseStyle, number> = { upper: 0, lower: 0, title: 0, mixed: 0 };
  private readonly pattern: PatternSketch | null;
  private readonly semantic: SemanticSketch | null;
  private readonly sample: InspectionSample | null;
  private seen = 0;
  /**
   * While the top-k sketch holds every value seen as one of its keys (it never had to evict), those keys are
   * exactly the distinct values, and hashing them waits: a HyperLogLog's registers depend only on the set of
   * values added, so adding each key once later gives the registers adding every value would have given. A
   * categorical field then hashes a handful of values instead of every row.
   */
  private distinctInTop = true;
  /** Email parts of inspected values with an `@`: domains (heavy hitters) and local-part shapes. */
  private emailCount = 0;
  private readonly domains = new TopK(TOP_CAPACITY);
  private readonly shapes = new Map<string, number>();

  constructor(
    logical: LogicalType,
    name: string,
    /** The privacy threshold: pattern literals must have been seen this often. */
    private readonly k: number,
  ) {
    super(logical, true);
    const inspected = INSPECTED.has(logical);
    this.pattern = inspected ? new PatternSketch() : null;
    this.semantic = inspected ? new SemanticSketch(name, logical) : null;
    this.sample = inspected ? new InspectionSample(seedOfText(name)) : null;
  }

  protected addValue(value: Value): void {
    if (typeof value !== 'string') {
      this.mismatched++;
      return;
    }
    this.lengths.add(value.length);
    if (value.length === 0) this.empties++;
    const offered = value.length <= TOP_MAX_KEY_LENGTH;
    // A value the heavy-hitter sketch holds already was counted as distinct when it came in: a distinct
    // counter's registers depend only on the set of values added, so it is not hashed again.
    const known = offered && this.offerTop(value);
    if (!this.distinctInTop) {
      if (!known) this.distinct.addString(value);
    } else if (!offered || this.top === null || this.top.size >= TOP_CAPACITY) {
      this.addTopKeysToDistinct();
      this.distinct.addString(value);
    }
    this.sample?.offer(value);
    this.seen++;
  }

  /**
   * Adds field texts in place. While the heavy-hitter sketch takes values, a text it holds already (most
   * values of a categorical field) is counted where it is; once the sketch is frozen (and the distinct counter
   * takes every value), a text is hashed and measured where it is. Either way it is cut out only when the
   * inspection sample keeps it. A range not checked for ASCII (`TextSpans.unchecked`) is known to be ASCII
   * once its bytes equal a key's or were hashed; one that is not is added as the text of its bytes.
   */
  addSpans(spans: TextSpans): void {
    const { text, starts, ends, ascii } = spans;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      if (start < 0) {
        this.add(spanText(spans, i));
        continue;
      }
      const end = ends[i]!;
      if (this.distinctInTop || this.offersTop()) {
        if (!this.addKnownSpan(text, start, end, ascii)) this.add(rangeText(spans, start, end));
        continue;
      }
      if (ascii === undefined) this.distinct.addSpan(text, start, end);
      else if (!this.distinct.addAsciiSpan(ascii, start, end)) {
        this.add(rangeText(spans, start, end));
        continue;
      }
      this.countSpan(text, start, end);
    }
  }

  /**
   * `add` of the text from `start` to `end` of `text` when the heavy-hitter sketch holds it already (then it
   * was counted as distinct before, and while the sketch holds every distinct value nothing else needs it);
   * false, with nothing added, otherwise.
   */
  private addKnownSpan(text: string, start: number, end: number, ascii: DataView | undefined): boolean {
    const length = end - start;
    if (length > TOP_MAX_KEY_LENGTH || (this.distinctInTop && this.top!.size >= TOP_CAPACITY)) return false;
    if (!this.offerKnownTop(text, start, end, ascii)) return false;
    this.countSpan(text, start, end);
    return true;
  }

  /**
   * The row, length and sample draw of the text from `start` to `end` of `text` added in place (its heavy
   * hitter and distinct count are the caller's); it is cut out only when the sample keeps it.
   */
  private countSpan(text: string, start: number, end: number): void {
    this.rows++;
    this.lengths.add(end - start);
    if (end === start) this.empties++;
    if (this.sample?.wants() === true) this.sample.take(text.slice(start, end));
    this.seen++;
  }

  override finish(): FieldMeasure {
    this.addTopKeysToDistinct();
    return super.finish();
  }

  /** Ends the wait of `distinctInTop`: every key of the top-k sketch goes to the distinct counter. */
  private addTopKeysToDistinct(): void {
    if (!this.distinctInTop) return;
    this.distinctInTop = false;
    for (const entry of this.top?.entries() ?? []) this.distinct.addString(entry.value);
  }

  /**
   * Inspects the sample's values in read order. When they are few distinct values (a categorical field's),
   * each is inspected once with its count: the same measures, since no sketch then has to push anything out
   * and the semantic sketch gets each value's count among the values it examines (the first ones).
   */
  private inspectSample(): void {
    const values = this.sample?.drain() ?? [];
    const repeats = new Map<string, { times: number; examined: number }>();
    const examinable = this.semantic?.maxValues ?? 0;
    let examinedSoFar = 0;
    for (const value of values) {
      let repeat = repeats.get(value);
      if (repeat === undefined) {
        if (repeats.size === MAX_GROUPED) {
          for (const each of values) this.inspect(each, 1, 1);
          return;
        }
        repeat = { times: 0, examined: 0 };
        repeats.set(value, repeat);
      }
      repeat.times++;
      if (examinedSoFar < examinable && value.trim() !== '') {
        repeat.examined++;
        examinedSoFar++;
      }
    }
    for (const [value, { times, examined }] of repeats) this.inspect(value, times, examined);
  }

  /**
   * The expensive per-value work, for a value the inspection sample picked `times` times, `examined` of them
   * among the values the semantic sketch examines.
   */
  private inspect(value: string, times: number, examined: number): void {
    this.pattern?.add(value, times);
    if (examined > 0) this.semantic?.add(value, examined);
    this.classMask |= characterClassMask(value);
    const style = classifyCase(value);
    if (style !== undefined) this.cases[style] += times;
    this.addEmailParts(value, times);
  }

  /** Domain and local-part shape of a value that looks like an email address (kept only for email fields). */
  private addEmailParts(value: string, times: number): void {
    const at = value.lastIndexOf('@');
    if (at <= 0 || at === value.length - 1) return;
    this.emailCount += times;
    this.domains.add(value.slice(at + 1).toLowerCase(), times);
    const shape = describeLocalShape(value.slice(0, at));
    if (this.shapes.size < MAX_SHAPES || this.shapes.has(shape))
      this.shapes.set(shape, (this.shapes.get(shape) ?? 0) + times);
  }

  protected measureDetails() {
    if (this.seen === 0) return {};
    this.inspectSample();
    const pattern = this.pattern?.infer(this.k);
    const patterns = this.pattern?.inferMixture(this.k) ?? [];
    // Formats that one by one make no majority may together (phones written three ways).
    const semantic =
      this.semantic?.result() ?? (this.logical === 'string' ? detectSemanticByPatterns(patterns) : undefined);
    return {
      lengths: this.lengths.sketch(),
      ...(this.pattern === null
        ? {}
        : { classes: classesOfMask(this.classMask).sort(), cases: { ...this.cases } }),
      ...(pattern === undefined ? {} : { pattern }),
      ...(patterns.length > 1 ? { patterns } : {}),
      ...(semantic === undefined ? {} : { semantic }),
      ...(semantic?.type === 'email' && this.emailCount > 0
        ? {
            email: {
              count: this.emailCount,
              domains: this.domains
                .entries()
                .map((entry) => ({ value: entry.value, count: entry.count - entry.error })),
              shapes: [...this.shapes].map(([value, count]) => ({ value, count })),
            },
          }
        : {}),
    };
  }
}

/** Binary values: only their length and how many differ. */
export class BinaryAccumulator extends BaseAccumulator {
  private readonly lengths = new LengthCounts();

  constructor() {
    super('binary', false);
  }

  protected addValue(value: Value): void {
    if (!(value instanceof Uint8Array)) {
      this.mismatched++;
      return;
    }
    this.lengths.add(value.length);
    if (value.length === 0) this.empties++;
    this.distinct.add(
      Buffer.from(value.buffer, value.byteOffset, Math.min(value.length, 64)).toString('base64'),
    );
  }

  protected measureDetails() {
    return this.lengths.count === 0 ? {} : { lengths: this.lengths.sketch() };
  }
}
