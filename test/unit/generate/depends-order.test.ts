import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { createGeneration } from '../../../src/generate/engine.js';
import { orderDependsRules } from '../../../src/generate/rows/depends-order.js';
import { countConflicts, depends, ordersWith, SHIPPING } from './shipping-profile.js';
import { profileOf } from './shop-profile.js';

describe('orderDependsRules', () => {
  it('sets each dependent once, from the determinant the others determine, determinants first', () => {
    const ordered = orderDependsRules(SHIPPING).map((rule) => `${rule.fields[0]} -> ${rule.determines}`);
    expect(ordered).toEqual([
      'ship_name -> ship_address',
      'ship_address -> ship_postal_code',
      'ship_postal_code -> ship_city',
      'ship_city -> ship_country',
    ]);
  });

  it('runs a rule after the rule that sets its determinant, whatever their order in the file', () => {
    const ordered = orderDependsRules([depends('b', 'c'), depends('a', 'b')]);
    expect(ordered.map((rule) => rule.determines)).toEqual(['b', 'c']);
  });

  it('drops one rule of a cycle', () => {
    const ordered = orderDependsRules([depends('a', 'b'), depends('b', 'a'), depends('b', 'c')]);
    expect(ordered.map((rule) => `${rule.fields[0]} -> ${rule.determines}`)).toEqual(['a -> b', 'b -> c']);
  });

  it('keeps every rule of a field several rules determine in generated rows, row by row and by columns', async () => {
    const generation = createGeneration(profileOf([ordersWith(SHIPPING)]), { seed: 5 });
    const rows: Row[] = [];
    for await (const batch of generation.batches('public.orders')) rows.push(...batch);
    expect(rows).toHaveLength(3000);
    const none = Object.fromEntries(SHIPPING.map((rule) => [`${rule.fields[0]} -> ${rule.determines}`, 0]));
    expect(countConflicts(rows, SHIPPING)).toEqual(none);
    const fromColumns: Row[] = [];
    for await (const batch of generation.columnBatches('public.orders'))
      for (let offset = 0; offset < batch.length; offset++)
        fromColumns.push(
          Object.fromEntries(batch.fields.map((name, at) => [name, batch.columns[at]![offset]!])),
        );
    expect(fromColumns).toEqual(rows);
  });

  it("leaves a row whose determinant is null to the field's own values, row by row and by columns", async () => {
    // A mostly-null determinant: drawn from one stream for all its null rows, the country would be null in
    // all of them or in none, instead of half of them.
    const orders = ordersWith([depends('ship_name', 'ship_country')]);
    const fields = orders.fields.map((field) =>
      field.name === 'ship_name' || field.name === 'ship_country'
        ? {
            ...field,
            nullable: true,
            generator: { ...field.generator, nulls: field.name === 'ship_name' ? 0.8 : 0.5 },
          }
        : field,
    );
    const generation = createGeneration(profileOf([{ ...orders, fields }]), { seed: 5 });
    const nullShare = (values: unknown[]) => values.filter((value) => value === null).length / values.length;
    const rows: Row[] = [];
    for await (const batch of generation.batches('public.orders')) rows.push(...batch);
    expect(nullShare(rows.map((row) => row.ship_country))).toBeCloseTo(0.5, 1);
    const countries: unknown[] = [];
    for await (const batch of generation.columnBatches('public.orders'))
      countries.push(...batch.columns[batch.fields.indexOf('ship_country')]!.slice(0, batch.length));
    expect(countries).toEqual(rows.map((row) => row.ship_country));
  });

  it("takes a dependent from another of its rules where the chosen rule's determinant is null", async () => {
    const rules = [depends('ship_city', 'ship_postal_code'), depends('ship_city', 'ship_country')];
    rules.push(depends('ship_postal_code', 'ship_country'));
    const ordered = orderDependsRules(rules);
    const country = ordered.find((rule) => rule.determines === 'ship_country');
    expect(country?.fields).toEqual(['ship_postal_code']);
    expect(country?.fallbacks.map((rule) => rule.fields[0])).toEqual(['ship_city']);
    // A postal code that is often null: the country still follows the city there.
    const orders = ordersWith(rules);
    const fields = orders.fields.map((field) =>
      field.name === 'ship_postal_code'
        ? {
            ...field,
            nullable: true,
            generator: { kind: 'categorical' as const, weights: { '1000': 1, '2000': 1 }, nulls: 0.5 },
          }
        : field,
    );
    const generation = createGeneration(profileOf([{ ...orders, fields }]), { seed: 5 });
    const rows: Row[] = [];
    for await (const batch of generation.batches('public.orders')) rows.push(...batch);
    const withCode = rows.filter((row) => row.ship_postal_code !== null);
    expect(withCode.length).toBeGreaterThan(0);
    expect(withCode.length).toBeLessThan(rows.length);
    expect(countConflicts(rows, [depends('ship_city', 'ship_country')])).toEqual({
      'ship_city -> ship_country': 0,
    });
    expect(countConflicts(withCode, [depends('ship_postal_code', 'ship_country')])).toEqual({
      'ship_postal_code -> ship_country': 0,
    });
  });
});
