/**
 * Semantic detection: what a field's values mean (email, phone, IBAN, city, ...), values first, names second.
 *
 * A {@link SemanticSketch} runs the validators of `detectors.ts` over the first `maxValues` non-empty values of
 * a field and keeps only counters (no values), so it is bounded. At the end, `result` decides:
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
  type DetectionScope,
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

/**
 * What a detector's counts can still decide for one field: `every` (both counts, whatever their share: the
 * types of the name's family, and all a fixed scope allows), `fitting` (a name's alternative: only when most
 * values fit it loosely), `strict` (any other type under scope `all`: only as a strict majority, so its loose
 * validator never runs) or `none` (a type the scope does not allow: it never runs).
 */
type Stake = 'every' | 'fitting' | 'strict' | 'none';

export class SemanticSketch {
  readonly maxValues: number;
  private examined = 0;
  /** Per detector: values its strict validator accepted. */
  private readonly strong = new Float64Array(DETECTORS.length);
  /** Per detector: values accepted strictly or by the name-assisted shape. */
  private readonly plausible = new Float64Array(DETECTORS.length);
  /** Per detector: the share its deciding count must reach to decide anything (0: any). */
  private readonly needed = new Float64Array(DETECTORS.length);
  /** Per detector: whether its loose validator runs. */
  private readonly loose: boolean[];
  /** Indexes of the detectors still examining values. */
  private live: number[];
  /** Values with a line break. */
  private lined = 0;
  /** The type the field's name points to, if its scope allows it. */
  private readonly hinted: SemanticType | undefined;

  /**
   * A sketch of the values of a field named `fieldName` of logical type `logical`. Knowing the field, it runs
   * only the validators whose counts can still change its result: a type that could only win with a strict
   * majority stops once more values than a majority allows failed it (the result is that of running them all).
   */
  constructor(
    fieldName: string,
    private readonly logical: LogicalType,
    options: SemanticSketchOptions = {},
  ) {
    const maxValues = options.maxValues ?? 2000;
    if (!Number.isInteger(maxValues) || maxValues < 1) {
      throw new RangeError('SemanticSketch maxValues must be a positive integer.');
    }
    this.maxValues = maxValues;
    const scope = DETECTION_SCOPES[logical];
    this.hinted = scope === 'none' ? undefined : hintOf(fieldName, scope);
    const stakes = stakesOf(scope, this.hinted);
    this.loose = stakes.map((stake) => stake === 'every' || stake === 'fitting');
    this.live = [];
    for (const [i, stake] of stakes.entries()) {
      if (stake === 'none') continue;
      this.live.push(i);
      this.needed[i] = stake === 'every' ? 0 : stake === 'fitting' ? NAMED_MAJORITY : VALUE_MAJORITY;
    }
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
    let dropped = false;
    for (const i of this.live) {
      const detector = DETECTORS[i]!;
      if (detector.strong?.(text)) {
        this.strong[i]! += taken;
        this.plausible[i]! += taken;
      } else if (this.loose[i] && detector.plausible?.(text)) {
        this.plausible[i]! += taken;
      }
      if (!this.deciding(i)) dropped = true;
    }
    if (dropped) this.live = this.live.filter((i) => this.deciding(i));
  }

  /**
   * Whether detector `i` may still reach its needed share: at best every value still to come counts, and the
   * share of `maxValues` values is the highest (computed as `detect` computes shares).
   */
  private deciding(i: number): boolean {
    const missed = this.examined - (this.loose[i] ? this.plausible[i]! : this.strong[i]!);
    return (this.maxValues - missed) / this.maxValues >= this.needed[i]!;
  }

  /** The semantic type of the field, or undefined. */
  result(): SemanticGuess | undefined {
    const found = this.detect();
    return found?.type === 'address.full' && this.lined * 2 > this.examined
      ? { ...found, lines: true }
      : found;
  }

  private detect(): SemanticGuess | undefined {
    const scope = DETECTION_SCOPES[this.logical];
    if (scope === 'none') return undefined;
    // A column typed as uuid, macaddr or json already says what it holds.
    if (Array.isArray(scope) && scope.length === 1) {
      const type = scope[0]!;
      return guess(type, this.examined === 0 ? 1 : Math.max(this.strongShare(type), 0));
    }
    const hinted = this.hinted;
    if (this.examined === 0) {
      return hinted !== undefined && scope === 'all' ? guess(hinted, NAME_ONLY_CONFIDENCE) : undefined;
    }
    if (hinted !== undefined) {
      let best: SemanticType | undefined;
      let bestShare = 0;
      const family = familyOf(hinted, scope);
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
      for (const type of [...family, ...alternativesOf(hinted, scope)]) {
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
      if (!allows(scope, detector.type)) continue;
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

function allows(scope: DetectionScope, type: SemanticType): boolean {
  return scope === 'all' || (scope === 'hinted' ? NUMERIC_HINTED.has(type) : scope.includes(type));
}

/** The type the field's name points to, if its scope allows it. */
function hintOf(fieldName: string, scope: DetectionScope): SemanticType | undefined {
  const hint = detectSemanticByName(fieldName);
  return hint !== undefined && allows(scope, hint) ? hint : undefined;
}

function familyOf(hinted: SemanticType, scope: DetectionScope): SemanticType[] {
  return (HINT_FAMILIES[hinted] ?? [hinted]).filter((type) => allows(scope, type));
}

function alternativesOf(hinted: SemanticType, scope: DetectionScope): SemanticType[] {
  return (HINT_ALTERNATIVES[hinted] ?? []).filter((type) => allows(scope, type));
}

/** Per detector, what its counts can decide for a field (see {@link Stake}), by the rules of `detect`. */
function stakesOf(scope: DetectionScope, hinted: SemanticType | undefined): Stake[] {
  if (scope === 'none') return DETECTORS.map(() => 'none');
  const family = hinted === undefined ? [] : familyOf(hinted, scope);
  const alternatives = hinted === undefined ? [] : alternativesOf(hinted, scope);
  return DETECTORS.map(({ type }): Stake => {
    if (!allows(scope, type)) return 'none';
    if (family.includes(type) || Array.isArray(scope)) return 'every';
    if (alternatives.includes(type)) return 'fitting';
    return scope === 'all' ? 'strict' : 'none';
  });
}

function guess(type: SemanticType, confidence: number): SemanticGuess {
  return { type, personal: SEMANTIC_TYPES[type].personal, confidence: Math.round(confidence * 1000) / 1000 };
}
