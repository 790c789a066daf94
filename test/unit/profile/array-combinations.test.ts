// Arrays drawn from a vocabulary: the profile keeps their frequent combinations (k-rule) and whether elements
// repeat; the generator draws the combinations at their shares and never repeats an element when none was
// measured to; the comparison reports array-tv.
import { describe, expect, it } from 'vitest';
import type { Value } from '../../../src/catalog/values.js';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import { createAccumulator } from '../../../src/profile/measure/accumulators/index.js';
import { DEFAULT_PRIVACY, filterField } from '../../../src/profile/privacy/privacy.js';
import { chooseRecipe } from '../../../src/profile/write/recipe.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask, GeneratorRecipe } from '../../../src/tasks/types.js';
import { readCombinationShares, tvBetween } from '../../../src/validate/distributions.js';
import { field, type } from './memory-session.js';

const colors = type('array', 'text[]', { element: type('string', 'text'), dimensions: 1 });

function summarize(values: readonly Value[], overrides = DEFAULT_PRIVACY.overrides) {
  const accumulator = createAccumulator('colors', colors, DEFAULT_PRIVACY.k);
  for (const value of values) accumulator.add(value);
  return filterField(
    accumulator.finish(),
    { path: 'shop.products.colors' },
    { ...DEFAULT_PRIVACY, overrides },
  );
}

function recipeFor(values: readonly Value[]): GeneratorRecipe {
  return chooseRecipe(summarize(values), {
    field: field('colors', colors),
    keys: [],
    soleKey: false,
    declaredUnique: false,
  });
}

/** 600 arrays: three combinations seen often, one seen 5 times (under k = 10). */
const MEASURED: Value[] = [
  ...Array.from({ length: 300 }, () => ['Red']),
  ...Array.from({ length: 200 }, () => ['Red', 'Blue']),
  ...Array.from({ length: 95 }, () => ['Green', 'Blue', 'Black']),
  ...Array.from({ length: 5 }, () => ['Blue', 'Black']),
];

function generate(recipe: GeneratorRecipe, rows: number, element?: FieldTask): Value[] {
  const task: FieldTask = {
    name: 'colors',
    type: {
      logical: 'array',
      native: 'text[]',
      element: { logical: 'string', native: 'text' },
      dimensions: 1,
    },
    nullable: false,
    generator: recipe,
    ...(element === undefined ? {} : { element }),
  };
  const context = {
    seed: 1,
    key: 7,
    rows,
    pools: createPoolRegistry(1),
    where: 'shop.products.colors',
    stratified: true,
  };
  const value = compileFieldValue(task, context, false);
  const random = new StreamRandom();
  return Array.from({ length: rows }, (_, index) => value(random.reset(3, index), index));
}

const ELEMENT: FieldTask = {
  name: '[]',
  type: { logical: 'string', native: 'text' },
  nullable: false,
  generator: { kind: 'categorical', weights: { Red: 0.4, Blue: 0.3, Green: 0.2, Black: 0.1 } },
};

