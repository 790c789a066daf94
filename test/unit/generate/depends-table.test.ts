import { describe, expect, it } from 'vitest';
import { createDependsTable } from '../../../src/generate/rows/depends-table.js';
import type { FieldTask, GeneratorRecipe } from '../../../src/tasks/types.js';

function field(name: string, generator: GeneratorRecipe): FieldTask {
  return { name, type: { logical: 'string', native: 'text' }, nullable: false, generator };
}

describe('depends tables', () => {
  it('give each determinant value one dependent value and keep the dependent shares', () => {
    const cities = { Berlin: 0.2, Paris: 0.15, London: 0.12, Hamburg: 0.1, Lyon: 0.08, Leeds: 0.05 };
    const city = field('city', { kind: 'categorical', weights: { ...cities, Austin: 0.3 } });
    const country = field('country', {
      kind: 'categorical',
      weights: { US: 0.3, DE: 0.3, FR: 0.23, GB: 0.17 },
    });
    const table = createDependsTable(city, country)!;
    expect(table.size).toBe(7);
    const shares = new Map<string, number>();
    for (const [name, weight] of Object.entries({ ...cities, Austin: 0.3 }))
      shares.set(String(table.get(name)), (shares.get(String(table.get(name))) ?? 0) + weight);
    for (const [code, share] of [
      ['US', 0.3],
      ['DE', 0.3],
      ['FR', 0.23],
      ['GB', 0.17],
    ] as const)
      expect(Math.abs((shares.get(code) ?? 0) - share)).toBeLessThan(0.05);
  });

  it('keeps the measured pairs and matches the other determinant values by share', () => {
    const city = field('city', {
      kind: 'categorical',
      weights: { Paris: 0.3, London: 0.25, Houston: 0.2, Hamburg: 0.15, Lyon: 0.1 },
    });
    const country = field('country', {
      kind: 'categorical',
      weights: { US: 0.3, DE: 0.3, FR: 0.25, GB: 0.15 },
    });
    const table = createDependsTable(city, country, { Paris: 'FR', London: 'GB', Houston: 'US' })!;
    expect(Object.fromEntries(table)).toMatchObject({ Paris: 'FR', London: 'GB', Houston: 'US' });
    // DE is furthest below its share once the pairs are placed: both rarer cities go there.
    expect(table.get('Hamburg')).toBe('DE');
    expect(table.size).toBe(5);
    // A pair naming a value the dependent does not generate is not followed.
    expect(createDependsTable(city, country, { Lyon: 'IT' })!.get('Lyon')).not.toBe('IT');
  });

  it('does not apply to fields that are not both categorical, or a dependent with nulls', () => {
    const city = field('city', { kind: 'categorical', weights: { Berlin: 1 } });
    expect(createDependsTable(city, field('n', { kind: 'text', length: { p50: 5 } }))).toBeUndefined();
    expect(
      createDependsTable(city, field('c', { kind: 'categorical', weights: { DE: 1 }, nulls: 0.1 })),
    ).toBeUndefined();
  });
});
