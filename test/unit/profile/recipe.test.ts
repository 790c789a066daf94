import { describe, expect, it } from 'vitest';
import type { Field } from '../../../src/catalog/model.js';
import type { Value } from '../../../src/catalog/values.js';
import { createAccumulator } from '../../../src/profile/measure/accumulators/index.js';
import { DEFAULT_PRIVACY, filterField } from '../../../src/profile/privacy/privacy.js';
import { chooseRecipe, type RecipeContext } from '../../../src/profile/write/recipe.js';
import { field, type } from './memory-session.js';

function recipeFor(catalogField: Field, values: readonly Value[], context: Partial<RecipeContext> = {}) {
  const accumulator = createAccumulator(catalogField.name, catalogField.type, DEFAULT_PRIVACY.k);
  for (const value of values) accumulator.add(value);
  const summary = filterField(
    accumulator.finish(),
    { path: `public.t.${catalogField.name}` },
    DEFAULT_PRIVACY,
  );
  return chooseRecipe(summary, {
    field: catalogField,
    keys: [],
    soleKey: false,
    declaredUnique: false,
    ...context,
  });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('recipe choice', () => {
  it('writes a pattern of words as words: a format of letters and spaces is no code', () => {
    // classicmodels' job titles: one frequent, the others seen once each (never kept).
    const titles = ['Sales Rep', 'President', 'VP Sales', 'VP Marketing', 'Sales Manager', 'Sales Manager'];
    const values = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? titles[1 + (i % 5)]! : titles[0]!));
    const summary = recipeFor(field('jobTitle', type('string', 'varchar')), values);
    expect(summary.kind).toBe('categorical');
    expect(summary.kind === 'categorical' ? summary.other?.pattern : 'none').toBeUndefined();
    const syllable = (i: number) => `${'bcdfghjklm'[i % 10]}${'aeiou'[((i / 10) | 0) % 5]}`;
    const names = Array.from(
      { length: 200 },
      (_, i) => `${syllable(i).toUpperCase()}${syllable(i * 7)}${syllable(i * 13)}`,
    );
    expect(recipeFor(field('name', type('string', 'text')), names).kind).toBe('text');
    // Codes of capitals stay patterns.
    const codes = Array.from(
      { length: 200 },
      (_, i) => `${'ABCDEFGHIJ'[i % 10]}${'KLMNOPQRST'[((i / 10) % 10) | 0]}X`,
    );
    expect(recipeFor(field('code', type('string', 'text')), codes)).toMatchObject({ kind: 'pattern' });
  });

  it('gives a rising integer primary key a sequence', () => {
    const recipe = recipeFor(field('id', type('integer', 'bigint')), range(500), {
      keys: ['primary'],
      soleKey: true,
    });
    expect(recipe).toMatchObject({ kind: 'sequence', start: 1, step: 1, unique: true });
  });

  it('starts a sequence at three significant digits of its low end, not one', () => {
    const orders = range(830).map((i) => 10247 + i);
    const recipe = recipeFor(field('id', type('integer', 'integer')), orders, {
      keys: ['primary'],
      soleKey: true,
    });
    expect(recipe).toMatchObject({ kind: 'sequence', start: 10200 });
  });

  it('counts rising unique numbers only when they leave few gaps, unless they are the key', () => {
    const votes = range(1500).map((i) => 63 + i * 37);
    expect(recipeFor(field('votes', type('integer', 'integer')), votes)).toMatchObject({
      kind: 'histogram',
      unique: true,
    });
    const counter = range(1500).map((i) => 1000 + i + Math.floor(i / 10));
    expect(recipeFor(field('ticket', type('integer', 'integer')), counter)).toMatchObject({
      kind: 'sequence',
      start: 1000,
    });
    expect(
      recipeFor(field('id', type('integer', 'integer')), votes, { keys: ['primary'], soleKey: true }),
    ).toMatchObject({ kind: 'sequence' });
  });

  it('rounds a float histogram to the decimals measured', () => {
    const freight = range(1000).map((i) => Math.round(((i * 7919) % 1000) * 1.37 + 1) / 100);
    const recipe = recipeFor(field('freight', type('float', 'real')), freight);
    expect(recipe).toMatchObject({ kind: 'histogram', scale: 2 });
  });

  it('gives frequent values a categorical recipe with an other bucket for the rare ones', () => {
    const values = [...Array(60).fill('shipped'), ...Array(30).fill('paid'), 'weird-1', 'weird-2'];
    const recipe = recipeFor(field('status', type('string', 'text')), values);
    expect(recipe.kind).toBe('categorical');
    if (recipe.kind !== 'categorical') return;
    expect(Object.keys(recipe.weights).sort()).toEqual(['paid', 'shipped']);
    expect(recipe.other?.share).toBeCloseTo(2 / 92, 3);
  });

  it('keeps every enum label seen, even rarely, since labels are schema', () => {
    const enumType = type('enum', 'order_status', { labels: ['open', 'closed', 'lost'] });
    const accumulator = createAccumulator('state', enumType, 10);
    for (const value of [...Array(50).fill('open'), 'lost']) accumulator.add(value);
    const summary = filterField(
      accumulator.finish(),
      { path: 'public.t.state', schemaLiterals: enumType.labels! },
      DEFAULT_PRIVACY,
    );
    const recipe = chooseRecipe(summary, {
      keys: [],
      soleKey: false,
      declaredUnique: false,
      labels: enumType.labels!,
    });
    expect(recipe.kind).toBe('categorical');
    if (recipe.kind === 'categorical') expect(Object.keys(recipe.weights).sort()).toEqual(['lost', 'open']);
  });

  it('gives continuous numbers and timestamps a histogram', () => {
    const prices = range(1000).map((i) => ((i * 7919) % 1000) + 0.5);
    const recipe = recipeFor(
      field('price', type('decimal', 'numeric(10,2)', { scale: 2 })),
      prices.map(String),
      { scale: 2 },
    );
    expect(recipe).toMatchObject({ kind: 'histogram', scale: 2 });
    const times = range(400).map((i) =>
      new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 400) * 3_600_000 * 7).toISOString(),
    );
    const timeRecipe = recipeFor(field('created_at', type('timestamptz')), times);
    expect(timeRecipe.kind).toBe('histogram');
    if (timeRecipe.kind === 'histogram') expect(typeof timeRecipe.bins[0]?.[0]).toBe('string');
  });

  it('gives personal fields a semantic recipe and no literals', () => {
    const emails = range(200).map((i) => `user${i}@mail${i % 3}.com`);
    const recipe = recipeFor(field('email', type('string', 'text')), emails);
    expect(recipe).toMatchObject({ kind: 'semantic', semantic: 'email' });
  });

  it('uses references, booleans, uuids, constants, nulls and database-generated values', () => {
    expect(
      recipeFor(field('customer_id', type('integer')), range(50), {
        reference: { dataset: 'public.customers', field: 'id' },
      }),
    ).toMatchObject({
      kind: 'reference',
      dataset: 'public.customers',
      field: 'id',
    });
    const flags = recipeFor(field('active', type('boolean')), [
      ...Array(30).fill(true),
      ...Array(10).fill(false),
    ]);
    expect(flags).toMatchObject({ kind: 'boolean' });
    if (flags.kind === 'boolean') expect(flags.true_share).toBeCloseTo(0.75, 4);
    expect(
      recipeFor(
        field('id', type('uuid')),
        range(20).map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
      ).kind,
    ).toBe('uuid');
    expect(recipeFor(field('kind', type('string')), Array(40).fill('retail'))).toMatchObject({
      kind: 'constant',
      value: 'retail',
    });
    expect(recipeFor(field('gone', type('string')), [null, null]).kind).toBe('null');
    expect(recipeFor(field('total', type('integer'), { generated: 'a + b' }), range(10)).kind).toBe(
      'database',
    );
  });

  it('marks a reference unique only when a key says so, not because a sample saw each parent once', () => {
    const reference = { dataset: 'public.customers', field: 'id' };
    const seenOnce = recipeFor(field('customer_id', type('integer')), range(500), { reference });
    expect(seenOnce).toMatchObject({ kind: 'reference' });
    expect(seenOnce.unique).toBeUndefined();
    const declared = recipeFor(field('customer_id', type('integer')), range(500), {
      reference,
      declaredUnique: true,
    });
    expect(declared).toMatchObject({ kind: 'reference', unique: true });
  });

  it('describes free text by its length', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
    const values = range(300).map((i) =>
      `${words[i % 8]} ${words[(i * 3) % 8]}, ${words[(i * 5) % 7]}! ${i}`.repeat(1 + (i % 3)),
    );
    const recipe = recipeFor(field('remark', type('string', 'text')), values);
    expect(['text', 'pattern', 'semantic']).toContain(recipe.kind);
  });
});