describe('array combinations', () => {
  it('are measured with the arrays that repeat an element, and kept only when seen k times', () => {
    const summary = summarize([...MEASURED, ['Red', 'Red'], null]);
    expect(summary.stats.repeats).toBeCloseTo(1 / 601, 4);
    expect(summary.kept.map((entry) => entry.value)).toEqual([
      '["Red"]',
      '["Red","Blue"]',
      '["Green","Blue","Black"]',
    ]);
  });

  it('become the array recipe, with distinct elements when none repeated', () => {
    const recipe = recipeFor(MEASURED);
    expect(recipe).toMatchObject({
      kind: 'array',
      combinations: [
        [['Red'], 0.5],
        [['Red', 'Blue'], 0.3333],
        [['Green', 'Blue', 'Black'], 0.1583],
      ],
      distinct: true,
    });
    expect(recipeFor([...MEASURED, ['Red', 'Red']])).not.toHaveProperty('distinct');
  });

  it('are not kept when the elements are personal', () => {
    const summary = summarize(MEASURED, [{ match: 'shop.products.colors[]', personal: true }]);
    expect(summary.kept).toEqual([]);
    expect(summary.stats.top).toBeUndefined();
  });

  it('are drawn at their shares; the rest never repeats an element nor equals a kept combination', () => {
    const recipe = recipeFor(MEASURED);
    const values = generate(recipe, 6000, ELEMENT);
    const counts = new Map<string, number>();
    for (const value of values)
      counts.set(JSON.stringify(value), (counts.get(JSON.stringify(value)) ?? 0) + 1);
    expect((counts.get('["Red"]') ?? 0) / 6000).toBeCloseTo(0.5, 2);
    expect((counts.get('["Red","Blue"]') ?? 0) / 6000).toBeCloseTo(0.3333, 2);
    const rest = values.filter(
      (value) => !['["Red"]', '["Red","Blue"]', '["Green","Blue","Black"]'].includes(JSON.stringify(value)),
    );
    expect(rest.length / 6000).toBeCloseTo(0.0084, 2);
    for (const value of values) {
      const items = value as readonly Value[];
      expect(new Set(items).size).toBe(items.length);
    }
  });

  it('keep their shares when every short array is kept and the rest are only long ones', () => {
    // Tags drawn with replacement, zero to three of three: every array of up to two tags is frequent enough
    // to be kept, so the rest are arrays of three tags; drawn from the lengths of all arrays, a rest array is
    // mostly empty or short, a kept one (their shares grew by 0.04 in the MongoDB round trip).
    const tags = ['a', 'b', 'c'];
    const short: Value[][] = [
      [],
      ...tags.map((tag) => [tag]),
      ...tags.flatMap((x) => tags.map((y) => [x, y])),
    ];
    const combinations: [string[], number][] = short.map((values) => [
      values as string[],
      values.length === 0 ? 0.25 : values.length === 1 ? 0.25 / 3 : 0.25 / 9,
    ]);
    const recipe: GeneratorRecipe = {
      kind: 'array',
      length: { min: 0, p5: 0, p50: 1, p95: 3, max: 3 },
      combinations,
    };
    const element: FieldTask = {
      ...ELEMENT,
      generator: { kind: 'categorical', weights: { a: 0.34, b: 0.33, c: 0.33 } },
    };
    const values = generate(recipe, 6000, element).map((value) => JSON.stringify(value));
    const kept = new Set(short.map((value) => JSON.stringify(value)));
    expect(values.filter((value) => value === '[]').length).toBe(1500);
    expect(values.filter((value) => !kept.has(value)).length / 6000).toBeCloseTo(0.25, 2);
  });

  it('without combinations, a distinct recipe still builds arrays without repeats', () => {
    const values = generate({ kind: 'array', length: { p50: 3, max: 4 }, distinct: true }, 500, ELEMENT);
    expect(values.every((value) => new Set(value as Value[]).size === (value as Value[]).length)).toBe(true);
    const repeating = generate({ kind: 'array', length: { p50: 3, max: 4 } }, 500, ELEMENT);
    expect(repeating.some((value) => new Set(value as Value[]).size < (value as Value[]).length)).toBe(true);
  });

  it('are compared by array-tv: kept combinations and the rest', () => {
    const expected = recipeFor(MEASURED);
    const fieldOf = (generator: GeneratorRecipe): FieldTask => ({
      name: 'colors',
      type: { logical: 'array', native: 'text[]' },
      nullable: false,
      generator,
      stats: { count: 600, nulls: 0 },
    });
    const same = readCombinationShares(fieldOf(expected), 10)!;
    expect(tvBetween(same, same)).toBe(0);
    const none = readCombinationShares(fieldOf({ kind: 'array', length: { p50: 2 } }), 10)!;
    expect(tvBetween(same, none)).toBeGreaterThan(0.9);
  });
});
