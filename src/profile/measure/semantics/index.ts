/**
 * Semantic detection: what a field's values mean (email, phone, IBAN, city, ...), values first, names second.
 *
 * A {@link SemanticSketch} runs every validator of `detectors.ts` over the first `maxValues` non-empty values
 * and keeps only counters (no values), so it is bounded and mergeable. At the end, `result` decides:
 * 1. When the field name points to a type (see `name-hints.ts`) and at least half the values validate for it
 *    (strictly or by the looser shape a name makes believable), that type wins; the name raises confidence.
 *    Among the types a name points to and their alternatives (a `name` may hold companies), one whose strict
 *    validator accepts 15% of the values and twice as many as the best loose fit's wins, if most fit it
 *    loosely.
 * 2. Otherwise a type whose strict validator accepts a clear majority (80%) of the values wins; ties go to the
 *    more specific type. Numbers stored as numbers are never classified from values alone.
 * Confidence is the share of examined values that validate, raised halfway to 1 when the name agrees.
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import { SEMANTIC_TYPES, type SemanticType } from '../../../catalog/semantic-types.js';
import {
  DETECTION_SCOPES,
  DETECTORS,
  HINT_ALTERNATIVES,
  HINT_FAMILIES,
  NUMERIC_HINTED,
} from './detectors.js';
import { detectSemanticByName } from './name-hints.js';

export { detectSemanticByName } from './name-hints.js';

export interface SemanticGuess {
  readonly type: SemanticType;
  readonly personal: boolean;
  readonly confidence: number;
  /** Full addresses: most values run over several lines (a line break between street and city). */
  readonly lines?: boolean;
}

export interface SemanticSketchOptions {
  /** Non-empty values examined at most (default 2000). */
  readonly maxValues?: number;
}

/** Share of values that must validate strictly for a detection from values alone. */
const VALUE_MAJORITY = 0.8;
/** Share of values that must validate when the field name agrees. */
const NAMED_MAJORITY = 0.5;
/** Share of values that must validate strictly for a type of the name's family to win over a looser fit. */
const CONTRADICTING_SHARE = 0.15;
/** Confidence of a guess from the name alone, when there were no values to examine. */
const NAME_ONLY_CONFIDENCE = 0.5;

const INDEX_OF = new Map<SemanticType, number>(DETECTORS.map((detector, i) => [detector.type, i]));

export class SemanticSketch {
  readonly maxValues: number;
  private examined = 0;
  /** Per detector: values its strict validator accepted. */
  private readonly strong = new Float64Array(DETECTORS.length);
  /** Per detector: values accepted strictly or by the name-assisted shape. */
  private readonly plausible = new Float64Array(DETECTORS.length);
  /** Values with a line break. */
  private lined = 0;

  constructor(options: SemanticSketchOptions = {}) {
    const maxValues = options.maxValues ?? 2000;
    if (!Number.isInteger(maxValues) || maxValues < 1) {
      throw new RangeError('SemanticSketch maxValues must be a positive integer.');
    }
    this.maxValues = maxValues;
  }

  /** Non-empty values examined so far. */
  get count(): number {
    return this.examined;
  }

  /**
   * Examines `value` (trimmed; `times` times, as far as `maxValues` allows) unless it is empty or `maxValues`
   * have been examined already.
   */
  add(value: string, times = 1): void {
    if (this.examined >= this.maxValues) return;
    const text = value.trim();
    if (text === '') return;
    const taken = Math.min(times, this.maxValues - this.examined);
    this.examined += taken;
    if (text.includes('\n')) this.lined += taken;
    for (let i = 0; i < DETECTORS.length; i++) {
      const detector = DETECTORS[i]!;
      if (detector.strong?.(text)) {
        this.strong[i]! += taken;
        this.plausible[i]! += taken;
      } else if (detector.plausible?.(text)) {
        this.plausible[i]! += taken;
      }
    }
  }

  /** Adds the counts of `other`. */
  merge(other: SemanticSketch): void {
    this.examined += other.examined;
    this.lined += other.lined;
    for (let i = 0; i < DETECTORS.length; i++) {
      this.strong[i]! += other.strong[i]!;
      this.plausible[i]! += other.plausible[i]!;
    }
  }

  /** The semantic type of a field named `fieldName` of logical type `logical`, or undefined. */
  result(fieldName: string, logical: LogicalType): SemanticGuess | undefined {
    const found = this.detect(fieldName, logical);
    return found?.type === 'address.full' && this.lined * 2 > this.examined
      ? { ...found, lines: true }
      : found;
  }

  private detect(fieldName: string, logical: LogicalType): SemanticGuess | undefined {
    const scope = DETECTION_SCOPES[logical];
    if (scope === 'none') return undefined;
    const allowed = (type: SemanticType) =>
      scope === 'all' || (scope === 'hinted' ? NUMERIC_HINTED.has(type) : scope.includes(type));
    // A column typed as uuid, macaddr or json already says what it holds.
    if (Array.isArray(scope) && scope.length === 1) {
      const type = scope[0]!;
      return guess(type, this.examined === 0 ? 1 : Math.max(this.strongShare(type), 0));
    }
    const hint = detectSemanticByName(fieldName);
    const hinted = hint !== undefined && allowed(hint) ? hint : undefined;
    if (this.examined === 0) {
      return hinted !== undefined && scope === 'all' ? guess(hinted, NAME_ONLY_CONFIDENCE) : undefined;
    }
    if (hinted !== undefined) {
      let best: SemanticType | undefined;
      let bestShare = 0;
      const family = (HINT_FAMILIES[hinted] ?? [hinted]).filter(allowed);
      for (const type of family) {
        const share = this.plausibleShare(type);
        if (share > bestShare) {
          best = type;
          bestShare = share;
        }
      }
      // A member or an alternative that 15% of the values validate for strictly, twice as many as the
      // chosen one, and that most fit loosely, is what they are (a `customerName` of shops, a sixth with a
      // legal suffix).
      for (const type of [...family, ...(HINT_ALTERNATIVES[hinted] ?? []).filter(allowed)]) {
        const strong = this.strongShare(type);
        const fitting = this.plausibleShare(type);
        if (best === undefined || strong < CONTRADICTING_SHARE || strong <= 2 * this.strongShare(best))
          continue;
        if (fitting >= NAMED_MAJORITY) {
          best = type;
          bestShare = fitting;
        }
      }
      if (best !== undefined && bestShare >= NAMED_MAJORITY)
        return guess(best, bestShare + (1 - bestShare) / 2);
    }
    if (scope === 'hinted') return undefined;
    let best: SemanticType | undefined;
    let bestShare = 0;
    for (const detector of DETECTORS) {
      if (!allowed(detector.type)) continue;
      const share = this.strongShare(detector.type);
      if (share > bestShare) {
        best = detector.type;
        bestShare = share;
      }
    }
    if (best === undefined) return undefined;
    // In a network-address column every value is one of the scope's types: the majority decides.
    return bestShare >= VALUE_MAJORITY || Array.isArray(scope) ? guess(best, bestShare) : undefined;
  }

  private strongShare(type: SemanticType): number {
    const index = INDEX_OF.get(type);
    return index === undefined || this.examined === 0 ? 0 : this.strong[index]! / this.examined;
  }

  private plausibleShare(type: SemanticType): number {
    const index = INDEX_OF.get(type);
    return index === undefined || this.examined === 0 ? 0 : this.plausible[index]! / this.examined;
  }
}

function guess(type: SemanticType, confidence: number): SemanticGuess {
  return { type, personal: SEMANTIC_TYPES[type].personal, confidence: Math.round(confidence * 1000) / 1000 };
}
